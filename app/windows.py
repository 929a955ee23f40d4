"""Dates and windows given on the command line: ``--since``/``--until``/``--as-of`` days and ``--week``."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from riskgraph.ontology.errors import ConfigError

if TYPE_CHECKING:
    from riskgraph.graph.report import Window


def day_option(option: str, text: str) -> date:
    """The day an option gives as YYYY-MM-DD, or a ConfigError naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option} {text!r}: write the date as YYYY-MM-DD") from None


def resolve_window(week: str | None, since: str | None, until: str | None, today: date) -> Window:
    """--week, or --since (and --until, default today), or the last complete ISO week before today."""
    from riskgraph.graph.report import iso_week, last_complete_week, window_between

    if week and (since or until):
        raise ConfigError("give either --week or --since/--until, not both")
    if week:
        return iso_week(week)
    if until and not since:
        raise ConfigError("--until needs --since")
    if since:
        return window_between(day_option("--since", since), day_option("--until", until) if until else today)
    return last_complete_week(today)
