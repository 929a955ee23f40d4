"""Readers: real files in, Documents or a SourceError naming the file out. No mocks.

Small fixtures live in tests/fixtures/readers; large and hostile inputs (PDF bombs, a 70 MB page, a
never-ending stream) are built in tmp_path at test time.
"""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

import pytest

from riskgraph.ingest.document import Document
from riskgraph.ingest.readers import ReadLimits, default_limits, expand_paths, read_source
from riskgraph.ontology.errors import SourceError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
MB = 1024 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_one(path: Path | str, limits: ReadLimits | None = None) -> Document:
    documents = read_source(str(path), limits)
    assert len(documents) == 1
    return documents[0]


def refused(path: Path | str, limits: ReadLimits | None = None, stdin: BinaryIO | None = None) -> str:
    """The reason read_source gives for refusing ``path``; the error must name the path."""
    with pytest.raises(SourceError) as caught:
        read_source(str(path), limits, stdin=stdin)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value.reason


# --- PDF bytes written by hand (pypdf cannot write text) ----------------------------------------------


def pdf_bytes(content: bytes, *, filters: bytes = b"", info: bytes = b"") -> bytes:
    """A one-page PDF whose content stream is ``content``, with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), filters, content),
    ]
    if info:
        objects.append(info)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info_ref = b" /Info 6 0 R" if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(objects) + 1, info_ref)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def zlib_zeros(chunks: int, chunk: int = 16 * MB) -> bytes:
    """A zlib stream inflating to ``chunks * chunk`` zero bytes, built without compressing all of them.

    After a full flush each chunk of zeros compresses to the same bytes, so one is repeated; the stream
    ends with an empty final block and the Adler-32 of n zeros, (n mod 65521) << 16 | 1.
    """
    compressor = zlib.compressobj(9)
    first = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = ((chunks * chunk) % 65521) << 16 | 1
    return first + repeated * (chunks - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def test_zlib_zeros_is_a_valid_stream() -> None:
    assert zlib.decompress(zlib_zeros(3, chunk=1 << 16)) == bytes(3 << 16)


# --- plain text -------------------------------------------------------------------------------------


def test_text_file_gives_title_text_source_hash_language_and_text_date() -> None:
    path = FIXTURES / "notice.txt"
    raw = path.read_bytes()
    doc = read_one(path)
    assert doc.text == raw.decode("utf-8")
    assert doc.title == "Commerce Adds Two Chip Suppliers to the Entity List"
    assert doc.text[doc.body_start :].startswith("Washington, D.C.")
    assert doc.source == "file://" + str(path.resolve())
    assert doc.content_hash == sha256(raw)
    assert doc.language == "en"
    assert doc.media_type == "text/plain"
    assert (doc.published, doc.date_origin) == (date(2022, 10, 7), "text")


def test_every_sample_reads_as_title_blank_line_body(tmp_path: Path) -> None:
    paths = sorted(p for p in SAMPLES.glob("*.md") if p.name != "README.md")
    assert len(paths) >= 15
    for path in paths:
        front, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
        fields = dict(line.split(": ", 1) for line in front.splitlines())
        title = fields["title"].strip('"')
        markdown = read_one(path)
        assert (markdown.title, markdown.media_type, markdown.language) == (title, "text/markdown", "en")
        assert (markdown.published, markdown.date_origin) == (date.fromisoformat(fields["published"]), "metadata")
        assert markdown.text.startswith(title + "\n\n")
        as_text = tmp_path / (path.stem + ".txt")  # the same document in the plain-text layout
        as_text.write_text(f"{title}\n\n{body.strip()}\n", encoding="utf-8")
        plain = read_one(as_text)
        assert (plain.title, plain.media_type, plain.language) == (title, "text/plain", "en")
        assert plain.text == as_text.read_text(encoding="utf-8")


def test_text_crlf_and_bom_are_normalised_and_undated_text_stays_undated(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfQuarterly note\r\n\r\nNothing dated happened here.\r\n"
    path = tmp_path / "note.txt"
    path.write_bytes(raw)
    noon = datetime(2021, 6, 1, 12, tzinfo=UTC).timestamp()
    os.utime(path, (noon, noon))
    doc = read_one(path)
    assert doc.text == "Quarterly note\n\nNothing dated happened here.\n"
    assert doc.title == "Quarterly note"
    assert doc.content_hash == sha256(raw)
    assert (doc.published, doc.date_origin) == (None, "unknown")  # the file's time is not a publication date
    assert doc.retrieved == date(2021, 6, 1)


def test_file_name_with_quotes_and_spaces_reads_fine(tmp_path: Path) -> None:
    path = tmp_path / "it's \"odd\".txt"
    path.write_text("Odd name\n\nThe file name has quotes in it.\n", encoding="utf-8")
    doc = read_one(path)
    assert doc.title == "Odd name"
    assert doc.source == path.resolve().as_uri()
    assert doc.source.startswith("file://") and " " not in doc.source and '"' not in doc.source


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "], ids=["zero-bytes", "whitespace"])
def test_empty_text_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert refused(path) == "empty document"


def test_binary_file_named_txt_is_refused(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    (tmp_path / "image.txt").write_bytes(png + zlib.compress(bytes(300)))
    (tmp_path / "controls.txt").write_bytes(bytes(range(1, 32)) * 20)
    assert refused(tmp_path / "image.txt") == "binary content, not text"
    assert refused(tmp_path / "controls.txt") == "binary content, not text"


def test_non_utf8_text_is_refused_with_the_byte_offset(tmp_path: Path) -> None:
    raw = "Café report\n\nNo accents here.".encode("latin-1")
    (tmp_path / "latin1.txt").write_bytes(raw)
    reason = refused(tmp_path / "latin1.txt")
    offset = raw.index("é".encode("latin-1"))
    assert reason == f"not valid UTF-8 text (byte {offset}); convert it to UTF-8"
    (tmp_path / "utf16.txt").write_bytes("Title\n\nBody".encode("utf-16"))
    assert "convert it to UTF-8" in refused(tmp_path / "utf16.txt")


def test_oversized_text_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (5 * MB + 1))
    reason = refused(path)
    assert reason.startswith("file is 5,242,881 bytes, over the 5,242,880 bytes limit for text")
    assert "raise" in reason
    small = ReadLimits(max_bytes={"text": 100})
    (tmp_path / "short.txt").write_bytes(b"Title\n\n" + b"word " * 40)
    assert refused(tmp_path / "short.txt", small).startswith("file is 207 bytes, over the 100 bytes limit")


def test_extracted_text_over_max_text_chars_is_refused(tmp_path: Path) -> None:
    limits = ReadLimits(max_text_chars=50)
    assert "max_text_chars" in refused(FIXTURES / "notice.txt", limits)
    assert "max_text_chars" in refused(FIXTURES / "report.pdf", limits)


# --- unreadable paths -------------------------------------------------------------------------------


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path / "missing.txt") == "file not found"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod-000 file; see the FIFO and folder cases")
def test_file_without_read_permission_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret\n\nText.\n", encoding="utf-8")
    path.chmod(0)
    assert refused(path).startswith("permission denied")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_to_read_is_refused() -> None:
    # opens fine, even for root, but reading at offset 0 fails with EIO
    assert refused("/proc/self/mem") == "cannot read the file (Input/output error)"


def test_named_pipe_and_folder_named_txt_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    assert refused(fifo).startswith("is not a regular file (it is a named pipe)")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert refused(folder).startswith("is a folder, not a file")


# --- Markdown ---------------------------------------------------------------------------------------


def test_markdown_front_matter_gives_title_date_source_and_metadata() -> None:
    doc = read_one(FIXTURES / "briefing.md")
    assert doc.title == "Sanctions briefing for the semiconductor desk"
    assert (doc.published, doc.date_origin) == (date(2024, 3, 5), "metadata")
    assert doc.source == "https://intel.example.org/briefings/semis-2024-03"
    assert doc.media_type == "text/markdown"
    assert doc.metadata["author"] == "Risk Desk"
    assert doc.metadata["tags"] == "export controls, semiconductors"
    assert doc.text.startswith("Sanctions briefing for the semiconductor desk\n\n")
    paragraphs = doc.text.split("\n\n")
    assert (
        "The Treasury Department designated three procurement networks that supplied dual-use components "
        "to sanctioned manufacturers."
    ) in paragraphs
    assert "Two companies in Hong Kong were added." in paragraphs
    assert "See the notice for details. Mentioned on 1 January 2020." in paragraphs
    for markup in ("**", "---", "# ", "](", "title:"):
        assert markup not in doc.text


def test_markdown_without_front_matter_takes_its_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "memo.markdown"
    memo = "# Memo on Huawei\n\nIssued 2023-12-22 by the desk.\n\n```\ncode stays\n```\n"
    path.write_text(memo, encoding="utf-8")
    doc = read_one(path)
    assert doc.title == "Memo on Huawei"
    assert doc.text == "Memo on Huawei\n\nIssued 2023-12-22 by the desk.\n\ncode stays"
    assert (doc.published, doc.date_origin) == (date(2023, 12, 22), "text")


def test_pathological_markdown_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "brackets.md"
    path.write_text("# Title\n\n" + "[a](" * 100_000, encoding="utf-8")  # seconds of markdown-it work
    assert refused(path, ReadLimits(timeout_s=0.3)).startswith("Markdown took longer than 0.3 s to parse")


def test_markdown_with_broken_front_matter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    reason = refused(path)
    assert reason.startswith("invalid YAML front matter") and "fix it" in reason


# --- HTML -------------------------------------------------------------------------------------------


def test_html_article_main_text_canonical_url_and_meta_date() -> None:
    path = FIXTURES / "article.html"
    doc = read_one(path)
    assert doc.source == "https://wire.example.com/2023/10/17/chipmakers-export-limits"
    assert (doc.published, doc.date_origin) == (date(2023, 10, 17), "metadata")
    assert doc.title == "Chipmakers face new export limits"
    assert doc.text.startswith("Chipmakers face new export limits\n\nThe Department of Commerce on Tuesday")
    assert "Nvidia said the new rules would affect sales" in doc.text
    for boilerplate in ("Home", "Subscribe now", "Most read", "Copyright", "Privacy policy"):
        assert boilerplate not in doc.text
    assert (doc.media_type, doc.language) == ("text/html", "en")
    assert doc.content_hash == sha256(path.read_bytes())
    assert doc.metadata["author"] == "Jane Roe"


def test_html_og_url_time_element_and_title_tag(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        '<html><head><title>Port closures\n in the strait</title>'
        '<meta property="og:url" content="https://ports.example.com/closures"></head>'
        "<body><p>Published <time datetime=\"2022-03-01T08:00:00Z\">1 March</time>.</p>"
        "<p>Authorities closed two ports to foreign shipping after the sanctions took effect, "
        "stranding dozens of container vessels and disrupting chip deliveries.</p></body></html>",
        encoding="utf-8",
    )
    doc = read_one(path)
    assert doc.source == "https://ports.example.com/closures"
    assert (doc.published, doc.date_origin) == (date(2022, 3, 1), "metadata")
    assert doc.title == "Port closures in the strait"
    assert "Authorities closed two ports" in doc.text


def test_html_never_fetches_or_reads_files_it_names(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    uri = secret.as_uri()
    path = tmp_path / "hostile.xhtml"
    path.write_text(
        f'<!DOCTYPE html SYSTEM "{uri}">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<head><title>Hostile page</title><link rel="stylesheet" href="{uri}"/>'
        f'<script src="{uri}"></script></head><body>'
        f'<p>Visible paragraph about export licensing for semiconductor equipment.</p>'
        f'<img src="{uri}"/><iframe src="{uri}"></iframe><object data="{uri}"></object>'
        f'<xi:include href="{secret}" parse="text"/><svg><image href="{uri}"/></svg>'
        "</body></html>",
        encoding="utf-8",
    )
    doc = read_one(path)
    assert "Visible paragraph about export licensing" in doc.text
    assert "TOP-SECRET-MARKER" not in doc.text


def test_html_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entities.html"
    path.write_text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p></body></html>')
    assert refused(path).startswith("XML entity declarations are not allowed")


def test_malformed_html_without_text_is_refused() -> None:
    assert refused(FIXTURES / "malformed.html") == "no readable text in HTML"


def test_html_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "giant.html"
    paragraph = b"<p>" + b"lorem ipsum dolor sit amet " * 37 + b"</p>\n"
    page = b"<html><body>" + paragraph * (70 * MB // len(paragraph))
    path.write_bytes(page + b" " * (70 * MB - len(page)))
    reason = refused(path)
    assert reason == (
        "file is 70 MB, over the 20 MB limit for html; raise [ingest] max_mb_html to read it"
    )


# --- PDF --------------------------------------------------------------------------------------------


def test_pdf_text_title_and_creation_date() -> None:
    path = FIXTURES / "report.pdf"
    doc = read_one(path)
    assert doc.title == "Supply Chain Review"
    assert doc.text.startswith("Supply Chain Review\n\nSemiconductor supply chain review\n")
    assert "Taiwan Semiconductor Manufacturing Company supplies advanced chips to Apple." in doc.text
    assert (doc.published, doc.date_origin) == (date(2023, 1, 15), "metadata")
    assert (doc.media_type, doc.language) == ("application/pdf", "en")
    assert doc.metadata["author"] == "Risk Analysis Team"
    assert doc.content_hash == sha256(path.read_bytes())


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = (FIXTURES / "report.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert refused(path).startswith("not a readable PDF (")


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("s3cret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert refused(path).startswith("PDF is encrypted with a password")


def test_pdf_decompression_bomb_is_stopped_and_reported(tmp_path: Path) -> None:
    bomb = pdf_bytes(zlib_zeros(128), filters=b" /Filter /FlateDecode")  # inflates to 2 GiB
    assert len(bomb) < 3 * MB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb)
    started = time.monotonic()
    reason = refused(path, ReadLimits(memory_mb=512, timeout_s=20))
    assert time.monotonic() - started < 20
    assert any(word in reason for word in ("decompression", "memory limit", "took longer"))
    assert read_one(FIXTURES / "report.pdf").title == "Supply Chain Review"  # the reader still works


def test_pdf_over_the_memory_limit_is_reported(tmp_path: Path) -> None:
    # ~60 MB once inflated: under pypdf's own 75 MB limit, over a 32 MB allowance for the worker
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (A) Tj ET\n" * 1_800_000, 9)
    path = tmp_path / "heavy.pdf"
    path.write_bytes(pdf_bytes(content, filters=b" /Filter /FlateDecode"))
    reason = refused(path, ReadLimits(memory_mb=32))
    assert reason.startswith("PDF exceeds the memory limit while parsing (32 MB)")


# --- feeds ------------------------------------------------------------------------------------------


def test_rss_gives_one_document_per_item() -> None:
    path = FIXTURES / "headlines.rss"
    docs = read_source(str(path))
    assert [doc.title for doc in docs] == [
        "Commerce adds 36 Chinese companies to the Entity List",
        "Netherlands to restrict exports of chipmaking tools",
        "Japan expands controls on semiconductor equipment",
    ]
    first, second, third = docs
    assert first.text == (
        "Commerce adds 36 Chinese companies to the Entity List\n\n"
        "The Bureau of Industry and Security added 36 companies, including YMTC, to the Entity List.\n\n"
        "The listing restricts exports of U.S. technology."
    )
    assert first.source == "https://trade.example.net/2022/12/15/entity-list"
    assert (first.published, first.date_origin) == (date(2022, 12, 15), "metadata")
    assert first.content_hash == sha256(first.text.encode("utf-8"))
    assert first.metadata["feed_title"] == "Trade Policy Wire"
    assert second.published == date(2023, 3, 8)
    assert third.source == path.resolve().as_uri() + "#trade-2023-0523"
    assert (third.published, third.date_origin) == (None, "unknown")
    assert {doc.media_type for doc in docs} == {"application/rss+xml"}
    assert all("<" not in doc.text and "alert" not in doc.text for doc in docs)


def test_atom_gives_one_document_per_entry() -> None:
    path = FIXTURES / "updates.atom"
    first, second = read_source(str(path))
    assert first.title == "Treasury designates drone component suppliers"
    assert first.text == (
        "Treasury designates drone component suppliers\n\n"
        "The Office of Foreign Assets Control designated four companies that supplied drone components."
    )
    assert first.source == "https://sanctions.example.org/2024/01/drones"
    assert (first.published, first.date_origin) == (date(2024, 1, 24), "metadata")
    assert first.metadata["author"] == "Sanctions Desk"
    assert second.source == path.resolve().as_uri() + "#urn:uuid:2225c695-cfb8-4ebb-aaaa-80da344efa6b"
    assert second.published == date(2024, 1, 20)
    assert {first.media_type, second.media_type} == {"application/atom+xml"}


def test_valid_feed_without_entries_gives_no_documents(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet week</title></channel></rss>', encoding="utf-8")
    assert read_source(str(path)) == []


def test_feed_with_entity_declarations_is_refused() -> None:
    started = time.monotonic()
    assert refused(FIXTURES / "billion-laughs.xml").startswith("XML entity declarations are not allowed")
    assert time.monotonic() - started < 5


def test_invalid_feed_is_refused() -> None:
    assert refused(FIXTURES / "not-a-feed.xml").startswith("not a valid RSS/Atom feed (")


def test_feed_over_the_entry_limit_is_refused() -> None:
    reason = refused(FIXTURES / "headlines.rss", ReadLimits(max_feed_entries=2))
    assert reason.startswith("feed has 3 entries, over the limit of 2")


def test_slow_parse_is_stopped_by_the_timeout_and_the_next_read_works(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Item {n}</title><description>&lt;p&gt;Entry {n} text.&lt;/p&gt;</description></item>"
        for n in range(4000)
    )
    path = tmp_path / "long.rss"
    feed = f'<rss version="2.0"><channel><title>Long</title>{items}</channel></rss>'
    path.write_text(feed, encoding="utf-8")
    reason = refused(path, ReadLimits(timeout_s=0.05))
    assert reason.startswith("feed took longer than 0.05 s to parse and was stopped")
    assert len(read_source(str(FIXTURES / "updates.atom"))) == 2


# --- standard input and sniffing ---------------------------------------------------------------------


def test_stdin_text_html_feed_and_pdf_are_sniffed() -> None:
    raw = b"Stdin title\n\nA body with no date at all.\n"
    (doc,) = read_source("-", stdin=io.BytesIO(raw))
    assert doc.source == "stdin:" + sha256(raw)
    assert (doc.title, doc.media_type, doc.published, doc.date_origin) == (
        "Stdin title", "text/plain", None, "unknown"
    )
    (page,) = read_source("-", stdin=io.BytesIO((FIXTURES / "article.html").read_bytes()))
    assert page.media_type == "text/html"
    feed_bytes = (FIXTURES / "headlines.rss").read_bytes()
    entries = read_source("-", stdin=io.BytesIO(feed_bytes))
    assert len(entries) == 3
    assert entries[2].source == f"stdin:{sha256(feed_bytes)}#trade-2023-0523"
    (pdf,) = read_source("-", stdin=io.BytesIO((FIXTURES / "report.pdf").read_bytes()))
    assert pdf.media_type == "application/pdf"


def test_never_ending_stdin_feed_is_cut_at_the_cap() -> None:
    endless = (
        "import sys\n"
        "sys.stdout.buffer.write(b\"<rss version='2.0'><channel>\")\n"
        "while True: sys.stdout.buffer.write(b'<item><title>x</title></item>' * 4096)"
    )
    with subprocess.Popen([sys.executable, "-c", endless], stdout=subprocess.PIPE) as process:
        try:
            reason = refused("-", ReadLimits(max_bytes={"feed": 2 * MB}), stdin=process.stdout)
        finally:
            process.kill()
    assert reason.startswith("standard input is over the 2 MB limit for feed")


def test_unknown_extensions_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_bytes((FIXTURES / "article.html").read_bytes())
    (tmp_path / "feed.dat").write_bytes((FIXTURES / "updates.atom").read_bytes())
    (tmp_path / "report.bin").write_bytes((FIXTURES / "report.pdf").read_bytes())
    (tmp_path / "notes.log").write_text("Log title\n\nPlain words.\n", encoding="utf-8")
    assert read_one(tmp_path / "page.dat").media_type == "text/html"
    assert len(read_source(str(tmp_path / "feed.dat"))) == 2
    assert read_one(tmp_path / "report.bin").media_type == "application/pdf"
    assert read_one(tmp_path / "notes.log").media_type == "text/plain"


def test_concurrent_reads_share_the_worker_safely() -> None:
    paths = [str(FIXTURES / "article.html"), str(FIXTURES / "report.pdf"), str(FIXTURES / "updates.atom")] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(read_source, paths))
    assert [len(docs) for docs in results] == [1, 1, 2] * 4
    assert len({docs[0].content_hash for docs in results}) == 3


# --- paths and limits ---------------------------------------------------------------------------------


def test_expand_paths_orders_folders_and_skips_what_is_not_a_document(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for name in [
        "b.txt", "a.md", "a/z.txt", "sub/c.html", "sub/d.PDF", "feeds/x.rss", ".hidden.txt", ".git/x.txt",
        "doc.gold.json", "data.json", "tool.py", "query.rq", "notes.docx",
    ]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    single = tmp_path / "single.json"
    single.write_text("{}", encoding="utf-8")
    missing = str(tmp_path / "missing.txt")
    got = expand_paths([str(root), "-", missing, str(single)])
    expected = ["a/z.txt", "a.md", "b.txt", "feeds/x.rss", "sub/c.html", "sub/d.PDF"]
    assert got == [os.path.join(str(root), name) for name in expected] + ["-", missing, str(single)]


def test_default_limits() -> None:
    limits = default_limits()
    assert limits.max_bytes == {
        "text": 5 * MB, "markdown": 5 * MB, "html": 20 * MB, "pdf": 50 * MB, "feed": 20 * MB
    }
    assert (limits.timeout_s, limits.memory_mb, limits.max_text_chars, limits.max_feed_entries) == (
        30.0, 1024, 2_000_000, 5000
    )


def test_a_sidecar_gives_the_date_and_title_and_is_part_of_the_content(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Quarterly note\n\nThe regulator opened a review.\n", encoding="utf-8")
    plain = read_one(path)
    (tmp_path / "note.meta.json").write_text('{"published": "2024-03-14", "title": "Regulator opens review"}')
    doc = read_one(path)
    assert (doc.published, doc.date_origin) == (date(2024, 3, 14), "metadata")
    assert doc.title == "Regulator opens review"
    assert doc.text.startswith("Regulator opens review\n\n")
    assert doc.content_hash != plain.content_hash  # an edited sidecar makes the document changed
    (tmp_path / "note.meta.json").unlink()
    (tmp_path / "note.txt.meta.json").write_text('{"published": "2024-03-15"}')
    assert read_one(path).published == date(2024, 3, 15)


@pytest.mark.parametrize(("content", "message"), [
    ('{"published": "soon"}', "published 'soon' is not a date (write YYYY-MM-DD)"),
    ('{"date": "2024-01-01"}', "has unknown keys ['date']; it may hold ['published', 'title']"),
    ("[1, 2]", "must hold a JSON object"),
    ("{oops", "is not valid JSON"),
])
def test_a_bad_sidecar_is_one_error_naming_it(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Quarterly note\n\nThe regulator opened a review.\n", encoding="utf-8")
    (tmp_path / "note.meta.json").write_text(content)
    reason = refused(str(path))
    assert str(tmp_path / "note.meta.json") in reason and message in reason
