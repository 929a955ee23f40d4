"""What to look at first: new happenings reaching watched entities, score jumps, new contradictions."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from riskgraph.graph.alerts import alerts
from riskgraph.graph.exposure import analyse
from riskgraph.graph.exposure_model import load_exposure_model
from riskgraph.graph.lookup import find_entity
from riskgraph.graph.projection import projection_for
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist

W51 = (date(2023, 12, 18), date(2023, 12, 24))


def test_the_week_s_new_happenings_reach_the_watchlist_with_their_sources(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        found = alerts(store, projection_for(store), load_watchlist(), *W51)
    new = [a for a in found if a.kind == "new happening"]
    assert ("ByteDance", "Suspension by OpenAI of ByteDance") in {(a.entity_label, a.title) for a in new}
    assert all(a.source.get("text") and a.source.get("title") for a in new)
    assert all(W51[0].isoformat() <= a.when <= W51[1].isoformat() for a in new)
    assert [a.severity for a in found] == sorted((a.severity for a in found), reverse=True)


def test_a_score_jump_is_an_alert_with_its_numbers(demo_store: Path) -> None:
    watchlist = load_watchlist()
    model = load_exposure_model()
    with Store(demo_store, read_only=True) as store:
        projection = projection_for(store)
        iri = str(find_entity(store, "ByteDance"))
        before = model.score(analyse(projection, iri, as_of=date(2023, 12, 17), top=0, watchlist=watchlist).score)
        after = model.score(analyse(projection, iri, as_of=W51[1], top=0, watchlist=watchlist).score)
        assert after - before >= 10
        found = alerts(store, projection, watchlist, *W51, threshold=10)
        quiet = alerts(store, projection, watchlist, *W51, threshold=100)
    [jump] = [a for a in found if a.kind == "score jump" and a.entity_label == "ByteDance"]
    assert jump.title == f"ByteDance's exposure score rose from {before} to {after}"
    assert jump.severity == after - before
    assert not [a for a in quiet if a.kind == "score jump"]


def test_the_command_prints_one_json_object_per_alert(rg_process, demo_store: Path) -> None:
    result = rg_process("alerts", "--since", "2023-12-18", "--until", "2023-12-24", "--json", "--store", demo_store)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines and all(json.loads(line)["kind"] in ("new happening", "score jump", "contradiction") for line in lines)
    week = rg_process("alerts", "--week", "2023-W51", "--json", "--store", demo_store)
    assert week.returncode == 0 and week.stdout == result.stdout  # an ISO week is Monday to Sunday


def test_the_command_asks_for_a_window_in_one_line(cli, demo_store: Path) -> None:
    for args, message in (((), "--week YYYY-Www, or --since YYYY-MM-DD"),
                          (("--week", "2023-W51", "--since", "2023-12-01"), "either --week or --since"),
                          (("--week", "2023-W99"), "2023 has no week 99")):
        result = cli("alerts", "--store", demo_store, *args)
        assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
