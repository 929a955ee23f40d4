"""One colour per event status and per kind of risk event, the same on every dashboard page and in the
report (Plotly would otherwise colour by the order traces happen to come in)."""
from __future__ import annotations

STATUS_COLOURS: dict[str, str] = {
    "announced": "#1f77b4",
    "in force": "#d62728",
    "pending": "#ff7f0e",
    "lifted": "#2ca02c",
    "denied": "#7f7f7f",
    "unknown": "#bcbd22",
}
EVENT_COLOURS: dict[str, str] = {
    "Sanction": "#8c1c13",
    "ExportControl": "#d62728",
    "Ban": "#e377c2",
    "Suspension": "#ff7f0e",
    "Violation": "#9467bd",
    "Lawsuit": "#8c564b",
    "Investigation": "#17becf",
    "Divestiture": "#7f7f7f",
    "Acquisition": "#1f77b4",
    "Investment": "#2ca02c",
    "Partnership": "#bcbd22",
}
OTHER = "#636363"


def status_colour(status: str | None) -> str:
    return STATUS_COLOURS.get(status or "unknown", OTHER)


def event_colour(cls: str) -> str:
    return EVENT_COLOURS.get(cls, OTHER)
