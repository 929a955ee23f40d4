"""Words belong in ingest/lexicons/, not in the Python under ingest/: no literal list, tuple or set of
four strings or more (nor a string split into four words or more), except

- collections of spaCy dependency labels (the parser's label set, syntax rather than words),
- ``__all__``,
- the documented handful below (see ingest/README.md, "What stays in Python").
"""
from __future__ import annotations

import ast
from pathlib import Path

INGEST = Path(__file__).resolve().parents[2] / "ingest"
MIN_STRINGS = 4

# (file under ingest/, the first string of the collection): why it stays in Python
EXCEPTIONS = {
    ("pipeline.py", "before"): "the keyword names of spaCy's Language.add_pipe positions (an API, not words)",
    ("readers/html.py", "article:published_time"): "HTML meta-tag names that carry a date (a file format's names)",
    ("readers/html.py", "author"): "HTML meta-tag names that carry the author (a file format's names)",
    ("readers/htmltext.py", "address"): "HTML block elements (a file format's names)",
    ("readers/htmltext.py", "script"): "HTML elements whose text is no content (a file format's names)",
    ("readers/htmltext.py", "nav"): "HTML elements of page furniture (a file format's names)",
}


def _strings(node: ast.AST) -> list[str]:
    """The strings of a literal collection, or of ``"a b c d".split()``."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
        return node.func.value.value.split()
    return []


def _exempt_names(tree: ast.AST) -> set[int]:
    """ids of the collections assigned to ``__all__``."""
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)}


def word_lists(root: Path, dependency_labels: frozenset[str]) -> list[str]:
    """Every literal collection of MIN_STRINGS strings or more under ``root`` that is not exempt."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = _exempt_names(tree)
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            strings = _strings(node)
            if len(strings) < MIN_STRINGS or id(node) in exempt or set(strings) <= dependency_labels:
                continue
            if (relative, strings[0]) not in EXCEPTIONS:
                found.append(f"{relative}:{node.lineno}: {strings[:6]}")
    return found


def test_no_word_lists_in_the_python_under_ingest(pipeline) -> None:
    labels = frozenset(pipeline.nlp.get_pipe("parser").labels) | {"ROOT"}
    assert word_lists(INGEST, labels) == []


def test_the_check_finds_a_word_list(tmp_path: Path) -> None:
    (tmp_path / "words.py").write_text('VERBS = {"ban", "bar", "block", "prohibit"}\n'
                                       'NOUNS = "firm company group maker".split()\n'
                                       'DEPS = ("dobj", "nsubj", "attr", "oprd")\n'
                                       '__all__ = ["a", "b", "c", "d"]\n', encoding="utf-8")
    found = word_lists(tmp_path, frozenset({"dobj", "nsubj", "attr", "oprd"}))
    assert [f.split(":")[1] for f in found] == ["1", "2"]


def test_every_exception_still_exists(pipeline) -> None:
    """An exception that no longer matches anything is removed from the list (and the README)."""
    seen = set()
    for path in INGEST.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            strings = _strings(node)
            if len(strings) >= MIN_STRINGS:
                seen.add((path.relative_to(INGEST).as_posix(), strings[0]))
    assert set(EXCEPTIONS) <= seen
    readme = (INGEST / "README.md").read_text(encoding="utf-8")
    assert all(f"`{file}`" in readme for file, _ in EXCEPTIONS)
