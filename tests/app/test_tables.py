"""The dashboard's reading tables: cell text is data, long names are shortened with the full name on
hover, sentences wrap at full length."""
from __future__ import annotations

import lxml.html

from riskgraph.app.dashboard.tables import NAME_CHARS, table_html


def test_cells_are_escaped_names_shortened_and_sentences_kept_whole() -> None:
    name = "Huawei Technologies Co., Ltd. and its Affiliates in Forty-Six Countries <b>x</b>"
    sentence = "The Commerce Department added the company <script>alert(1)</script> to the Entity List. " * 3
    body = table_html([{"entity": name, "evidence": sentence, "score": 0.25}], long=("evidence",))
    assert "<script>" not in body and "<b>x</b>" not in body
    [table] = lxml.html.fromstring(body).xpath("//table")
    entity, evidence, score = table.xpath(".//tbody/tr/td")
    assert entity.get("title") == name
    assert len(entity.text_content()) == NAME_CHARS and entity.text_content().endswith("…")
    assert evidence.text_content() == sentence and evidence.get("title") is None
    assert score.text_content() == "0.25" and "rg-num" in score.get("class")
    assert [th.text_content() for th in table.xpath(".//thead//th")] == ["entity", "evidence", "score"]
