"""Refusing XML/HTML that declares entities (billion laughs, external entities) before a parser sees it."""
from __future__ import annotations

import re

from .parts import Unreadable

# "<!ENTITY" in any case, also in UTF-16/UTF-32 input where NUL bytes sit between the characters.
_ENTITY_DECLARATION = re.compile(rb"<\x00*!\x00*e\x00*n\x00*t\x00*i\x00*t\x00*y", re.IGNORECASE)


def refuse_entity_declarations(data: bytes) -> None:
    """Raise Unreadable when the input declares an XML entity anywhere."""
    if _ENTITY_DECLARATION.search(data):
        raise Unreadable("XML entity declarations are not allowed (<!ENTITY found); remove the DOCTYPE block")
