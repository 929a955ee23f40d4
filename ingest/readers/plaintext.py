"""Plain text: strict UTF-8, no binary content, line endings normalised; the file's layout kept as is."""
from __future__ import annotations

from .parts import Extracted, Unreadable

_SAMPLE = 8192
_CONTROLS = bytes(byte for byte in range(0x20) if byte not in b"\t\n\r\f\v\x1b") + b"\x7f"
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 text (a BOM is dropped), refusing binary content, other encodings and empty input.

    Line endings come back as LF.
    """
    if data.startswith(_UTF16_32_BOMS):
        raise Unreadable("not valid UTF-8 text (it is UTF-16 or UTF-32); convert it to UTF-8")
    if looks_binary(data):
        raise Unreadable("binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise Unreadable(f"not valid UTF-8 text (byte {offset}); convert it to UTF-8") from None
    if not text.strip():
        raise Unreadable("empty document")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 10% control characters, in the first 8 kB."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return controls * 10 > len(sample)


def read_text(data: bytes) -> list[Extracted]:
    """A .txt document: the whole content is the text; the first non-empty line is the title."""
    return [Extracted(body=decode_text(data), media_type="text/plain")]
