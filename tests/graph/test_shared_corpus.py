"""Opt-in (``pytest --shared-corpus``): extraction on the client's corpus beside a development checkout
stays at or above the figures the project has reached (``riskgraph eval ../shared/corpus``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from riskgraph.graph.evaluate import evaluate

pytestmark = pytest.mark.shared_corpus

FLOORS = {"entities": 0.92, "relations": 0.75, "events": 0.65}


def test_extraction_on_the_shared_corpus_keeps_its_scores(pipeline, corpus_dir: Path) -> None:
    report = evaluate(corpus_dir, pipeline)
    assert not [d.doc for d in report.documents if d.error]
    reached = {kind: round(report.total(kind).f1, 2) for kind in FLOORS}
    assert all(reached[kind] >= floor for kind, floor in FLOORS.items()), reached
