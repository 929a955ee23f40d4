"""Places rolled up to their country for the map, and where a country too small to draw is a point."""
from __future__ import annotations

import pytest

from riskgraph.graph.places import country_of, country_point


@pytest.mark.parametrize(("place", "country"), [
    ("Hangzhou", "CN"),          # a city
    ("Seattle", "US"),
    ("Oregon", "US"),            # a state (ISO 3166-2)
    ("Johor", "MY"),
    ("Guangdong", "CN"),         # a province named without its generic last word ("Sheng")
    ("Dublin", "IE"),            # Dublin, Ireland dwarfs the American towns of that name
    ("  hangzhou ", "CN"),       # spacing and case do not matter
])
def test_a_place_is_in_its_country(place: str, country: str) -> None:
    assert country_of(place) == country


@pytest.mark.parametrize("place", ["Cambridge", "New", "Narnia", ""])
def test_an_ambiguous_or_unknown_place_is_in_no_country(place: str) -> None:
    assert country_of(place) is None


def test_a_small_country_is_drawn_at_its_capital() -> None:
    lat, lon = country_point("SG")
    assert 1.0 < lat < 1.6 and 103.5 < lon < 104.1
    assert country_point("EU") is None
