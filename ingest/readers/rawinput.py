"""Getting the raw bytes of one source, within its size cap: a file or a byte stream (stdin)."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from ..document import content_hash
from .kinds import SNIFF_BYTES, kind_from_name, sniff
from .limits import SIZE_SETTING, ReadLimits, format_size
from .parts import Unreadable

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class RawInput:
    """The bytes of one source and what is known about it before parsing."""

    data: bytes
    kind: str
    content_hash: str
    base_uri: str
    file_time: date | None


def load_file(path: str, limits: ReadLimits) -> RawInput:
    """Read a regular file, refusing it before reading when it is over its kind's cap."""
    try:
        # Non-blocking, so that opening a named pipe returns at once; the checks run on what was opened.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    try:
        info = _regular_file_info(descriptor)
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    try:
        with handle:
            kind = kind_from_name(path)
            if kind is None:
                kind = sniff(handle.read(SNIFF_BYTES))
                handle.seek(0)
            cap = limits.cap(kind)
            if info.st_size > cap:
                raise Unreadable(_over_cap("file", cap, kind, size=info.st_size))
            data = handle.read(cap + 1)
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    if len(data) > cap:
        raise Unreadable(_over_cap("file (it grew while being read)", cap, kind))
    return RawInput(
        data=data,
        kind=kind,
        content_hash=content_hash(data),
        base_uri=Path(path).resolve().as_uri(),
        file_time=datetime.fromtimestamp(info.st_mtime, tz=UTC).date(),
    )


def load_stream(stream: BinaryIO, limits: ReadLimits) -> RawInput:
    """Read a stream that may never end: sniff its start, then read at most its kind's cap + 1 byte."""
    try:
        head = _read_upto(stream, SNIFF_BYTES)
        kind = sniff(head)
        cap = limits.cap(kind)
        data = head + _read_upto(stream, cap + 1 - len(head)) if len(head) <= cap else head
    except OSError as exc:
        raise Unreadable(f"cannot read standard input ({exc.strerror or exc})") from None
    if len(data) > cap:
        raise Unreadable(_over_cap("standard input", cap, kind))
    digest = content_hash(data)
    return RawInput(data=data, kind=kind, content_hash=digest, base_uri=f"stdin:{digest}", file_time=None)


def _regular_file_info(descriptor: int) -> os.stat_result:
    info = os.fstat(descriptor)
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("is a folder, not a file (expand folders into their documents with expand_paths)")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(
            f"is not a regular file (it is a {_file_type(info.st_mode)}); "
            "to read a stream, pipe it to standard input and pass '-'"
        )
    return info


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied; make the file readable by this user"
    return f"cannot read the file ({exc.strerror or exc})"


def _over_cap(subject: str, cap: int, kind: str, size: int | None = None) -> str:
    limit = format_size(cap)
    if size is None:
        measured = ""
    else:
        measured = format_size(size)
        if measured == limit:
            measured, limit = f"{size:,} bytes", f"{cap:,} bytes"
        measured = f" {measured},"
    return (
        f"{subject} is{measured} over the {limit} limit for {kind}; "
        f"raise [ingest] {SIZE_SETTING[kind]} to read it"
    )


def _read_upto(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at end of stream (a pipe may hand over less per read)."""
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(min(remaining, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
