"""A document's date comes from its metadata, a sidecar, --published or its opening lines; never from
the file's time or the day of ingest. An undated document is stored undated, and said so."""
from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

DATES = """PREFIX rg: <https://w3id.org/riskgraph#>
SELECT ?title ?published ?origin ?retrieved ?event ?date WHERE {
  GRAPH ?d { ?d rg:title ?title ; rg:dateOrigin ?origin .
    OPTIONAL { ?d rg:published ?published } OPTIONAL { ?d rg:retrievedAt ?retrieved }
    OPTIONAL { ?event a rg:RiskEvent } }
  OPTIONAL { ?event rg:date ?date }
}"""


def _rows(rg_process, store: Path) -> list[dict[str, str]]:
    result = rg_process("query", "--store", store, "--format", "json", DATES)
    assert result.returncode == 0, result.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(result.stdout)["results"]["bindings"]]


def test_an_undated_text_is_stored_undated_and_said_so(rg_process, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Undated note\n\nThe Commerce Department added Acme Robotics to the Entity List.\n")
    saved = datetime(2021, 6, 1, 12, tzinfo=UTC).timestamp()
    os.utime(note, (saved, saved))
    store = tmp_path / "store"
    result = rg_process("ingest", "-q", note, "--store", store)
    assert result.returncode == 0, result.stderr
    assert (f"note: {note}: no publication date in its metadata or opening lines; stored undated (its facts carry "
            "no date): give one with --published YYYY-MM-DD or a NAME.meta.json sidecar") in result.stderr
    rows = _rows(rg_process, store)
    assert rows and all("published" not in r and r["origin"] == "unknown" for r in rows)
    assert {r["retrieved"] for r in rows} == {"2021-06-01"}  # kept apart, as the copy's date
    today = date.today().isoformat()
    assert all(r.get("date") != today for r in rows)
    assert any("event" in r for r in rows) and all("date" not in r for r in rows)


def test_a_date_in_the_text_dates_the_document_and_its_event(rg_process, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Listing\n\nOn March 14, 2024, the Commerce Department added Acme Robotics to the Entity List.\n")
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", note, "--store", store).returncode == 0
    rows = _rows(rg_process, store)
    assert {(r["published"], r["origin"]) for r in rows} == {("2024-03-14", "text")}
    assert {r.get("date") for r in rows if "event" in r} == {"2024-03-14"}


def test_published_dates_one_document_and_changes_it(rg_process, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Undated note\n\nThe Commerce Department added Acme Robotics to the Entity List.\n")
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", note, "--store", store).returncode == 0
    again = rg_process("ingest", "-q", note, "--published", "2024-02-02", "--store", store)
    assert again.returncode == 0 and "0 new, 1 updated" in again.stderr
    rows = _rows(rg_process, store)
    assert {(r["published"], r["origin"]) for r in rows} == {("2024-02-02", "given")}
    many = rg_process("ingest", "-q", note, tmp_path, "--published", "2024-02-02", "--store", store)
    assert many.returncode == 1
    assert many.stderr.strip() == ("error: --published dates one document: give one file (for many, use front matter "
                                   "or a NAME.meta.json sidecar beside each)")
