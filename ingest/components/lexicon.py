"""One loader for every rule file under ``ingest/lexicons/``: read (libyaml's C loader when
available), validate against ``lexicon_schema`` and the ontology, and report the first problem with
the file, the rule and the key, as a ``LexiconError`` (a ``ConfigError``)."""
from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from riskgraph.ingest.components.lexicon_schema import (
    FILES,
    ArgumentsFile,
    CoreferenceFile,
    DatesFile,
    EntitiesFile,
    EventsFile,
    FramesFile,
    GroupsFile,
    InstrumentsFile,
    LicencesFile,
    ModalityFile,
    PatternsFile,
    RolesFile,
)
from riskgraph.ingest.components.lexicon_types import Rule
from riskgraph.ontology.errors import ConfigError

try:  # the C loader is several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class LexiconError(ConfigError):
    """A rule file is unreadable or invalid. The message names the file, the rule and the key."""

    def __init__(self, path: Path | str, problem: str, rule: str | None = None, key: str | None = None) -> None:
        where = str(path)
        if rule:
            where += f": rule {rule!r}"
        if key:
            where += f", key {key!r}"
        super().__init__(f"{where}: {problem}")
        self.path, self.rule, self.key, self.problem = str(path), rule, key, problem


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Every rule file, validated. Compared and hashed by identity (components cache by lexicon)."""

    folder: Path
    groups: GroupsFile
    arguments: ArgumentsFile
    coreference: CoreferenceFile
    roles: RolesFile
    entities: EntitiesFile
    frames: FramesFile
    patterns: PatternsFile
    licences: LicencesFile
    instruments: InstrumentsFile
    modality: ModalityFile
    events: EventsFile
    dates: DatesFile

    def group_classes(self) -> dict[str, frozenset[str]]:
        return {g.name: frozenset(g.classes) for g in self.groups.groups}

    def rules(self) -> Iterator[tuple[str, Rule]]:
        """(file name, rule) for every rule of every file, in file order."""
        for name in FILES:
            yield from ((name, rule) for rule in _rules_in(getattr(self, name.removesuffix(".yaml"))))


def _rules_in(value: Any) -> Iterator[Rule]:
    if isinstance(value, Rule):
        yield value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _rules_in(getattr(value, field))
    elif isinstance(value, tuple):
        for item in value:
            yield from _rules_in(item)


# ---------------------------------------------------------------------- reading
def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a safe loader
    except OSError as exc:
        raise LexiconError(path, f"cannot read the rule file ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(path, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(path, "a rule file is a mapping of sections (see ingest/README.md)")
    return data


def _rule_type(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, through tuple[...], X | None and Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _rule_type(arg)
        if found is not None:
            return found
    return None


def _name_sections(model: type[BaseModel], data: Any) -> Any:
    """A rule held by a named section (``bearer_verbs: {words: ...}``) is named after its key."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key, field in model.model_fields.items():
        inner = _rule_type(field.annotation)
        if inner is None or key not in out:
            continue
        if issubclass(inner, Rule) and field.annotation is inner and isinstance(out[key], dict):
            out[key] = {"name": key, **out[key]}
        elif field.annotation is inner:
            out[key] = _name_sections(inner, out[key])
    return out


def _locate(data: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str]:
    """The rule (the innermost mapping with a name on the path) and the key inside it."""
    rule, key_parts, node = None, [], data
    for part in loc:
        key_parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
        node = node[part] if isinstance(node, dict | list) and _has(node, part) else None
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            rule, key_parts = node["name"], []
    key = "".join(key_parts).lstrip(".")
    return rule, key


def _has(node: dict | list, part: int | str) -> bool:
    return part in node if isinstance(node, dict) else isinstance(part, int) and part < len(node)


def _explain(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key (misspelt? see the header of the file for the keys a rule takes)"
    if error["type"] == "missing":
        return "required key missing"
    message = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] != "value_error" and not isinstance(value, dict | list):
        message += f" (got {type(value).__name__} {value!r})"
    return message


def _validate(path: Path, model: type[BaseModel], data: dict, context: dict) -> BaseModel:
    data = _name_sections(model, data)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        rule, key = _locate(data, tuple(first["loc"]))
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise LexiconError(path, _explain(first) + more, rule, key or None) from None


def _unique_names(lexicon: Lexicon) -> None:
    seen: dict[str, str] = {}
    for file, rule in lexicon.rules():
        if not rule.name:
            raise LexiconError(lexicon.folder / file, "every rule needs a name", None, "name")
        if rule.name in seen:
            raise LexiconError(lexicon.folder / file, f"the name is also used in {seen[rule.name]}", rule.name,
                               "name")
        seen[rule.name] = file


def read_lexicon(folder: Path) -> Lexicon:
    """Read and validate every rule file of ``folder`` (uncached; see ``load_lexicon``)."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise LexiconError(folder, f"rule files missing: {', '.join(missing)}")
    groups = _validate(folder / "groups.yaml", GroupsFile, _read(folder / "groups.yaml"), {})
    assert isinstance(groups, GroupsFile)
    context = {"groups": [g.name for g in groups.groups]}
    files: dict[str, Any] = {"groups": groups}
    for name, model in FILES.items():
        if name != "groups.yaml":
            files[name.removesuffix(".yaml")] = _validate(folder / name, model, _read(folder / name), context)
    lexicon = Lexicon(folder=folder, **files)
    _unique_names(lexicon)
    return lexicon


@lru_cache(maxsize=4)
def load_lexicon(folder: str) -> Lexicon:
    """The validated lexicon of ``folder``, read once per process."""
    return read_lexicon(Path(folder))
