"""graph/browse.py and graph/browse_events.py on the demo store: counts, profiles, documents with
offsets that point at their text, and event filters that agree with the graph."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from rdflib import URIRef

from riskgraph.graph import browse, browse_events
from riskgraph.graph.exposure import analyse
from riskgraph.graph.lookup import entity_names, find_entity
from riskgraph.graph.places import country_of
from riskgraph.graph.projection import projection_for
from riskgraph.graph.stats import store_stats
from riskgraph.graph.store import Store

RG = "https://w3id.org/riskgraph#"


@pytest.fixture(scope="module")
def store(demo_store: Path) -> Store:
    return Store(demo_store, read_only=True)


def test_overview_agrees_with_store_stats_and_document_dates(store: Store) -> None:
    info = browse.overview(store)
    stats = store_stats(store)
    assert (info.documents, info.entities, info.events) == (stats.documents, stats.entities, stats.events)
    published = [browse.parse_day(d.published) for d in browse.documents(store)]
    assert info.latest == max(p for p in published if p) == date(2024, 1, 5)
    assert info.week == "2024-W01"
    monday = date(2024, 1, 1)
    week_docs = {d.document for d in browse.documents(store)
                 if monday <= browse.parse_day(d.published) <= monday + timedelta(days=6)}
    reported = {e.event for e in browse_events.events(store) if e.document in week_docs}
    assert info.new_events == len(reported) > 0


def test_entity_profile(store: Store) -> None:
    iri = str(find_entity(store, "ByteDance"))
    profile = browse.entity_profile(store, iri)
    assert profile.label == "ByteDance"
    assert profile.types == ["Company", "Organization"]
    assert ("headquarteredIn", "https://w3id.org/riskgraph/id/china", "China") in profile.jurisdictions
    parent = [r for r in profile.relations if r.property == "parentOf" and r.object_label == "TikTok"]
    assert any(r.from_kb and r.title == "knowledge base" for r in parent)
    for r in profile.relations:
        assert iri in (r.subject, r.object)
        if r.from_kb:
            assert r.sentence == "" and r.start is None
        else:
            assert r.start is not None and r.sentence
    assert {e.role for e in profile.events} <= {"actor", "target", "concerns", "cause"}
    assert any(e.label == "Ban by OpenAI of ByteDance" and e.role == "target" for e in profile.events)
    tiktok = browse.entity_profile(store, str(find_entity(store, "TikTok")))
    assert tiktok.wikidata == ["http://www.wikidata.org/entity/Q48938223"]


def test_document_offsets_point_at_the_text(store: Store) -> None:
    names: dict[str, set[str]] = {}
    for n in entity_names(store):
        names.setdefault(str(n.iri), set()).add(n.name.casefold())
    for ref in browse.documents(store):
        view = browse.document_view(store, ref.document)
        assert view.text.startswith(view.title)
        assert view.mentions and view.facts
        for m in view.mentions:
            surface = view.text[m.start:m.end].casefold()
            assert any(name in surface for name in names[m.entity]), (ref.title, surface)
        for f in view.facts:
            if f.from_kb:
                assert f.start is None and f.sentence == ""
            else:
                assert view.text[f.start:f.end] == f.sentence


def test_event_filters_agree_with_the_graph(store: Store) -> None:
    every = browse_events.events(store)
    count = store.select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{RG}RiskEvent> }}")[0]["n"]
    assert len(every) == int(count)
    bans = browse_events.events(store, type_="Ban")
    assert bans and {e.type for e in bans} == {"Ban"}
    assert len(bans) == sum(1 for e in every if e.type == "Ban")
    start, end = date(2023, 12, 20), date(2023, 12, 31)
    dated = browse_events.events(store, start=start, end=end)
    assert dated and all(start <= e.day <= end for e in dated)
    assert len(dated) == sum(1 for e in every if e.day and start <= e.day <= end)
    openai = str(find_entity(store, "OpenAI"))
    acted = browse_events.events(store, actor=openai)
    assert acted and all(openai in {a for a, _ in e.actors} for e in acted)
    us = next(j for j in browse_events.jurisdictions(store) if j.iso == "US")
    in_us = browse_events.events(store, jurisdiction=us.iri)
    linked = (f"SELECT ?j ?e WHERE {{ {{ ?e <{RG}target>|<{RG}concerns> ?j }} UNION "
              f"{{ ?e (<{RG}target>|<{RG}concerns>)/(<{RG}headquarteredIn>|<{RG}jurisdiction>) ?j }} }}")
    within = browse_events.places_within(store, us.iri)
    assert within[0] == us.iri and all(country_of(p.label) == "US" for p in browse_events.jurisdictions(store)
                                       if p.iri in within[1:])
    expected = {str(r["e"]) for place in within for r in store.select(linked, {"j": URIRef(place)})}
    assert in_us and {e.event for e in in_us} == expected & {e.event for e in every}


def test_events_by_jurisdiction_counts_events_per_target_country(store: Store) -> None:
    values = browse_events.events_by_jurisdiction(store)
    china = next(v for v in values if v.jurisdiction.iso == "CN")
    assert china.jurisdiction.iso3 == "CHN"
    assert china.value == len(browse_events.events(store, jurisdiction=china.jurisdiction.iri))
    assert [v.value for v in values] == sorted((v.value for v in values), reverse=True)


def test_a_city_or_state_is_counted_in_its_country_once_per_event(store: Store) -> None:
    places = browse_events.jurisdictions(store)
    cities = [p for p in places if not p.iso and country_of(p.label) == "CN"]
    assert cities, "the demo store names a Chinese city"
    china = next(v for v in browse_events.events_by_jurisdiction(store) if v.jurisdiction.iso == "CN")
    counted = {e.event for e in browse_events.events(store, jurisdiction=china.jurisdiction.iri)}
    for city in cities:
        counted |= {e.event for e in browse_events.events(store, jurisdiction=city.iri)}
    assert china.value == len(counted)
    listed = {p.jurisdiction.label for p in browse_events.events_by_jurisdiction(store)}
    assert set(china.includes) <= {c.label for c in cities} and not set(china.includes) & listed


def test_exposure_by_jurisdiction_shares_out_the_whole_index(store: Store) -> None:
    projection = projection_for(store)
    result = analyse(projection, str(find_entity(store, "ByteDance")), band=False)
    values, unplaced = browse_events.exposure_by_jurisdiction(store, result.by_source)
    assert sum(v.value for v in values) + unplaced == pytest.approx(result.score, abs=1e-3)
    assert values[0].jurisdiction.iso == "US"


def test_an_event_several_documents_report_links_the_newest(store: Store) -> None:
    published = {d.document: d.published for d in browse.documents(store)}
    rows = store.select("SELECT DISTINCT ?event ?doc WHERE { GRAPH ?doc { ?event a <" + RG + "RiskEvent> } }")
    reporters: dict[str, set[str]] = {}
    for r in rows:
        reporters.setdefault(str(r["event"]), set()).add(str(r["doc"]))
    several = [e for e in browse_events.events(store) if len(reporters[e.event]) > 1]
    assert several
    for event in several:
        newest = max(reporters[event.event], key=lambda d: (published[d] or "", d))
        assert (event.document, event.reported) == (newest, published[newest])
