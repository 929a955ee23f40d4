"""Event dates from the text, anchored on the document's date ("today", "last week", "in May",
"on August 9, 2023", "mid-2023"). Day precision gives YYYY-MM-DD, month precision YYYY-MM."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser
from spacy.tokens import Span, Token

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAY = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b")
_MID = re.compile(r"\b(early|mid|late)[- ](\d{4})\b", re.IGNORECASE)
_MID_MONTH = {"early": 2, "mid": 6, "late": 10}
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                           r"ago|last week|this week|next week)\b", re.IGNORECASE)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six)\s+(day|week|month)s?\s+ago\b", re.IGNORECASE)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _relative(lower: str, anchor: date) -> date | None:
    """"today", "yesterday", "on Tuesday" (the last one on or before the anchor), "last week",
    "two weeks ago": resolved against the document's date."""
    if "today" in lower or "this week" in lower:
        return anchor
    if "yesterday" in lower:
        return anchor - timedelta(days=1)
    if "tomorrow" in lower:
        return anchor + timedelta(days=1)
    if "last week" in lower:
        return anchor - timedelta(days=7)
    if "next week" in lower:
        return anchor + timedelta(days=7)
    ago = _AGO.search(lower)
    if ago:
        n = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS[ago.group(1).lower()]
        days = {"day": 1, "week": 7, "month": 30}[ago.group(2).lower()] * n
        return anchor - timedelta(days=days)
    for i, name in enumerate(_WEEKDAYS):
        if name in lower:
            back = (anchor.weekday() - i) % 7
            return anchor - timedelta(days=back)
    return None


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
        if relative and not has_month:
            found = _relative(lower, anchor) if anchor else None
            return found.isoformat() if found else None
        default = datetime(anchor.year if anchor else 2000, 1, 1)
        try:
            parsed = dateutil_parser.parse(text, default=default, fuzzy=True)
        except (ValueError, OverflowError):
            return None
        if not re.search(r"\d{4}", lower) and anchor is not None:  # "in May": the last May up to the anchor
            if parsed.date() > anchor:
                parsed = parsed.replace(year=parsed.year - 1)
        if has_day:
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
