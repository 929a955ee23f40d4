"""The claim calculus: how the claims about one statement or event combine into its support.

A claim supports its statement with ``supportWeight x confidence`` of its modality (asserted,
reported, hedged); a denial or a negation is counter-evidence: it multiplies the support by
``1 - counterWeight x confidence`` and is never evidence for a path. A statement with both kinds
of claim is contested. The weights and the status rules are data (``ontology/claims.ttl``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph

from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.namespace import RG
from riskgraph.ontology.vocabulary import ontology_path

CLAIMS_TTL = ontology_path().with_name("claims.ttl")


@dataclass(frozen=True)
class Support:
    """What the claims of one statement add up to."""

    value: float  # in [0, 1]
    contested: bool  # some claims support it, others deny or negate it
    positive: int  # how many claims support it


@dataclass(frozen=True)
class ClaimRules:
    support_weight: dict[str, float]
    counter_weight: dict[str, float]
    default_status: str
    denial_status: str

    def is_negative(self, modality: str, status: str | None = None) -> bool:
        """A claim that speaks against its statement: a counter modality, or a report of a denial."""
        return modality in self.counter_weight or status == self.denial_status

    def support(self, claims: Iterable[tuple[str, float]]) -> Support:
        """``claims`` as (modality, confidence) pairs."""
        missing, counter, positive, negative = 1.0, 1.0, 0, 0
        for modality, confidence in claims:
            if modality in self.counter_weight:
                counter *= 1.0 - self.counter_weight[modality] * confidence
                negative += 1
            else:
                missing *= 1.0 - self.support_weight.get(modality, 1.0) * confidence
                positive += 1
        return Support(round((1.0 - missing) * counter, 4), bool(positive and negative), positive)

    def current_status(self, steps: list[tuple[str | None, bool]]) -> str:
        """The status now, from the reports' (status, negative) oldest first."""
        supporting = [status for status, negative in steps if not negative]
        if not supporting:
            return self.denial_status
        given = [status for status in supporting if status and status != self.denial_status]
        return given[-1] if given else self.default_status

    def step_status(self, status: str | None, modality: str) -> str:
        """The status one report adds to an event's history."""
        if self.is_negative(modality, status):
            return self.denial_status
        return status or self.default_status


@cache
def load_claim_rules(path: Path = CLAIMS_TTL) -> ClaimRules:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError) as exc:
        raise ConfigError(f"{path}: cannot read the claim rules: {exc}") from None
    support, counter = {}, {}
    for rule in graph.subjects(predicate=RG.modalityValue):
        modality = str(graph.value(rule, RG.modalityValue))
        if (weight := graph.value(rule, RG.supportWeight)) is not None:
            support[modality] = float(weight.toPython())
        if (weight := graph.value(rule, RG.counterWeight)) is not None:
            counter[modality] = float(weight.toPython())
    policy = next(iter(graph.subjects(predicate=RG.defaultStatus)), None)
    if policy is None:
        raise ConfigError(f"{path}: no rg:ClaimPolicy with rg:defaultStatus")
    return ClaimRules(support, counter, str(graph.value(policy, RG.defaultStatus)),
                      str(graph.value(policy, RG.denialStatus)))
