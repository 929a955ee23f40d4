"""Every example and counter-example of every rule under ingest/lexicons/, through the real pipeline.

An example must yield what it lists (and its rule must have fired, for rules that are traced); a
counter-example must yield nothing from its rule. See ingest/components/rule_examples.py.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from riskgraph.ingest.components.lexicon import load_lexicon, read_lexicon
from riskgraph.ingest.components.lexicon_types import Example, Rule
from riskgraph.ingest.components.rule_examples import check

LEXICON = Path(__file__).resolve().parents[2] / "ingest" / "lexicons"


def _cases() -> list:
    cases = []
    for file, rule in load_lexicon(str(LEXICON)).rules():
        for i, example in enumerate(rule.examples):
            cases.append(pytest.param(rule, example, False, id=f"{file}:{rule.name}:{i}"))
        for i, example in enumerate(rule.counter_examples):
            cases.append(pytest.param(rule, example, True, id=f"{file}:{rule.name}:counter{i}"))
    return cases


@pytest.mark.parametrize(("rule", "example", "counter"), _cases())
def test_rule_example(pipeline, rule: Rule, example: Example, counter: bool) -> None:
    problems = check(pipeline.nlp, rule, example, counter=counter)
    assert not problems, f"{rule.name}: {example.text}\n" + "\n".join(problems)


def test_every_rule_has_an_example_and_a_unique_name() -> None:
    rules = [rule for _, rule in load_lexicon(str(LEXICON)).rules()]
    assert len(rules) > 100
    assert all(rule.examples for rule in rules)
    assert len({rule.name for rule in rules}) == len(rules)


def test_examples_are_written_for_the_project(corpus_dir: Path, sample_files: list[Path]) -> None:
    """No example sentence is taken from the shared corpus, the shipped samples or the news
    development sets (data/dev-news, data/dev-news-2 ... data/dev-news-4): rules are tested on sentences of their
    own."""
    data = LEXICON.parents[1] / "data"
    dev_news = sorted((data / "dev-news").glob("*.md")) + sorted((data / "dev-news-2").glob("*.txt")) \
        + sorted((data / "dev-news-3").glob("*.txt")) + sorted((data / "dev-news-4").glob("*.txt"))
    texts = [" ".join(p.read_text(encoding="utf-8").split())
             for p in [*corpus_dir.glob("*.txt"), *sample_files, *dev_news]]
    taken = [example.text for _, rule in load_lexicon(str(LEXICON)).rules()
             for example in (*rule.examples, *rule.counter_examples)
             if any(" ".join(example.text.split()) in text for text in texts)]
    assert taken == []


def test_a_broken_rule_fails_its_own_example(tmp_path: Path) -> None:
    """Misspell a trigger of one frame in a copy of the lexicon: that frame's example fails."""
    from riskgraph.ingest.pipeline import DEFAULT_CONFIG, Pipeline

    shutil.copytree(LEXICON, tmp_path / "lexicons")
    shutil.copy(DEFAULT_CONFIG, tmp_path / "pipeline.toml")
    frames = tmp_path / "lexicons" / "frames.yaml"
    frames.write_text(frames.read_text(encoding="utf-8").replace("lemmas: [develop, build,", "lemmas: [devlop, build,"),
                      encoding="utf-8")
    broken = Pipeline(LEXICON.parents[1] / "data" / "gazetteer", tmp_path / "pipeline.toml")
    rule = next(r for _, r in read_lexicon(tmp_path / "lexicons").rules() if r.name == "develops_verb")
    problems = check(broken.nlp, rule, rule.examples[0])
    assert "rule 'develops_verb' did not fire" in problems
    assert any(p.startswith("misses relation") for p in problems)
