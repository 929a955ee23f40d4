"""Read-only views of risk events for browsing: events filtered by type, actor, target, jurisdiction
and date, and events or exposure summed by jurisdiction (for a map).

Every function runs named queries (``queries/browse_*.rq``) with bound parameters and returns plain
dataclasses.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pycountry
from rdflib import URIRef
from rdflib.term import Node

from riskgraph.graph.browse import RG_NS, date_literal, local_name, parse_day, text_of
from riskgraph.graph.places import country_of
from riskgraph.graph.queries import load_query
from riskgraph.graph.store import Store
from riskgraph.ontology.namespace import RG


def iso3(alpha2: str | None) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code (the map's country ids); None when there is none (e.g. EU)."""
    if not alpha2:
        return None
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None


# ---------------------------------------------------------------------- events
EVENT_LIMIT = 5000  # the LIMIT in browse_events.rq and browse_events_in_jurisdiction.rq


@dataclass
class EventRow:
    event: str
    type: str
    label: str
    date: str | None
    status: str | None
    actors: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    targets: list[tuple[str, str]] = field(default_factory=list)
    document: str | None = None  # the newest document reporting it
    reported: str | None = None
    sources: int = 1  # documents reporting it (a happening is listed once, however many report it)
    first_reported: str | None = None
    last_updated: str | None = None

    @property
    def day(self) -> date | None:
        return parse_day(self.date)


def _filters(type_: str | None, start: date | None, end: date | None) -> dict[str, Node]:
    bindings: dict[str, Node] = {}
    if type_:
        bindings["type"] = RG[type_.removeprefix("rg:")]
    if start:
        bindings["from"] = date_literal(start)
    if end:
        bindings["to"] = date_literal(end)
    return bindings


def events(store: Store, *, type_: str | None = None, actor: str | None = None, target: str | None = None,
           jurisdiction: str | None = None, start: date | None = None, end: date | None = None,
           ) -> list[EventRow]:
    """Risk events matching every filter given (type is a class name such as "Sanction"; actor,
    target and jurisdiction are IRIs), newest first, at most EVENT_LIMIT. Events in a country include
    those in its cities and regions (as the map counts them)."""
    bindings = _filters(type_, start, end)
    for name, value in (("actor", actor), ("target", target)):
        if value:
            bindings[name] = URIRef(value)
    if not jurisdiction:
        return _event_rows(store.select(load_query("browse_events"), bindings))
    query, rows = load_query("browse_events_in_jurisdiction"), []
    for place in places_within(store, jurisdiction):
        rows.extend(store.select(query, {**bindings, "jurisdiction": URIRef(place)}))
    found = _event_rows(rows)
    found.sort(key=lambda e: e.label)
    found.sort(key=lambda e: e.date or "", reverse=True)
    return found[:EVENT_LIMIT]


def _event_rows(rows: Iterable[Mapping[str, Node]]) -> list[EventRow]:
    found: dict[str, EventRow] = {}
    for r in rows:
        iri = str(r["event"])
        row = found.get(iri)
        if row is None:
            row = found[iri] = EventRow(
                event=iri, type=local_name(str(r["eventType"])), label=text_of(r, "label") or iri,
                date=text_of(r, "date"), status=text_of(r, "status"), document=text_of(r, "doc"),
                reported=text_of(r, "reported"), sources=int(text_of(r, "sources") or 1),
                first_reported=text_of(r, "first"), last_updated=text_of(r, "last"))
        elif _later_report(text_of(r, "reported"), text_of(r, "doc"), row):
            row.document, row.reported = text_of(r, "doc"), text_of(r, "reported")
        if "actorIri" in r:
            pair = (str(r["actorIri"]), text_of(r, "actorLabel") or str(r["actorIri"]))
            if pair not in row.actors:
                row.actors.append(pair)
        if "targetIri" in r:
            pair = (str(r["targetIri"]), text_of(r, "targetLabel") or str(r["targetIri"]))
            if pair not in row.targets:
                row.targets.append(pair)
    return list(found.values())


def _later_report(reported: str | None, document: str | None, row: EventRow) -> bool:
    """Whether a report is newer than the row's (a happening several documents report links to the
    newest, the IRI breaking ties), so the row does not depend on the order the engine returns."""
    return (reported or "", document or "") > (row.reported or "", row.document or "")


# ---------------------------------------------------------------------- jurisdictions (map)
@dataclass(frozen=True)
class Jurisdiction:
    iri: str
    label: str
    iso: str | None  # alpha-2 as stored

    @property
    def iso3(self) -> str | None:
        return iso3(self.iso)


@dataclass(frozen=True)
class JurisdictionValue:
    jurisdiction: Jurisdiction
    value: float
    #: Labels of the places within this country whose values are counted in it (cities, states).
    includes: tuple[str, ...] = ()


def _country_for(place: Jurisdiction, by_iso: Mapping[str, Jurisdiction]) -> Jurisdiction:
    """The country a place without an ISO code rolls up to (the store's node for it when there is
    one), or the place itself when its country is unknown or ambiguous."""
    if place.iso:
        return place
    code = country_of(place.label)
    if code is None:
        return place
    if code in by_iso:
        return by_iso[code]
    country = pycountry.countries.get(alpha_2=code)
    return Jurisdiction(f"urn:iso:std:iso:3166:-1:{code}", country.name if country else code, code)


def _rolled_up(places: Mapping[str, Jurisdiction], store: Store) -> dict[str, tuple[Jurisdiction, bool]]:
    """For each place IRI: the jurisdiction it is counted in and whether that is another (its country)."""
    by_iso = {j.iso.upper(): j for j in jurisdictions(store) if j.iso}
    out = {}
    for iri, place in places.items():
        country = _country_for(place, by_iso)
        out[iri] = (country, country.iri != iri)
    return out


def _jurisdiction(row: Mapping[str, Node]) -> Jurisdiction:
    iri = str(row["jurisdiction"])
    return Jurisdiction(iri, text_of(row, "label") or iri, text_of(row, "iso"))


def places_within(store: Store, jurisdiction: str) -> list[str]:
    """The jurisdiction's IRI and those of the places rolled up into it (its cities and regions)."""
    every = {j.iri: j for j in jurisdictions(store)}
    inside = [iri for iri, (country, rolled) in _rolled_up(every, store).items()
              if rolled and country.iri == jurisdiction]
    return [jurisdiction, *sorted(inside)]


def jurisdictions(store: Store) -> list[Jurisdiction]:
    out: dict[str, Jurisdiction] = {}
    for r in store.select(load_query("browse_jurisdictions")):
        place = _jurisdiction(r)
        out.setdefault(place.iri, place)
    return sorted(out.values(), key=lambda j: j.label.casefold())


def events_by_jurisdiction(store: Store, *, type_: str | None = None, start: date | None = None,
                           end: date | None = None) -> list[JurisdictionValue]:
    """Number of risk events (of the type, dated in the range, when given) whose target is in, or
    is, each jurisdiction, most first. Undated events count only when no range is given."""
    wanted = RG_NS + type_.removeprefix("rg:") if type_ else None
    kept = set()
    for r in store.select(load_query("browse_event_dates")):
        if wanted and str(r["eventType"]) != wanted:
            continue
        day = parse_day(text_of(r, "date"))
        if (start or end) and (day is None or (start and day < start) or (end and day > end)):
            continue
        kept.add(str(r["event"]))
    places: dict[str, Jurisdiction] = {}
    events_in: dict[str, set[str]] = {}
    for r in store.select(load_query("browse_event_jurisdictions")):
        if str(r["event"]) in kept:
            place = _jurisdiction(r)
            places.setdefault(place.iri, place)
            events_in.setdefault(place.iri, set()).add(str(r["event"]))
    countries: dict[str, Jurisdiction] = {}
    counted: dict[str, set[str]] = {}
    included: dict[str, set[str]] = {}
    for iri, (country, rolled) in _rolled_up(places, store).items():
        countries[country.iri] = country
        counted.setdefault(country.iri, set()).update(events_in[iri])  # an event counts once per country
        if rolled:
            included.setdefault(country.iri, set()).add(places[iri].label)
    values = [JurisdictionValue(countries[iri], float(len(found)), tuple(sorted(included.get(iri, ()))))
              for iri, found in counted.items()]
    return sorted(values, key=lambda v: (-v.value, v.jurisdiction.label))


def jurisdictions_of(store: Store, node: str) -> list[Jurisdiction]:
    """The jurisdictions a node stands for: itself if it is one, else where it (or the event's
    actor, or the instrument's issuer) is headquartered or has its jurisdiction."""
    rows = store.select(load_query("browse_jurisdiction_of"), {"node": URIRef(node)})
    found = {place.iri: place for place in map(_jurisdiction, rows)}
    if node in found:  # a jurisdiction stands for itself only
        return [found[node]]
    return sorted(found.values(), key=lambda j: j.label)


def exposure_by_jurisdiction(store: Store, by_source: Mapping[str, float],
                             ) -> tuple[list[JurisdictionValue], float]:
    """An exposure's contributions (risk source -> score) summed by the risk source's jurisdiction
    (a city or state counted in its country); a source in several jurisdictions is shared evenly.
    Also returns the part placed nowhere."""
    totals: dict[str, float] = {}
    places: dict[str, Jurisdiction] = {}
    unplaced = 0.0
    for source, score in by_source.items():
        found = jurisdictions_of(store, source)
        if not found:
            unplaced += score
            continue
        for place in found:
            places[place.iri] = place
            totals[place.iri] = totals.get(place.iri, 0.0) + score / len(found)
    countries: dict[str, Jurisdiction] = {}
    summed: dict[str, float] = {}
    included: dict[str, set[str]] = {}
    for iri, (country, rolled) in _rolled_up(places, store).items():
        countries[country.iri] = country
        summed[country.iri] = summed.get(country.iri, 0.0) + totals[iri]
        if rolled:
            included.setdefault(country.iri, set()).add(places[iri].label)
    values = [JurisdictionValue(countries[i], round(v, 6), tuple(sorted(included.get(i, ()))))
              for i, v in summed.items()]
    return sorted(values, key=lambda v: (-v.value, v.jurisdiction.label)), round(unplaced, 6)
