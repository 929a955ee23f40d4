"""The shipped knowledge base keeps the rules of data/gazetteer/README.md: unique ids and surface forms,
references that point at entries of the right kind, valid country codes, a source for every new entry."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from riskgraph.ingest.gazetteer import Gazetteer, load_gazetteer

GAZETTEER = Path(__file__).resolve().parents[2] / "data" / "gazetteer"
ORGANISATIONS = {"Company", "GovernmentBody"}
# files written before entries carried a `source` key (their sources are in the README)
FILES_WITHOUT_SOURCE = {"companies.yaml", "government.yaml", "jurisdictions.yaml", "people.yaml", "products.yaml",
                        "regulations.yaml"}


@pytest.fixture(scope="module")
def kb() -> Gazetteer:
    return load_gazetteer(GAZETTEER)


def test_thousands_of_entries(kb: Gazetteer) -> None:
    assert len(kb.entries) >= 2000


def test_references_point_at_entries_of_the_right_kind(kb: Gazetteer) -> None:
    entries = kb.entries
    problems = []
    for e in entries.values():
        checks = [("parent", e.parent, ORGANISATIONS), ("employer", e.employer, ORGANISATIONS),
                  ("issued_by", e.issued_by, ORGANISATIONS), ("provided_by", e.provided_by, ORGANISATIONS),
                  ("seat_of", e.seat_of, {"Jurisdiction"}), ("government_of", e.government_of, {"Jurisdiction"})]
        checks += [("provider_of", p, {"Product"}) for p in e.provider_of]
        for key, ref, kinds in checks:
            if ref is not None and (ref not in entries or entries[ref].type not in kinds):
                problems.append(f"{e.id}.{key} -> {ref}")
    assert problems == []


def test_no_parent_cycles(kb: Gazetteer) -> None:
    for e in kb.entries.values():
        seen, node = set(), e
        while node.parent:
            assert node.id not in seen, f"parent cycle through {node.id}"
            seen.add(node.id)
            node = kb.entries[node.parent]


def test_every_surface_form_belongs_to_one_entry(kb: Gazetteer) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in kb.entries.values():
        for form in (e.name, *e.aliases, *e.demonyms):
            owners[form.casefold()].add(e.id)
        for form in e.abbreviations:
            owners["abbreviation:" + form].add(e.id)
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


def test_country_codes_are_iso_3166_or_eu(kb: Gazetteer) -> None:
    codes = {c.alpha_2 for c in pycountry.countries} | {"EU"}
    assert [e.id for e in kb.entries.values() if (e.country and e.country not in codes)
            or (e.iso and e.iso not in codes)] == []


def test_new_entries_name_their_source() -> None:
    import yaml

    missing = []
    for path in sorted(GAZETTEER.glob("*.yaml")):
        if path.name in FILES_WITHOUT_SOURCE:
            continue
        missing += [f"{path.name}:{raw['id']}" for raw in yaml.safe_load(path.read_text(encoding="utf-8"))
                    if not raw.get("source")]
    assert missing == []


def test_every_jurisdiction_with_a_code_has_a_government(kb: Gazetteer) -> None:
    governed = {e.government_of for e in kb.entries.values() if e.government_of}
    assert [e.id for e in kb.entries.values() if e.type == "Jurisdiction" and e.iso and e.id not in governed] == []
