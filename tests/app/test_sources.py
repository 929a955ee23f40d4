"""What a batch may read: no link out of an ingested folder, no identity taken over by another source,
and names printed safely."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph

FIXTURES = Path(__file__).parents[1] / "fixtures" / "readers"
SAMPLES = Path(__file__).parents[2] / "data" / "samples"
PAGE_URL = "https://wire.example.com/2023/10/17/chipmakers-export-limits"  # article.html's canonical URL


def _graph_quads(store: Path, graph: str) -> set[str]:
    db = pyoxigraph.Store.read_only(str(store))
    quads = {str(q) for q in db.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))}
    del db
    return quads


def _document_iri(store: Path, source: str) -> str:
    db = pyoxigraph.Store.read_only(str(store))
    query = "SELECT ?d ?s WHERE { GRAPH ?d { ?d <https://w3id.org/riskgraph#source> ?s } }"
    found = [row["d"].value for row in db.query(query) if row["s"].value == source]
    del db
    assert len(found) == 1, found
    return found[0]


def _feed_claiming(url: str, path: Path) -> None:
    path.write_text(f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Other wire</title><link>https://other.example.org/</link>
<item><title>Unrelated story</title><link>{url}</link><guid>x-1</guid>
<description>A different story that claims the page's address as its link.</description></item>
</channel></rss>""", encoding="utf-8")


def test_a_feed_entry_cannot_overwrite_a_page_with_the_same_address(rg_process, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", FIXTURES / "article.html", "--store", store).returncode == 0
    page = _document_iri(store, PAGE_URL)
    before = _graph_quads(store, page)
    feed = tmp_path / "feed.rss"
    _feed_claiming(PAGE_URL, feed)
    result = rg_process("ingest", "-q", feed, "--store", store)
    assert result.returncode == 1, result.stderr  # nothing could be stored
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("failed: ")]
    assert line.startswith(f"failed: {feed} ({PAGE_URL}): its identity {PAGE_URL} already belongs to a stored "
                           "document read from a page that declares it as its canonical URL")
    assert "0 new, 0 updated" in result.stderr
    assert _graph_quads(store, page) == before


def test_the_same_page_again_is_an_update_not_a_clash(rg_process, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert rg_process("ingest", "-q", FIXTURES / "article.html", "--store", store).returncode == 0
    copy = tmp_path / "saved-again.html"
    copy.write_text((FIXTURES / "article.html").read_text(encoding="utf-8") + "\n<!-- saved again -->\n")
    result = rg_process("ingest", "-q", copy, "--store", store)
    assert result.returncode == 0, result.stderr
    assert "0 new, 1 updated" in result.stderr


def test_links_out_of_an_ingested_folder_are_refused_unless_followed(rg_process, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Private notes\n\nNot for the graph.", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / "2023-12-22-seed-bytedance-openai.md", folder / "seed.md")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "notes.txt").symlink_to(secret)
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    (folder / "again.md").symlink_to(folder / "seed.md")  # inside: fine, read once

    store = tmp_path / "store"
    result = rg_process("ingest", "-q", folder, "--store", store)
    assert result.returncode == 3, result.stderr
    failed = sorted(ln for ln in result.stderr.splitlines() if ln.startswith("failed: "))
    assert failed == [
        f"failed: {folder / 'elsewhere'}: is a symbolic link to {outside}, outside {folder}; not read "
        "(pass --follow-symlinks to read what links point to)",
        f"failed: {folder / 'notes.txt'}: is a symbolic link to {secret}, outside {folder}; not read "
        "(pass --follow-symlinks to read what links point to)",
        f"failed: {folder / 'passwd.txt'}: is a symbolic link to /etc/passwd, outside {folder}; not read "
        "(pass --follow-symlinks to read what links point to)",
    ]
    followed = rg_process("ingest", "-q", "--follow-symlinks", folder / "notes.txt", folder / "elsewhere",
                          "--store", tmp_path / "other")
    assert followed.returncode == 0, followed.stderr


def test_file_names_with_terminal_escapes_are_printed_escaped(rg_process, tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.txt"
    name.write_bytes(b"")  # empty: fails, and its name is printed
    result = rg_process("ingest", "-q", name, "--store", tmp_path / "store")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evil\\x1b]0;owned\\x07\\x1b[2J.txt" in result.stderr


def test_a_missing_file_alone_is_exit_1(rg_process, tmp_path: Path) -> None:
    result = rg_process("ingest", "-q", tmp_path / "nope.txt", "--store", tmp_path / "store")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"failed: {tmp_path / 'nope.txt'}: ")
