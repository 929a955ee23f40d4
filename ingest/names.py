"""Name normalisation: the key under which two surface forms count as the same name."""
from __future__ import annotations

import re
import unicodedata

_SUFFIXES = re.compile(
    r"\b(incorporated|inc|ltd|limited|llc|corp|corporation|co|plc|gmbh|ag|sa|nv|holdings?|group)\b"
)


def fold_name(name: str, suffixes: re.Pattern[str] = _SUFFIXES, *, keep_suffix_only: bool = True) -> str:
    """Fold case, accents, punctuation, possessives, a leading "the" and the given corporate suffixes
    (a name that is nothing but a suffix keeps it, unless ``keep_suffix_only`` is False)."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = s.replace("u.s.", "us").replace("u.k.", "uk").replace("&", " and ")
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    folded = " ".join(suffixes.sub(" ", s).split())
    return folded if folded or not keep_suffix_only else " ".join(s.split())


def name_key(name: str) -> str:
    """The matching key of a name inside riskgraph (corporate suffixes and "group" dropped)."""
    return fold_name(name)
