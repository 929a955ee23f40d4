"""The lexicon loader refuses a broken rule file at start-up, naming the file, the rule and the key."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from riskgraph.ingest.components.lexicon import LexiconError, read_lexicon
from riskgraph.ontology.errors import ConfigError

LEXICON = Path(__file__).resolve().parents[2] / "ingest" / "lexicons"


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[str, str, str], LexiconError]:
    """Copy the lexicon, replace ``old`` by ``new`` in one file, load it; return the error."""

    def run(file: str, old: str, new: str) -> LexiconError:
        folder = tmp_path / f"lexicons-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(LEXICON, folder)
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(LexiconError) as info:
            read_lexicon(folder)
        return info.value

    return run


def test_the_shipped_lexicon_loads() -> None:
    lexicon = read_lexicon(LEXICON)
    assert {"develops_verb", "suspension", "parent_apposition", "bound_by_the_instrument"} <= {
        rule.name for _, rule in lexicon.rules()}


def test_an_unknown_key_names_file_rule_and_key(broken) -> None:
    error = broken("frames.yaml", "    predicate: develops\n", "    predicate: develops\n    predicat: develops\n")
    assert isinstance(error, ConfigError)
    assert (Path(error.path).name, error.rule, error.key) == ("frames.yaml", "develops_verb", "predicat")
    assert "unknown key" in str(error) and "develops_verb" in str(error) and "frames.yaml" in str(error)


def test_an_unknown_ontology_term_is_refused(broken) -> None:
    error = broken("frames.yaml", "    predicate: develops\n", "    predicate: develop\n")
    assert (error.rule, error.key) == ("develops_verb", "predicate")
    assert "'develop' is not a relation property of the riskgraph ontology" in error.problem


def test_an_unknown_event_class_is_refused(broken) -> None:
    error = broken("frames.yaml", "    type: Ban\n", "    type: Embargo\n")
    assert (error.rule, error.key) == ("ban", "type")
    assert "risk event class" in error.problem


def test_a_wrong_type_is_refused(broken) -> None:
    error = broken("frames.yaml", "    confidence: 0.75\n", "    confidence: high\n")
    assert (error.rule, error.key) == ("develops_verb", "confidence")
    assert "'high'" in error.problem


def test_an_unknown_argument_kind_or_group_is_refused(broken) -> None:
    error = broken("frames.yaml", "subject: {arg: [subject], group: [org]}", "subject: {arg: [subjekt], group: [org]}")
    assert (error.rule, error.key) == ("develops_verb", "subject.arg")
    assert "no argument kind 'subjekt'" in error.problem
    error = broken("frames.yaml", "object: {arg: [object], group: [asset]}", "object: {arg: [object], group: [assets]}")
    assert (error.rule, error.key) == ("develops_verb", "object.group[0]")
    assert "unknown argument group assets" in error.problem


def test_a_duplicate_name_is_refused(broken) -> None:
    error = broken("patterns.yaml", "  - name: subsidiary_apposition", "  - name: parent_apposition")
    assert (error.rule, error.key) == ("parent_apposition", "name")
    assert "also used" in error.problem


def test_a_rule_without_an_example_is_refused(broken) -> None:
    error = broken("frames.yaml", """    examples:
      - text: Globex Corporation develops Project Falcon in its Berlin laboratory.
        relations: [[Globex Corporation, develops, Project Falcon]]
""", "")
    assert (error.rule, error.key) == ("develops_verb", "examples")


def test_an_example_that_states_nothing_is_refused(broken) -> None:
    error = broken("frames.yaml", "        relations: [[Globex Corporation, develops, Project Falcon]]\n", "")
    assert error.rule == "develops_verb" and error.key.startswith("examples[0]")
    assert "states what it must yield" in error.problem


def test_a_word_class_listing_a_word_twice_is_refused(broken) -> None:
    error = broken("arguments.yaml", "words: [face, undergo,", "words: [face, face, undergo,")
    assert (error.rule, error.key) == ("bearer_verbs", "words")


def test_a_missing_section_and_bad_yaml_are_reported(broken) -> None:
    error = broken("arguments.yaml", "bearer_verbs:", "bearer_verbz:")
    assert Path(error.path).name == "arguments.yaml"
    error = broken("groups.yaml", "  - name: org", "  - name: 'org")
    assert Path(error.path).name == "groups.yaml" and "not valid YAML" in error.problem


def test_a_named_list_an_event_frame_needs_must_exist(broken) -> None:
    error = broken("frames.yaml", "    cause_list: sanctions_list\n", "    cause_list: sanction_list\n")
    assert "sanction_list" in error.problem and Path(error.path).name == "frames.yaml"
