"""Long documents are read in chunks cut at boundaries, and their facts keep offsets into the whole text."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from riskgraph.ingest.chunks import split_text
from riskgraph.ingest.document import Document


def test_chunks_join_back_and_stay_under_the_limit() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "Some words here. " * (i % 7 + 1) for i in range(200))
    pieces = split_text(text, 500)
    assert "".join(chunk for _, chunk in pieces) == text
    assert all(len(chunk) <= 500 for _, chunk in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(c) for _, c in pieces[:i]) for i in range(len(pieces))]
    assert all(chunk.endswith("\n\n") for _, chunk in pieces[:-1])  # cut at paragraph breaks


def test_a_text_without_breaks_is_cut_at_sentences_then_spaces_then_anywhere() -> None:
    sentences = "One sentence ends here. " * 100
    assert all(chunk.endswith(". ") for _, chunk in split_text(sentences, 300)[:-1])
    words = "word " * 500
    assert all(chunk.endswith(" ") for _, chunk in split_text(words, 300)[:-1])
    letters = "x" * 1000
    assert [len(chunk) for _, chunk in split_text(letters, 300)] == [300, 300, 300, 100]


@pytest.fixture
def small_chunks(pipeline):
    saved = pipeline.chunk_chars
    pipeline.chunk_chars = 400
    yield pipeline
    pipeline.chunk_chars = saved


def _document(text: str) -> Document:
    return Document(text=text, title=text.split("\n", 1)[0], source="file:///tmp/chunked.txt",
                    published=date(2024, 3, 1), date_origin="metadata", language="en", media_type="text/plain",
                    content_hash="0")


def test_a_chunked_document_yields_the_facts_of_each_part_at_their_offsets(small_chunks) -> None:
    paragraphs = ["Chunked filing", "Kestrel Labs develops the Osprey model in Singapore.",
                  *("Analysts expect little change this quarter, and the market was calm." for _ in range(20)),
                  "Nimbus Compute acquired Tern Robotics, a start-up based in Berlin."]
    text = "\n\n".join(paragraphs)
    whole = next(small_chunks.extract([_document(text)]))
    assert len(text) > 3 * small_chunks.chunk_chars
    assert whole.document.text == text
    for mention in whole.mentions:  # every offset points into the whole text
        assert text[mention.evidence.start:mention.evidence.end] == mention.evidence.text
        assert text[mention.start:mention.end].strip()
    names = {entity.name for entity in whole.entities.values()}
    assert {"Kestrel Labs", "Nimbus Compute"} <= names  # from the first and the last chunk
    assert any(event.cls == "Acquisition" for event in whole.events)
    late = [m for m in whole.mentions if text[m.start:m.end] == "Nimbus Compute"]
    assert late and late[0].start > 2 * small_chunks.chunk_chars


def test_short_and_long_documents_in_one_stream_come_back_in_order(small_chunks) -> None:
    short = _document("Short note\n\nOpenAI suspended an account.")
    long = replace(_document("Long note\n\n" + "The market was calm and quiet today. " * 40),
                   source="file:///tmp/long.txt")
    out = list(small_chunks.extract([short, long, short]))
    assert [x.document.source for x in out] == [short.source, long.source, short.source]
