"""Bad documents: one clear line each naming the file and the reason, the batch goes on, exit code
3, and nothing already in the store changes."""
from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import pyoxigraph


def _pdf_bomb(path: Path) -> None:
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    stream = b"".join(compressor.compress(chunk) for _ in range(512)) + compressor.flush()
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
            b"4 0 obj << /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >> stream\n"
            + stream + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    path.write_bytes(body)


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Write the bad inputs; return file name -> a word its error line must contain."""
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj <<")
    _pdf_bomb(folder / "bomb.pdf")
    (folder / "malformed.html").write_text("<html><head><title></title></head><body><div><<<>>></div></body>")
    (folder / "invalid.rss").write_text("<rss><channel><item><title>unclosed")
    (folder / "oversized.txt").write_text("Title\n\n" + "word " * 450_000)  # ~2.2 MB, limit set to 1 MB
    (folder / "latin1.txt").write_bytes("Caf\xe9 r\xe9sum\xe9\n\nBody text in Latin-1.".encode("latin-1"))
    os.mkfifo(folder / "unreadable.txt")
    return {"empty.txt": "empty", "binary.txt": "binary", "truncated.pdf": "PDF", "bomb.pdf": "bomb",
            "malformed.html": "HTML", "invalid.rss": "feed", "oversized.txt": "limit",
            "latin1.txt": "UTF-8", "unreadable.txt": "regular file"}


def _quads(store: Path) -> set[str]:
    db = pyoxigraph.Store.read_only(str(store))
    out = {str(q) for q in db}
    del db
    return out


SAMPLES = Path(__file__).parents[2] / "data" / "samples"


def test_bad_inputs_are_reported_and_change_nothing(rg_process, tmp_path: Path) -> None:
    store = tmp_path / "store"
    seed = SAMPLES / "2023-12-22-seed-bytedance-openai.md"
    assert rg_process("ingest", "-q", seed, "--store", store).returncode == 0
    before = _quads(store)

    batch = tmp_path / "batch"
    expected = make_bad_inputs(batch)
    quoted = batch / "it's \"odd\".md"
    shutil.copy(SAMPLES / "2023-12-08-nvidia-h20-delay.md", quoted)
    result = rg_process("ingest", "-q", batch, seed, "--store", store,
                        env={"RISKGRAPH_INGEST_MAX_MB_TEXT": "1", "RISKGRAPH_INGEST_TIMEOUT_S": "20"})
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(lines) == len(expected), result.stderr
    for name, word in expected.items():
        line = next((ln for ln in lines if name in ln), None)
        assert line is not None, f"no error line names {name}: {result.stderr}"
        assert word.lower() in line.lower(), line
    assert "Traceback" not in result.stderr
    assert "1 new, 0 updated, 1 unchanged, 9 failed" in result.stderr

    after = _quads(store)
    assert before <= after  # nothing that was there changed or went
    assert any("odd" in q and "riskgraph#source" in q for q in after - before)
