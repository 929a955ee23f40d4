"""Event dates from the text, anchored on the document's date ("today", "last week", "in May",
"on August 9, 2023", "mid-2023", "in 2020", "last year"), with the calendar words of
``lexicons/dates.yaml``. Day precision gives YYYY-MM-DD, month precision YYYY-MM, a year alone YYYY.
A deadline ("by Jan. 19") and the date of a report ("said on Tuesday") are not the event's date."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser
from spacy.tokens import Span, Token

from riskgraph.ingest.components.layout import is_dateline_date
from riskgraph.ingest.components.lexicon import Lexicon
from riskgraph.ingest.components.state import fire

NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod"})

_DAY = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in words)


class DateResolver:
    def __init__(self, lexicon: Lexicon) -> None:
        rules = lexicon.dates
        self.months = [re.compile(rf"\b{re.escape(m)}\b") for m in rules.months.words]
        self.weekdays = rules.weekdays.words
        self.offsets = rules.relative_days.offsets
        ago = rules.time_ago
        self.units, self.numbers = ago.units, ago.numbers
        self.parts = rules.parts_of_year.months
        self.years = rules.relative_years.offsets
        self.anaphoric_year = re.compile(rf"\b({_alternatives(rules.anaphoric_years.words)})\b", re.IGNORECASE)
        self.relative_year = re.compile(rf"\b({_alternatives(self.years)})\b", re.IGNORECASE)
        self.deadlines = frozenset(rules.deadlines.words)
        self.start_words = frozenset(rules.start_words.words)
        self.start_rule = rules.start_words.name
        self.report_verbs = frozenset(rules.report_verbs.words)
        self.nested_rule = rules.nested_events.name
        self.own_clause_rule = rules.own_clause.name
        self.subject_participle_rule = rules.subject_participles.name
        self.modifier_rule = rules.noun_modifiers.name
        self.part_of_year = re.compile(rf"\b({_alternatives(self.parts)})[- ](\d{{4}})\b", re.IGNORECASE)
        relative = [*self.offsets, *self.weekdays, ago.word]
        self.relative_day = re.compile(rf"\b({_alternatives(relative)})\b", re.IGNORECASE)
        self.ago = re.compile(rf"\b(\d+|{_alternatives(self.numbers)})\s+({_alternatives(self.units)})s?\s+"
                              rf"{re.escape(ago.word)}\b", re.IGNORECASE)
        self._cache: dict[tuple[str, date | None], str | None] = {}

    def parse(self, text: str, anchor: date | None) -> str | None:
        """A date expression -> "YYYY-MM-DD" / "YYYY-MM", or None when it gives no month."""
        cache_key = (text, anchor)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._parse(text, anchor)
        return self._cache[cache_key]

    def _relative(self, lower: str, anchor: date) -> date | None:
        """"today", "yesterday", "on Tuesday" (the last one on or before the anchor), "last week",
        "two weeks ago": resolved against the document's date."""
        for words, days in self.offsets.items():
            if words in lower:
                return anchor + timedelta(days=days)
        ago = self.ago.search(lower)
        if ago:
            n = int(ago.group(1)) if ago.group(1).isdigit() else self.numbers[ago.group(1).lower()]
            return anchor - timedelta(days=self.units[ago.group(2).lower()] * n)
        for i, name in enumerate(self.weekdays):
            if name in lower:
                return anchor - timedelta(days=(anchor.weekday() - i) % 7)
        return None

    def _year(self, text: str, anchor: date | None) -> str | None:
        """"in 2020", "last year": a year and nothing more precise."""
        relative = self.relative_year.search(text)
        if relative and anchor is not None:
            return str(anchor.year + self.years[relative.group(1).lower()])
        year = _YEAR.fullmatch(text.strip()) or _YEAR.fullmatch(re.sub(r"^(the\s+)?(year\s+)?", "", text.strip()))
        return year.group(1) if year else None

    def _parse(self, text: str, anchor: date | None) -> str | None:
        part = self.part_of_year.search(text)
        if part:
            return f"{part.group(2)}-{self.parts[part.group(1).lower()]:02d}"
        lower = text.lower()
        if not any(m.search(lower) for m in self.months) and (year := self._year(text, anchor)):
            return year
        has_month = any(m.search(lower) for m in self.months)
        has_day = bool(_DAY.search(re.sub(r"\d{4}", "", lower))) or bool(re.search(r"\d{4}-\d{2}-\d{2}", lower))
        relative = bool(self.relative_day.search(lower))
        if not (has_month or relative or re.search(r"\d{4}-\d{2}", lower)):
            return None
        if relative and not has_month:
            found = self._relative(lower, anchor) if anchor else None
            return found.isoformat() if found else None
        default = datetime(anchor.year if anchor else 2000, 1, 1)
        try:
            parsed = dateutil_parser.parse(text, default=default, fuzzy=True)
        except (ValueError, OverflowError):
            return None
        relative_year = self.relative_year.search(text) if anchor is not None else None
        if relative_year and anchor is not None and not re.search(r"\d{4}", lower):  # "in September last year"
            parsed = parsed.replace(year=anchor.year + self.years[relative_year.group(1).lower()])
        elif not re.search(r"\d{4}", lower) and anchor is not None:  # "in May": the last May up to the anchor
            if parsed.date() > anchor:
                parsed = parsed.replace(year=parsed.year - 1)
        if has_day:
            return parsed.date().isoformat()
        return f"{parsed.year:04d}-{parsed.month:02d}"

    def event_date(self, trigger: Token, published: date | None, others: frozenset[int] = frozenset()
                   ) -> tuple[str | None, int]:
        """The date of the event a trigger word names and how sure it is: a date of the trigger's own
        clause, nearest first, not a deadline (2); else the date of the report the event is told in
        ("said on Tuesday that ...", 1); else the document's date (0). ``others``: the tokens that
        name the document's other happenings ("blocked today the proposed acquisition": today is when
        it was blocked, not when the acquisition was)."""
        sent: Span = trigger.sent
        dates = [e for e in sent.ents if e.label_ == "DATE" and not self._deadline(e, published)
                 and not self._of_other_verb(e, trigger) and not is_dateline_date(e)
                 and not self._of_other_event(e, trigger, others) and not self._of_other_noun(e, trigger)
                 and not self._outside_own_clause(e, trigger)]
        dates.sort(key=lambda e: abs(e.root.i - trigger.i))
        for strength, found in ((2, [e for e in dates if not self._of_report(e, trigger)]), (1, dates)):
            for ent in found:
                value = self._named_year(ent) if self.anaphoric_year.search(ent.text) else \
                    self.parse(ent.text, published)
                if value:
                    return value, strength
        return (published.isoformat() if published else None), 0

    @staticmethod
    def _named_year(ent: Span) -> str | None:
        """"later that year": the year of the latest date with a year the text gives before it."""
        before = [e for e in ent.doc.ents if e.label_ == "DATE" and e.end <= ent.start and _YEAR.search(e.text)]
        return _YEAR.findall(before[-1].text)[-1] if before else None

    def _of_other_verb(self, ent: Span, trigger: Token) -> bool:
        """"chips restricted in October": a date that belongs to another verb, inside a clause the
        trigger does not head (a participle or relative clause on a noun); a participle on the trigger's
        subject dates what the subject does ("rules issued last October restricted exports")."""
        verb = ent.root.head.head if ent.root.head.pos_ == "ADP" else ent.root.head
        if verb.i == trigger.i or verb.pos_ not in ("VERB", "AUX"):
            return False
        if verb.dep_ == "acl" and verb.head.dep_ in ("nsubj", "nsubjpass") and verb.head.head.i == trigger.i:
            fire(trigger, self.subject_participle_rule)
            return False  # "rules issued last October restricted exports": when the rules did it
        return verb.dep_ in ("acl", "relcl", "amod") and trigger.i not in {t.i for t in verb.subtree}

    def _outside_own_clause(self, ent: Span, trigger: Token) -> bool:
        """"fined X in January 2018, a decision X is appealing": a verb of a relative clause takes no date
        from outside that clause (a participle does: "a decision in March blocking the deal")."""
        if trigger.pos_ not in ("VERB", "AUX") or trigger.dep_ != "relcl":
            return False
        if any(t.i == ent.root.i for t in trigger.subtree) or ent.start <= trigger.head.i < ent.end:
            return False  # its own date, or the date the clause is on ("in March 2023, when X banned Y")
        fire(trigger, self.own_clause_rule)
        return True

    def _of_other_event(self, ent: Span, trigger: Token, others: frozenset[int]) -> bool:
        """"The regulator today blocked Globex's proposed acquisition of Initech": a noun that names a
        happening inside the clause of another happening's verb does not take that verb's date."""
        verb = ent.root.head.head if ent.root.head.pos_ == "ADP" else ent.root.head
        if trigger.pos_ != "NOUN" or verb.i == trigger.i or verb.i not in others:
            return False
        if any(a.i == verb.i for a in trigger.ancestors):
            fire(trigger, self.nested_rule)
            return True
        return False

    def _of_other_noun(self, ent: Span, trigger: Token) -> bool:
        """"after the October rules took effect": a date that modifies a noun other than the trigger
        ("the October rules", "the 2022 curbs") is that noun's date."""
        root = ent.root
        if root.dep_ not in NOUN_MODIFIER_DEPS or root.head.i == trigger.i or root.head.pos_ not in ("NOUN", "PROPN"):
            return False
        fire(trigger, self.modifier_rule)
        return True

    def _deadline(self, ent: Span, published: date | None) -> bool:
        """"by Jan. 19", "until June", "will restrict exports from July"; not a start already past
        ("which China imposed from Aug. 1": it took effect then)."""
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        if before is None or before.lower_ not in self.deadlines:
            return False
        if before.lower_ in self.start_words and published is not None and not self._future(before.head):
            value = self.parse(ent.text, published)
            if value and value < published.isoformat()[: len(value)]:
                fire(ent.root, self.start_rule)
                return False
        return True

    @staticmethod
    def _future(verb: Token) -> bool:
        """"will restrict", "would take effect", "to restrict": a verb of what is still to come."""
        return verb.tag_ == "VB" or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)

    def _of_report(self, ent: Span, trigger: Token) -> bool:
        """"X said on Tuesday that Y had banned Z": the date of the saying, not of the ban."""
        verb = ent.root.head.head if ent.root.head.pos_ == "ADP" else ent.root.head
        if verb.lemma_.lower() not in self.report_verbs or verb.i == trigger.i:
            return False
        return any(a.i == verb.i for a in trigger.ancestors)
