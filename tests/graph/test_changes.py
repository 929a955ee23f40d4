"""What is new in a window (riskgraph.graph.changes), on the real demo store: documents by
publication date, first-seen entities and relations, cited events, contradictions, exposure moves."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from rdflib import URIRef

from riskgraph.graph.changes import (
    Labels,
    WindowReader,
    exposure_change,
    new_entities,
    new_relations,
    window_documents,
    window_events,
)
from riskgraph.graph.contradictions import contradictions
from riskgraph.graph.exposure import ExposurePath, analyse
from riskgraph.graph.lookup import find_entity
from riskgraph.graph.projection import projection_for
from riskgraph.graph.report import Window, iso_week, last_complete_week, window_between
from riskgraph.graph.store import Store
from riskgraph.graph.watchlist import load_watchlist
from riskgraph.ontology.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
RG = "https://w3id.org/riskgraph#"
# documents per ISO week, from the samples' front-matter dates (data/samples/README.md)
PER_WEEK = {"2023-W49": 3, "2023-W50": 3, "2023-W51": 3, "2023-W52": 3, "2024-W01": 3}


def sample_front_matter() -> list[dict]:
    out = []
    for path in sorted(SAMPLES.glob("*.md")):
        if path.name != "README.md":
            out.append(yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]))
    return out


@pytest.fixture(scope="module")
def store(demo_store: Path) -> Store:
    return Store(demo_store, read_only=True)


@pytest.fixture(scope="module")
def labels(store: Store) -> Labels:
    return Labels(projection_for(store))


def test_window_helpers() -> None:
    assert iso_week("2023-W51") == Window(date(2023, 12, 18), date(2023, 12, 24))
    assert iso_week("2023w51") == iso_week("2023-W51")
    assert iso_week("2024-W01") == Window(date(2024, 1, 1), date(2024, 1, 7))
    assert iso_week("2023-W51").label == "2023-W51"
    assert last_complete_week(date(2024, 1, 3)) == Window(date(2023, 12, 25), date(2023, 12, 31))
    assert last_complete_week(date(2024, 1, 1)) == Window(date(2023, 12, 25), date(2023, 12, 31))
    assert last_complete_week(date(2023, 12, 31)) == Window(date(2023, 12, 18), date(2023, 12, 24))
    other = window_between(date(2023, 12, 20), date(2023, 12, 31))
    assert other.label == "2023-12-20 to 2023-12-31" and other.slug == "2023-12-20_2023-12-31"
    assert other.previous_end == date(2023, 12, 19)
    for bad in ("2023-51", "W51", "2023-W54", "2023-W00"):
        with pytest.raises(ConfigError):
            iso_week(bad)
    with pytest.raises(ConfigError):
        window_between(date(2023, 12, 31), date(2023, 12, 1))


def test_documents_per_week_match_the_sample_dates(store: Store) -> None:
    front = sample_front_matter()
    for week, expected in PER_WEEK.items():
        w = iso_week(week)
        docs = window_documents(store, w.since, w.until)
        assert len(docs) == expected, week
        titles = sorted(f["title"] for f in front if w.since <= f["published"] <= w.until)
        assert sorted(d.title for d in docs) == titles
        assert [d.published for d in docs] == sorted(d.published for d in docs)
        assert all(w.since.isoformat() <= d.published <= w.until.isoformat() for d in docs)
    assert sum(PER_WEEK.values()) == len(front) == 15
    # the whole storyline in one window, and nothing before it
    assert len(window_documents(store, date(2023, 12, 4), date(2024, 1, 7))) == 15
    assert window_documents(store, date(2023, 1, 1), date(2023, 12, 3)) == []


def _mentioned_before(store: Store, entity: str, day: date) -> bool:
    q = f"""PREFIX rg: <{RG}>
    ASK {{ GRAPH ?d {{ ?d rg:mentions <{entity}> ; rg:published ?p }} FILTER(STR(?p) < "{day.isoformat()}") }}"""
    return store.ask(q)


def test_new_entities_are_first_mentioned_in_the_window(store: Store, labels: Labels) -> None:
    w = iso_week("2023-W51")
    found = new_entities(WindowReader(store, w.since, w.until, labels))
    assert found, "the OFAC and Kestrel stories introduce new names"
    for e in found:
        assert not _mentioned_before(store, e.iri, w.since), e.label
        assert w.since.isoformat() <= e.first_seen <= w.until.isoformat()
        assert e.documents >= 1 and e.label != e.iri
    # complete: every entity a W51 document mentions is either new or mentioned earlier
    q = f"""PREFIX rg: <{RG}>
    SELECT DISTINCT ?e WHERE {{ GRAPH ?d {{ ?d rg:mentions ?e ; rg:published ?p }}
      FILTER(STR(?p) >= "2023-12-18" && STR(?p) <= "2023-12-24") }}"""
    mentioned = {str(r["e"]) for r in store.select(q)}
    new = {e.iri for e in found}
    assert new <= mentioned
    for iri in mentioned - new:
        assert _mentioned_before(store, iri, w.since)
    # the first week: every entity its documents mention is new
    first = iso_week("2023-W49")
    q49 = q.replace("2023-12-18", "2023-12-04").replace("2023-12-24", "2023-12-10")
    assert {e.iri for e in new_entities(WindowReader(store, first.since, first.until, labels))} == \
        {str(r["e"]) for r in store.select(q49)}


def test_new_relations_are_first_stated_in_the_window_and_cited(store: Store, labels: Labels) -> None:
    w = iso_week("2023-W52")
    docs = {d.iri for d in window_documents(store, w.since, w.until)}
    found = new_relations(WindowReader(store, w.since, w.until, labels))
    assert found
    for r in found:
        earlier = f"""PREFIX rg: <{RG}>
        ASK {{ GRAPH ?d {{ <{r.subject.iri}> <{RG}{r.prop}> <{r.object.iri}> . ?d rg:published ?p }}
               FILTER(STR(?p) < "{w.since.isoformat()}") }}"""
        assert not store.ask(earlier), (r.subject.label, r.prop, r.object.label)
        assert r.citation is not None
        assert r.citation.from_kb or r.citation.document in docs
        assert r.citation.from_kb or r.citation.text


def test_events_cite_sentences_of_their_own_documents(store: Store, labels: Labels) -> None:
    for week in PER_WEEK:
        w = iso_week(week)
        events = window_events(WindowReader(store, w.since, w.until, labels))
        assert events, week
        for e in events:
            assert e.citation is not None and e.citation.text, e.label
            assert e.citation.document == e.document
            text = store.select(f"SELECT ?t WHERE {{ <{e.document}> <{RG}text> ?t }}")[0]["t"]
            assert e.citation.text in str(text)
            assert w.since.isoformat() <= e.published <= w.until.isoformat()
        asserted = [e for e in events if e.modality != "denied"]
        assert [e.severity for e in asserted] == sorted((e.severity for e in asserted), reverse=True)
        assert events[len(asserted):] == [e for e in events if e.modality == "denied"]


def test_contradictions_only_look_back(store: Store, labels: Labels) -> None:
    # 2024-01-05: ByteDance and Kestrel deny a report; OpenAI's suspension of ByteDance was asserted on 12-22
    w01 = iso_week("2024-W01")
    found = contradictions(WindowReader(store, w01.since, w01.until, labels))
    suspension = [c for c in found if c.kind == "event" and c.prop == "Suspension"
                  and c.subject.label == "OpenAI" and c.object.label == "ByteDance"]
    assert suspension, [(c.subject.label, c.prop, c.object.label) for c in found]
    for c in found:
        assert c.denied is not None and c.stated is not None
        assert c.denied.modality in ("denied", "negated") and c.stated.modality in ("asserted", "reported")
        assert max(c.denied.published, c.stated.published) <= w01.until.isoformat()
        assert w01.since.isoformat() <= max(c.denied.published, c.stated.published)
        assert c.denied_count >= 1 and c.stated_count >= 1
    # in 2023-W51 the denial had not been published yet
    w51 = iso_week("2023-W51")
    for c in contradictions(WindowReader(store, w51.since, w51.until, labels)):
        assert c.denied.published <= w51.until.isoformat()
        assert not (c.kind == "event" and c.prop == "Suspension" and c.object.label == "ByteDance")


def test_exposure_change_compares_the_ends_of_two_windows(store: Store) -> None:
    projection = projection_for(store)
    watchlist = load_watchlist()
    bytedance = str(find_entity(store, "ByteDance"))
    w = iso_week("2023-W52")
    change = exposure_change(store, projection, bytedance, w.since, w.until, watchlist)
    before = analyse(projection, bytedance, as_of=w.since - timedelta(days=1), top=0, watchlist=watchlist)
    after = analyse(projection, bytedance, as_of=w.until, top=0, watchlist=watchlist)
    assert (change.before, change.after) == (before.score, after.score)
    assert change.delta == round(after.score - before.score, 4)

    def keys(paths: list[ExposurePath]) -> set[tuple]:
        return {(tuple(p.nodes), tuple((h.prop, h.forward) for h in p.hops)) for p in paths}

    assert change.appeared_count == len(keys(after.paths) - keys(before.paths))
    assert change.disappeared_count == len(keys(before.paths) - keys(after.paths))
    assert change.appeared, "the W52 documents add paths to ByteDance"
    assert [p["score"] for p in change.appeared] == sorted((p["score"] for p in change.appeared), reverse=True)
    for path in change.appeared + change.disappeared:
        assert path["hops"][0]["from"] == bytedance
        for hop in path["hops"]:
            for cite in hop["evidence"]:
                assert cite["published"] is None or cite["published"] <= w.until.isoformat()
    assert any(cite["text"] for p in change.appeared for h in p["hops"] for cite in h["evidence"])
    assert change.top_paths and change.top_paths[0]["score"] == after.paths[0].score
    assert URIRef(bytedance) == find_entity(store, "ByteDance")


def test_report_queries_are_internal_and_project_their_parameters() -> None:
    from riskgraph.graph.queries import named_query
    from riskgraph.graph.report import QUERIES

    for name in QUERIES:
        query = named_query(name)
        if name.startswith("report_"):
            assert query.internal, name
        for param in query.params:
            assert f"?{param}" in query.text.split("WHERE")[0], (name, param)  # projected, so it can be bound
