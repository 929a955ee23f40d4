"""Overview: what the store holds, this week's new risk events, the most exposed watched entities
and a timeline of recent risk events.

The counts come at once; the timeline and the watchlist's exposure (which needs the exposure graph,
built once after each ingest: a minute on a store of millions of statements) are computed in the
background and fill in when ready, so the first page of a large store opens in seconds."""
from __future__ import annotations

from concurrent.futures import Future
from datetime import date, timedelta

import streamlit as st

from riskgraph.app.dashboard import data, figures, state, tables, widgets
from riskgraph.app.dashboard.background import deferred, job
from riskgraph.app.dashboard.text import md_escape
from riskgraph.graph import browse_events
from riskgraph.graph.alerts import Alert, alerts
from riskgraph.graph.exposure import Watchlist
from riskgraph.graph.projection import projection_for
from riskgraph.graph.store import Store

RECENT_DAYS = 90


ALERTS_SHOWN = 8


def _alerts(store: Store, watchlist: Watchlist, since: date, until: date) -> list[Alert]:
    return alerts(store, projection_for(store), watchlist, since, until)


def _look_first(found: list[Alert]) -> None:
    if not found:
        st.caption("Nothing new reaches the watchlist this week.")
        return
    for alert in found[:ALERTS_SHOWN]:
        with st.container(border=True):
            st.markdown(f"**{alert.severity:.0f}** · {md_escape(alert.kind)} · **{md_escape(alert.entity_label)}**: "
                        f"{md_escape(alert.title)} — {md_escape(alert.detail)}")
            if alert.source.get("text"):
                st.caption(md_escape(f"“{alert.source['text']}” — {alert.source['title']}, "
                                     f"{alert.source.get('published') or ''}"))
    if len(found) > ALERTS_SHOWN:
        st.caption(f"{len(found) - ALERTS_SHOWN} more: `riskgraph alerts --since …` lists them all.")


def _events_since(store: object, start: date | None) -> list[browse_events.EventRow]:
    return browse_events.events(store, start=start)  # type: ignore[arg-type]


def _timeline(recent: list[browse_events.EventRow]) -> None:
    st.plotly_chart(figures.timeline(recent), config=figures.CHART_CONFIG)
    st.caption(f"{len(recent)} risk events dated in the {RECENT_DAYS} days up to the newest document; "
               "the Events page filters them.")


def _watchlist_job(ctx: state.Ctx, as_of: date | None) -> Future[list[data.Watched]] | None:
    if not ctx.watchlist.entities:
        return None
    return job(ctx, "watched", data.watched_rows, ctx.store, ctx.watchlist, as_of)


def _watchlist(ctx: state.Ctx, as_of: date | None, scoring: Future[list[data.Watched]] | None) -> None:
    st.subheader("Most exposed watched entities")
    if scoring is None:
        st.info("The watchlist is empty: list entities under [watch] in the watchlist TOML.")
        return
    deferred(scoring, _watched_table,
             "Scoring the watchlist: the exposure graph is being built (once after each ingest; a minute "
             "on a very large store). This section fills in by itself.")


def _watched_table(rows: list[data.Watched]) -> None:
    if not rows:
        st.info("The watchlist is empty: list entities under [watch] in the watchlist TOML.")
        return
    tables.table(
        [{"entity": w.label, "exposure index": round(w.score, 3),
          "band": f"{w.band[0]:.3f}–{w.band[1]:.3f}" if w.iri else "",
          "chance any risk reaches it": round(w.p_any, 2), "strongest risk source": w.top_source,
          "in store": "yes" if w.iri else "no"} for w in rows], key="watchlist_table")
    columns = st.columns(min(len(rows), 4))
    for i, w in enumerate(r for r in rows if r.iri):
        with columns[i % len(columns)]:
            widgets.entity_link("exposure", f"Exposure of {w.label}", w.label, icon=":material/share:")


def render() -> None:
    st.title("Overview")
    with state.reported_errors():
        ctx = state.context()
        info = data.overview(ctx)
        a, b, c, d = st.columns(4)
        a.metric("Documents", f"{info.documents:,}")
        b.metric("Entities", f"{info.entities:,}")
        c.metric("Risk events", f"{info.events:,}")
        d.metric(f"New events in {info.week or 'the latest week'}", f"{info.new_events:,}",
                 help="Risk events reported by documents published in the ISO week of the newest document"
                      + (f" ({info.latest})." if info.latest else "."))
        if info.documents == 0:
            st.info("The store holds no documents yet: run `riskgraph ingest PATH --store …` or "
                    "`riskgraph demo`.")
            return
        st.caption(md_escape(f"Store {ctx.path} · newest document {info.latest or 'undated'} · "
                             "exposure as of that date"))
        if info.latest and ctx.watchlist.entities:
            monday = info.latest - timedelta(days=info.latest.weekday())
            st.subheader(f"Look at these first ({info.week})")
            st.caption("New risk events reaching the watchlist, score jumps and contradictions, most severe first "
                       "(severity in points of the 0–100 exposure score).")
            found = job(ctx, "alerts", _alerts, ctx.store, ctx.watchlist, monday, info.latest)
            deferred(found, _look_first, "Looking for what changed this week…")
        st.subheader("Recent risk events")
        start = info.latest - timedelta(days=RECENT_DAYS) if info.latest else None
        recent = job(ctx, "recent-events", _events_since, ctx.store, start)
        scoring = _watchlist_job(ctx, info.latest)  # started now: it is the longest to compute
        deferred(recent, _timeline, "Reading the recent risk events…")
        _watchlist(ctx, info.latest, scoring)


if __name__ == "__main__":
    render()
