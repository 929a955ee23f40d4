"""Event dates from the text, anchored on the document's date ("today", "last week", "in May",
"on August 9, 2023", "mid-2023"). Day precision gives YYYY-MM-DD, month precision YYYY-MM."""
from __future__ import annotations

import re
from datetime import date, datetime

import dateparser
from spacy.tokens import Span, Token

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAY = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b")
_MID = re.compile(r"\b(early|mid|late)[- ](\d{4})\b", re.IGNORECASE)
_MID_MONTH = {"early": 2, "mid": 6, "late": 10}
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                           r"ago|last week|this week|next week)\b", re.IGNORECASE)


class DateResolver:
    def __init__(self) -> None:
        self._cache: dict[tuple[str, date | None], str | None] = {}

    def parse(self, text: str, anchor: date | None) -> str | None:
        """A date expression -> "YYYY-MM-DD" / "YYYY-MM", or None when it gives no month."""
        cache_key = (text, anchor)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._parse(text, anchor)
        return self._cache[cache_key]

    @staticmethod
    def _parse(text: str, anchor: date | None) -> str | None:
        mid = _MID.search(text)
        if mid:
            return f"{mid.group(2)}-{_MID_MONTH[mid.group(1).lower()]:02d}"
        lower = text.lower()
        has_month = any(re.search(rf"\b{m}\b", lower) for m in _MONTHS)
        has_day = bool(_DAY.search(re.sub(r"\d{4}", "", lower))) or bool(re.search(r"\d{4}-\d{2}-\d{2}", lower))
        relative = bool(_RELATIVE_DAY.search(lower))
        if not (has_month or relative or re.search(r"\d{4}-\d{2}", lower)):
            return None
        settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if anchor is not None:
            settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        if parsed is None:
            return None
        if "week" in lower and not has_day:
            return parsed.date().isoformat()
        if has_day or relative:
            return parsed.date().isoformat()
        return f"{parsed.year:04d}-{parsed.month:02d}"

    def event_date(self, trigger: Token, published: date | None) -> str | None:
        """The date of the event a trigger word names: a date in its sentence, nearest first;
        else the document's date."""
        sent: Span = trigger.sent
        dates = [e for e in sent.ents if e.label_ == "DATE"]
        dates.sort(key=lambda e: abs(e.root.i - trigger.i))
        for ent in dates:
            value = self.parse(ent.text, published)
            if value:
                return value
        return published.isoformat() if published else None
