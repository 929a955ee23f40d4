"""Publication dates: from metadata values (ISO 8601, RFC 2822, PDF dates) and from the text itself."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

TEXT_DATE_WINDOW = 1500

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"
# "October 7, 2022", "Oct. 7 2022" / "7 October 2022", "7th of October, 2022" / "2023-12-22"
_TEXT_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-{_DAY}\b"),
)
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
_NUMERIC_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


def find_text_date(text: str, window: int = TEXT_DATE_WINDOW) -> date | None:
    """The first full date (day, month and year) written in the first ``window`` characters."""
    head = text[:window]
    best: tuple[int, date] | None = None
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(head):
            if best is not None and match.start() >= best[0]:
                break
            found = _from_match(match)
            if found is not None:
                best = (match.start(), found)
                break
    return best[1] if best else None


def parse_date_value(value: object) -> date | None:
    """A date from a metadata value: a date object, ISO 8601, RFC 2822, a PDF date or a written date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    for parse in (_iso, _pdf, _numeric, _rfc2822):
        found = parse(text)
        if found is not None:
            return found
    return find_text_date(text, window=200)


def _from_match(match: re.Match[str]) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def _iso(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _pdf(text: str) -> date | None:
    match = _PDF_DATE.match(text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return _safe_date(int(year), int(month), int(day))


def _numeric(text: str) -> date | None:
    match = _NUMERIC_DATE.match(text)
    if not match:
        return None
    return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _rfc2822(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
