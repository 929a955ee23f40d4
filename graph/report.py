"""The weekly report as data: what is new in a window, how watched entities' exposure moved, and the
figures for its charts. Plain dataclasses, no rendering (``riskgraph.app.report_render`` does that).

The same store and window always give the same report apart from ``generated_at``: every list is
sorted on stable keys and nothing random is drawn (exposure is analysed without its Monte Carlo band,
which the report does not show and which costs more than the path search).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from riskgraph.graph.changes import QUERIES as CHANGE_QUERIES
from riskgraph.graph.changes import (
    ExposureChange,
    Labels,
    NewEntity,
    NewRelation,
    WindowDocument,
    WindowEvent,
    WindowReader,
    exposure_change,
    local,
    new_entities,
    new_relations,
    window_bindings,
    window_events,
)
from riskgraph.graph.citations import QUERIES as CITATION_QUERIES
from riskgraph.graph.competition_report import QUERIES as COMPETITION_QUERIES
from riskgraph.graph.competition_report import CompetitiveMoves, competitive_moves
from riskgraph.graph.contradictions import QUERIES as CONTRADICTION_QUERIES
from riskgraph.graph.contradictions import Contradiction, contradictions
from riskgraph.graph.exposure import Watchlist
from riskgraph.graph.lookup import entity_names, find_entity
from riskgraph.graph.projection import Projection, projection_for, store_state_key
from riskgraph.graph.store import Store
from riskgraph.ontology.errors import ConfigError, NotFoundError
from riskgraph.ontology.version import package_version

#: Named queries behind a report: the ones run here and in changes.py, and those of the exposure
#: projection, entity lookup and evidence it relies on.
QUERIES = tuple(sorted({*CHANGE_QUERIES, *CITATION_QUERIES, *CONTRADICTION_QUERIES, *COMPETITION_QUERIES,
                        "document_states",
                        "document_dates", "exposure_nodes", "exposure_edges", "exposure_events", "entity_names"}))
TIMELINE_WEEKS = 8
HIGHLIGHTS = 3
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


# ---------------------------------------------------------------------- the window
@dataclass(frozen=True)
class Window:
    since: date
    until: date

    @property
    def is_iso_week(self) -> bool:
        return self.since.isoweekday() == 1 and self.until == self.since + timedelta(days=6)

    @property
    def label(self) -> str:
        if self.is_iso_week:
            year, week, _ = self.since.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.since.isoformat()} to {self.until.isoformat()}"

    @property
    def slug(self) -> str:
        return self.label.replace(" to ", "_")

    @property
    def previous_end(self) -> date:
        return self.since - timedelta(days=1)


def iso_week(text: str) -> Window:
    """``2023-W51`` (or ``2023W51``) -> Monday to Sunday of that ISO week."""
    m = _WEEK.match(text.strip())
    if not m:
        raise ConfigError(f"--week {text!r}: write an ISO week as YYYY-Www, e.g. 2023-W51")
    try:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise ConfigError(f"--week {text!r}: {m.group(1)} has no week {int(m.group(2))}") from None
    return Window(monday, monday + timedelta(days=6))


def last_complete_week(today: date) -> Window:
    """The last ISO week that ended before ``today``."""
    monday = today - timedelta(days=today.weekday()) - timedelta(days=7)
    return Window(monday, monday + timedelta(days=6))


def window_between(since: date, until: date) -> Window:
    window_bindings(since, until)  # checks the order
    return Window(since, until)


# ---------------------------------------------------------------------- the report
@dataclass(frozen=True)
class Counts:
    documents: int
    entities: int
    relations: int
    events: int  # happenings reported in the window
    new_happenings: int = 0  # first reported in the window
    status_changes: int = 0  # reported before, with a new status in the window
    contradictions: int = 0


@dataclass(frozen=True)
class SankeyLink:
    source: int
    target: int
    value: float
    prop: str
    forward: bool  # False: the statement is target prop source (exposure flows against it)

    @property
    def arrow(self) -> str:
        return f"—{self.prop}→" if self.forward else f"←{self.prop}—"


@dataclass
class Charts:
    weeks: list[str]  # ISO weeks, oldest first, ending with the report's
    events_by_week: dict[str, list[int]]  # event class -> events reported per week (aligned with weeks)
    exposure: list[tuple[str, float, float]]  # (entity label, previous, current)
    sankey_title: str = ""
    sankey_nodes: list[str] = field(default_factory=list)
    sankey_links: list[SankeyLink] = field(default_factory=list)


@dataclass
class Report:
    window: Window
    generated_at: str
    version: str
    store_hash: str
    watchlist: tuple[str, ...]
    counts: Counts
    highlights: list[str]
    events: list[WindowEvent]
    exposures: list[ExposureChange]
    missing: list[str]  # watchlist names that name no entity in the store (or more than one)
    entities: list[NewEntity]
    relations: list[NewRelation]
    contradictions: list[Contradiction]
    documents: list[WindowDocument]
    queries: tuple[str, ...]
    charts: Charts
    competitive_moves: list[CompetitiveMoves] = field(default_factory=list)  # of watched entities' competitors


def build_report(store: Store, since: date, until: date, watchlist: Watchlist | None = None, *,
                 now: datetime | None = None, projection: Projection | None = None) -> Report:
    """Everything the weekly report says about documents published from ``since`` to ``until``."""
    window = window_between(since, until)
    watchlist = watchlist or Watchlist()
    projection = projection or projection_for(store)
    reader = WindowReader(store, since, until, Labels(projection))
    events = window_events(reader)
    entities_found = new_entities(reader)
    relations = new_relations(reader)
    entities, missing = resolve_watchlist(store, watchlist)
    exposures = [exposure_change(store, projection, iri, since, until, watchlist) for iri in entities]
    exposures.sort(key=lambda x: (x.label, x.entity))
    conflicts = contradictions(reader)
    return Report(
        window=window,
        generated_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
        version=package_version(),
        store_hash=store_state_key(store),
        watchlist=watchlist.entities,
        counts=Counts(documents=len(reader.documents), entities=len(entities_found), relations=len(relations),
                      events=len(events), new_happenings=sum(e.new for e in events),
                      status_changes=sum(e.status_changed for e in events), contradictions=len(conflicts)),
        highlights=[what_happened(events, conflicts), *highlights(exposures, window)],
        events=events,
        exposures=exposures,
        missing=missing,
        entities=entities_found,
        relations=relations,
        contradictions=conflicts,
        documents=reader.documents,
        queries=QUERIES,
        charts=charts(store, window, exposures),
        competitive_moves=competitive_moves(store, entities, since, until, watchlist, projection),
    )


def resolve_watchlist(store: Store, watchlist: Watchlist) -> tuple[list[str], list[str]]:
    """IRIs of the watched entities found in the store (in watchlist order), and the names not found."""
    names = entity_names(store)
    found: list[str] = []
    missing: list[str] = []
    for name in watchlist.entities:
        try:
            iri = str(find_entity(store, name, names))
        except NotFoundError:
            missing.append(name)
            continue
        if iri not in found:
            found.append(iri)
    return found, missing


# ---------------------------------------------------------------------- summary sentences
def largest_changes(exposures: list[ExposureChange], n: int = HIGHLIGHTS) -> list[ExposureChange]:
    moved = [x for x in exposures if x.delta != 0]
    return sorted(moved, key=lambda x: (-abs(x.delta), x.label, x.entity))[:n]


def what_happened(events: list[WindowEvent], conflicts: list[Contradiction]) -> str:
    """One sentence on the window's happenings: how many are new, whose status changed, what is contested."""
    new = [e for e in events if e.new]
    changed = [e for e in events if e.status_changed]
    parts = [f"{len(new)} new risk event{'s' if len(new) != 1 else ''}"
             + (f" ({'; '.join(e.label for e in new[:3])}{'; …' if len(new) > 3 else ''})" if new else "")]
    if changed:
        parts.append(f"{len(changed)} status change{'s' if len(changed) != 1 else ''} "
                     f"({'; '.join(f'{e.label} now {e.status}' for e in changed[:3])})")
    if conflicts:
        parts.append(f"{len(conflicts)} contradiction{'s' if len(conflicts) != 1 else ''} between sources")
    return ", ".join(parts) + "."


def highlights(exposures: list[ExposureChange], window: Window) -> list[str]:
    """One sentence for each of the largest exposure changes."""
    top = largest_changes(exposures)
    if not top:
        return [f"No watched entity's exposure changed between {window.previous_end} and {window.until}."]
    return [_sentence(x) for x in top]


def _sentence(x: ExposureChange) -> str:
    verb = "rose" if x.delta > 0 else "fell"
    plural = "s" if x.appeared_count != 1 else ""
    paths = f"{x.appeared_count} path{plural} appeared, {x.disappeared_count} disappeared"
    text = f"{x.label}'s exposure index {verb} from {x.before:.3f} to {x.after:.3f} ({x.delta:+.3f}); {paths}"
    if x.appeared:
        best = x.appeared[0]
        text += f"; the strongest new path leads to {best['source_label']} in {len(best['hops'])} " \
                f"hop{'s' if len(best['hops']) != 1 else ''}"
    return text + "."


# ---------------------------------------------------------------------- charts
def charts(store: Store, window: Window, exposures: list[ExposureChange]) -> Charts:
    weeks, by_week = events_per_week(store, window)
    out = Charts(weeks=weeks, events_by_week=by_week,
                 exposure=[(x.label, x.before, x.after) for x in exposures])
    ranked = largest_changes(exposures, len(exposures)) + sorted(exposures, key=lambda x: (-x.after, x.label))
    chosen = next((x for x in ranked if x.top_paths), None)
    if chosen is not None:
        _sankey(out, chosen)
    return out


def _week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def events_per_week(store: Store, window: Window) -> tuple[list[str], dict[str, list[int]]]:
    """Risk events reported per ISO week (by publication date) over the weeks up to the window's end."""
    last_monday = window.until - timedelta(days=window.until.weekday())
    start = min(last_monday - timedelta(weeks=TIMELINE_WEEKS - 1), window.since)
    weeks: list[str] = []
    day = start - timedelta(days=start.weekday())
    while day <= window.until:
        weeks.append(_week_of(day))
        day += timedelta(days=7)
    reader = WindowReader(store, start, window.until, Labels.empty())
    seen: dict[str, tuple[str, str]] = {}
    for doc, r in reader.rows("report_doc_events"):
        iri, cls = str(r["event"]), local(str(r["cls"]))
        if iri not in seen or cls < seen[iri][1]:
            seen[iri] = (_week_of(date.fromisoformat(doc.published)), cls)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for week, cls in seen.values():
        counts[cls][weeks.index(week)] += 1
    return weeks, {cls: counts[cls] for cls in sorted(counts)}


def _sankey(out: Charts, x: ExposureChange) -> None:
    """The entity's strongest paths as flows: each hop's link carries the scores of the paths through it."""
    index: dict[str, int] = {}
    values: dict[tuple[int, int], float] = defaultdict(float)
    names: dict[tuple[int, int], tuple[str, bool]] = {}
    for path in x.top_paths:
        for hop in path["hops"]:
            ends = []
            for iri, label in ((hop["from"], hop["from_label"]), (hop["to"], hop["to_label"])):
                if iri not in index:
                    index[iri] = len(out.sankey_nodes)
                    out.sankey_nodes.append(label)
                ends.append(index[iri])
            key = (ends[0], ends[1])
            if (key[1], key[0]) in values:
                continue  # a Sankey cannot draw a cycle
            values[key] += path["score"]
            names[key] = (hop["property"], hop["direction"] == "forward")
    out.sankey_links = [SankeyLink(s, t, round(v, 4), *names[(s, t)]) for (s, t), v in values.items()]
    n = len(x.top_paths)
    paths = "The strongest exposure path" if n == 1 else f"The {n} strongest exposure paths"
    out.sankey_title = f"{paths} of {x.label}, through {len(out.sankey_nodes)} entities and events"
