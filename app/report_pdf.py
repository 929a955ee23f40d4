"""The PDF report: WeasyPrint with a URL fetcher that serves ``data:`` URLs and nothing else.

WeasyPrint's default fetcher reads ``file://`` and loopback URLs; a report built from untrusted
documents must not. This module imports WeasyPrint (slow to import), so it is loaded only when a
PDF is asked for.
"""
from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from riskgraph.ontology.errors import RiskgraphError


class DataOnlyFetcher(URLFetcher):
    """Serves ``data:`` URLs and refuses everything else (WeasyPrint then leaves the resource out).
    ``requested`` lists every URL it was asked for; ``refused`` the ones it turned down."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        if url[:5].lower() != "data:":
            self.refused.append(url)
            raise ValueError(f"riskgraph reports load nothing but data: URLs (refused {url[:80]})")
        return super().fetch(url, headers)


def html_to_pdf(html: str, fetcher: DataOnlyFetcher | None = None) -> bytes:
    try:
        pdf = HTML(string=html, base_url=None, url_fetcher=fetcher or DataOnlyFetcher()).write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; report one line
        raise RiskgraphError(f"cannot render the PDF report: {type(exc).__name__}: {exc}") from exc
    return bytes(pdf or b"")
