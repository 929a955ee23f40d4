"""Dates as the graph stores them: xsd:date, xsd:gYearMonth for a month, xsd:gYear for a year."""
from __future__ import annotations

from datetime import date

from rdflib import Literal
from rdflib.namespace import XSD


def date_literal(value: str) -> Literal:
    """``2024``, ``2024-03`` or ``2024-03-14`` as the typed literal of its precision."""
    return Literal(value, datatype={4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date))


def full_day(value: object) -> date | None:
    """The day of a value that gives one (``2024-03-14``, a dateTime); None for a month, a year or nothing."""
    text = str(value)[:10] if value is not None else ""
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
