"""An event as a frame finds it, before completion: one per trigger word."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from riskgraph.ingest.components.lexicon_schema import EventFrame


@dataclass
class RawEvent:
    """An event trigger with its arguments; completed and merged by the events component."""

    cls: str
    trigger: Token
    frame: EventFrame = field(repr=False)
    actors: list[str]
    targets: list[str]
    cause: str | None
    concerns: list[str]
    status: str | None
    confidence: float
    modality: str = "asserted"
    actor_unnamed: bool = False  # the text names an actor the extraction could not resolve ("Arm sued ...")
    actor_place: str | None = None  # ... as a place or a body of that place ("Italy's regulator", "Beijing")
