"""A document's entity table finds "a name met before" as a scan of every entity would, in the order
the entities were met, without the scan (a filing naming thousands of firms stays linear)."""
from __future__ import annotations

import random

from riskgraph.ingest.components.state import EntityTable
from riskgraph.ingest.model import Entity

WORDS = ["Tai", "Hang", "Components", "Limited", "Kestrel", "Labs", "Nimbus", "Compute", "Group", "Holdings"]


def _table(names: list[str]) -> EntityTable:
    table = EntityTable()
    for i, name in enumerate(names):
        table[f"org:{i}"] = Entity(key=f"org:{i}", name=name, classes={"Company"})
    return table


def test_continuing_names_are_those_a_scan_finds_in_order() -> None:
    rng = random.Random(3)
    names = [" ".join(rng.choices(WORDS, k=rng.randint(1, 4))) for _ in range(300)]
    table = _table(names)
    del table["org:5"]
    for probe in {" ".join(rng.choices(WORDS, k=rng.randint(1, 3))) for _ in range(200)}:
        scanned = [e for e in table.values() if e.name.startswith(probe + " ")]
        assert table.continuing(probe) == scanned, probe
        ends = [e for e in table.values() if e.name.split()[0] == probe or e.name.split()[-1] == probe]
        assert table.with_end_word(probe) == ends, probe


def test_a_longer_name_met_before_is_found_by_its_leading_words() -> None:
    table = _table(["Tai Hang Components Limited", "Kestrel Labs"])
    assert [e.name for e in table.continuing("Tai Hang")] == ["Tai Hang Components Limited"]
    assert table.continuing("Tai Han") == []  # whole words only
    assert [e.name for e in table.with_end_word("Kestrel")] == ["Kestrel Labs"]
    assert [e.name for e in table.with_end_word("Labs")] == ["Kestrel Labs"]
