"""Documents: a document's text with its entity mentions highlighted, and the facts read from it with
confidence and modality; choosing a fact outlines its sentence (from the claim's character offsets).
The text is escaped before any highlighting tag is added: document text is never markup."""
from __future__ import annotations

import streamlit as st

from riskgraph.app.dashboard import data, state, tables, widgets
from riskgraph.app.dashboard.text import Span, highlighted_html, md_escape
from riskgraph.graph.browse import DocumentView, Fact

AT_PARAM = "at"
NONE = -1


def _parse_at(text: str | None) -> tuple[int, int] | None:
    start, sep, end = (text or "").partition("-")
    if sep and start.isdigit() and end.isdigit() and int(start) < int(end):
        return int(start), int(end)
    return None


def _fact_label(i: int, fact: Fact) -> str:
    where = f" · chars {fact.start}–{fact.end}" if fact.start is not None else " · knowledge base"
    return f"{i + 1}. {fact.subject_label} — {fact.property} → {fact.object_label}{where}"


def _pick_document(ctx: state.Ctx) -> str | None:
    refs = data.documents(ctx)
    if not refs:
        st.info("The store holds no documents.")
        return None
    by_id = {widgets.doc_id(r.document): r for r in refs}
    wanted = st.query_params.get(widgets.DOC_PARAM)
    if wanted and wanted not in by_id and st.session_state.get("doc__url") != wanted:
        st.error(md_escape(f"No document {wanted!r} in this store: the link may come from another store, or the "
                           "document was removed. Pick one below."))
    if wanted in by_id and st.session_state.get("doc__url") != wanted:
        st.session_state["doc_pick"] = wanted
        st.session_state["doc__url"] = wanted
    chosen = st.selectbox("Document", list(by_id), key="doc_pick",
                          format_func=lambda d: f"{by_id[d].published or 'undated'} · {by_id[d].title}")
    if chosen != wanted:
        st.query_params[widgets.DOC_PARAM] = chosen
        st.query_params.pop(AT_PARAM, None)
        st.session_state["doc__url"] = chosen
    return by_id[chosen].document


def _selected_sentence(view: DocumentView) -> tuple[int, int] | None:
    """The sentence to outline: the fact chosen here, else the ``?at=START-END`` of a link."""
    located = [i for i, f in enumerate(view.facts) if f.start is not None and f.end is not None]
    spans = {i: (view.facts[i].start, view.facts[i].end) for i in located}
    key = f"fact_pick_{widgets.doc_id(view.iri)}"
    at = _parse_at(st.query_params.get(AT_PARAM))
    match = next((i for i in located if spans[i] == at), NONE)
    if at is not None and st.session_state.get("fact__url") != at:
        st.session_state[key] = match
        st.session_state["fact__url"] = at
    pick = st.selectbox("Go to the sentence of a fact", [NONE, *located], key=key,
                        format_func=lambda i: "(none)" if i == NONE else _fact_label(i, view.facts[i]))
    if pick != NONE:
        if spans[pick] != at:
            st.query_params[AT_PARAM] = f"{spans[pick][0]}-{spans[pick][1]}"
            st.session_state["fact__url"] = spans[pick]
        return spans[pick]  # type: ignore[return-value]
    if match != NONE:  # the linked fact was deselected
        st.query_params.pop(AT_PARAM, None)
        st.session_state.pop("fact__url", None)
        return None
    return at


def _facts(view: DocumentView) -> None:
    st.subheader(f"Facts read from it ({len(view.facts)})")
    tables.table([{"#": i + 1, "subject": f.subject_label, "relation": f.property, "object": f.object_label,
                   "confidence": round(f.confidence, 3), "modality": f.modality,
                   "sentence (chars)": f"{f.start}–{f.end}" if f.start is not None else "knowledge base",
                   "sentence": f.sentence} for i, f in enumerate(view.facts)], key="document_facts",
                 long=("sentence",))


def render() -> None:
    st.title("Documents")
    with state.reported_errors():
        ctx = state.context()
        iri = _pick_document(ctx)
        if iri is None:
            return
        view = data.document(ctx, iri)
        st.header(md_escape(view.title))
        meta = [x for x in (view.published, view.language, view.media_type) if x]
        st.caption(md_escape(" · ".join(meta + ([view.source] if view.source else []))))
        sentence = _selected_sentence(view)
        if sentence is not None:
            st.info(md_escape(view.text[sentence[0]:sentence[1]]), icon=":material/format_quote:")
        spans = [Span(m.start, m.end, m.label) for m in view.mentions]
        st.caption(f"{len(view.mentions)} entity mentions highlighted; hover one for the entity it was "
                   "resolved to.")
        st.html(highlighted_html(view.text, spans, sentence))
        _facts(view)


if __name__ == "__main__":
    render()
