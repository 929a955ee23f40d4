"""Name normalisation: the key under which two surface forms count as the same name."""
from __future__ import annotations

import re
import unicodedata

_SUFFIXES = re.compile(
    r"\b(incorporated|inc|ltd|limited|llc|corp|corporation|co|plc|gmbh|ag|sa|nv|holdings?|group)\b"
)


def name_key(name: str) -> str:
    """Fold case, accents, punctuation, possessives, a leading "the" and corporate suffixes."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = s.replace("u.s.", "us").replace("u.k.", "uk").replace("&", " and ")
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    folded = _SUFFIXES.sub(" ", s)
    return " ".join(folded.split()) or " ".join(s.split())
