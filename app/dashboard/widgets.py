"""Widgets shared by pages: the entity search box with suggestions, and links between pages."""
from __future__ import annotations

import streamlit as st

from riskgraph.app.dashboard import data
from riskgraph.app.dashboard.state import Ctx
from riskgraph.app.dashboard.text import md_escape
from riskgraph.ontology.errors import NotFoundError

ENTITY_PARAM = "entity"
DOC_PARAM = "doc"
PAGES = {
    "overview": "views/overview.py",
    "entity": "views/entity.py",
    "exposure": "views/exposure.py",
    "events": "views/events.py",
    "competition": "views/competition.py",
    "map": "views/map.py",
    "documents": "views/documents.py",
    "sparql": "views/sparql.py",
}


def doc_id(iri: str) -> str:
    """The short id of a document IRI used in the page URL (``?doc=…``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _choose(key: str, value: str) -> None:
    if value.endswith(">") and " <" in value:  # "Label <iri>" from an ambiguous name
        value = value.rsplit(" <", 1)[1][:-1]
    st.session_state[key] = value


def entity_picker(ctx: Ctx, key: str, default: str = "", label: str = "Entity (name or alias)") -> str | None:
    """A search box for an entity; returns its IRI, or None (after showing suggestions) when the text
    names no single entity. The ``?entity=`` URL parameter fills it, and follows it."""
    wanted = st.query_params.get(ENTITY_PARAM)
    seen = f"{key}__url"
    if wanted and st.session_state.get(seen) != wanted:
        st.session_state[key] = wanted
        st.session_state[seen] = wanted
    elif key not in st.session_state:
        st.session_state[key] = default
    text = st.text_input(label, key=key, placeholder="e.g. ByteDance, TikTok, OpenAI").strip()
    if not text:
        return None
    try:
        iri = data.resolve(ctx, text)
    except NotFoundError as exc:
        st.warning(md_escape(str(exc)))
        if exc.suggestions:
            st.caption("Did you mean:")
            columns = st.columns(min(len(exc.suggestions), 5))
            for i, suggestion in enumerate(exc.suggestions[:5]):
                columns[i].button(md_escape(suggestion), key=f"{key}__suggest_{i}", on_click=_choose,
                                  args=(key, suggestion))
        return None
    if st.query_params.get(ENTITY_PARAM) != text:
        st.query_params[ENTITY_PARAM] = text
        st.session_state[seen] = text
    return iri


def entity_link(page: str, label: str, name: str, icon: str | None = None) -> None:
    """A link to another page about the entity ``name`` (the label is shown as plain text)."""
    st.page_link(PAGES[page], label=md_escape(label), icon=icon, query_params={ENTITY_PARAM: name})


def document_link(label: str, iri: str, at: tuple[int, int] | None = None) -> None:
    """A link to the Documents page showing the document (and the sentence at ``at``)."""
    params = {DOC_PARAM: doc_id(iri)}
    if at is not None:
        params["at"] = f"{at[0]}-{at[1]}"
    st.page_link(PAGES["documents"], label=md_escape(label), icon=":material/description:", query_params=params)
