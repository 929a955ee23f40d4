"""shapes.ttl accepts the seed example, reports broken data with a readable message, matches the ontology."""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Dataset, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from riskgraph.ontology import (
    ENTITY_NS,
    RG,
    allowed_values,
    domain_of,
    entity_classes,
    event_classes,
    ontology_graph,
    range_of,
    relation_properties,
    shapes_graph,
    subclasses,
)

# rdflib 7's own Dataset and TriG parser call its deprecated API; nothing here does.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ontology"

PREFIXES = """
@base <https://w3id.org/riskgraph/id/> .
@prefix rg:   <https://w3id.org/riskgraph#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

Result = tuple[Node | None, Node | None, str]

ISO_MESSAGE = 'Jurisdiction isoCode must be ISO 3166-1 alpha-2 or EU (one code, such as "CN", "US" or "EU")'


def load_dataset(name: str) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(FIXTURES / name, format="trig")
    return dataset


def union(dataset: Dataset) -> Graph:
    """All named graphs as one graph: what the store's union default graph shows to a query."""
    graph = Graph()
    graph += ((s, p, o) for s, p, o, _ in dataset.quads())
    return graph


def load(name: str) -> Graph:
    path = FIXTURES / name
    if path.suffix == ".trig":
        return union(load_dataset(name))
    return Graph().parse(path, format="turtle")


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def validate(
    data: Graph | Dataset, *, ontology: bool = False, inference: str = "none"
) -> tuple[bool, set[Result]]:
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph() if ontology else None,
        inference=inference,
    )
    value = report.value
    results = {
        (value(r, SH.focusNode), value(r, SH.resultPath), str(value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return bool(conforms), results


def rgid(path: str) -> URIRef:
    return ENTITY_NS[path]


# --- the valid seed example -------------------------------------------------------------------------


@pytest.mark.parametrize(("ontology", "inference"), [(False, "none"), (True, "none"), (True, "rdfs")])
def test_seed_example_conforms(ontology: bool, inference: str) -> None:
    assert validate(load("valid.trig"), ontology=ontology, inference=inference) == (True, set())


def test_seed_example_conforms_as_a_dataset() -> None:
    assert validate(load_dataset("valid.trig")) == (True, set())


def test_seed_example_has_one_graph_per_source() -> None:
    dataset = load_dataset("valid.trig")
    named = {g.identifier for g in dataset.graphs() if len(g)}
    assert named == {rgid("kb/gazetteer"), rgid("doc/seed")}


def test_seed_example_evidence_offsets_point_into_the_document_text() -> None:
    dataset = load_dataset("valid.trig")
    text = str(dataset.value(rgid("doc/seed"), RG.text))
    claims = list(dataset.subjects(RDF.type, RG.Claim))
    assert len(claims) == 5
    checked = 0
    for claim in claims:
        start, end = dataset.value(claim, RG.charStart), dataset.value(claim, RG.charEnd)
        if start is None:
            continue
        assert text[start.toPython() : end.toPython()] == str(dataset.value(claim, RG.evidenceText))
        checked += 1
    assert checked == 4
    mention = rgid("claim/seed-mentions-jodi-seth")
    start, end = dataset.value(mention, RG.mentionStart), dataset.value(mention, RG.mentionEnd)
    assert text[start.toPython() : end.toPython()] == "Jodi Seth"


# --- the broken fixtures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "bad_iso_code.ttl",
            (
                rgid("jurisdiction/cn"),
                RG.isoCode,
                ISO_MESSAGE,
            ),
        ),
        (
            "two_labels.ttl",
            (
                rgid("company/bytedance"),
                RDFS.label,
                "An entity must have exactly one rdfs:label (its canonical name) as a string; "
                "put other names in skos:altLabel",
            ),
        ),
        (
            "bad_confidence.ttl",
            (
                rgid("claim/bad-confidence"),
                RG.confidence,
                "A claim must have exactly one rg:confidence, an xsd:decimal between 0 and 1",
            ),
        ),
        (
            "bad_status.ttl",
            (
                rgid("event/openai-suspends-bytedance-2023-12"),
                RG.status,
                'An event has at most one rg:status, one of "announced", "in force", "pending", "lifted", '
                '"denied"',
            ),
        ),
        (
            "licensee_subject.ttl",
            (rgid("company/microsoft"), None, "The subject of rg:licensee must be a License"),
        ),
    ],
)
def test_broken_fixture_is_reported_with_its_message(fixture: str, expected: Result) -> None:
    assert validate(load(fixture)) == (False, {expected})


# --- more broken data, one defect each --------------------------------------------------------------

ORG_OK = """
<company/openai> a rg:Company ; rdfs:label "OpenAI" .
<company/bytedance> a rg:Company ; rdfs:label "ByteDance" .
"""
CLAIM_OK = """
<claim/c1> a rg:Claim ;
    rdf:subject <company/openai> ; rdf:predicate rg:competesWith ; rdf:object <company/bytedance> ;
    prov:wasDerivedFrom <doc/d1> ; rg:confidence 0.5 ; rg:extractor "patterns/1.0" ; rg:modality "hedged" ;
"""


@pytest.mark.parametrize(
    ("data", "focus", "path", "message"),
    [
        (
            '[] a rg:Company ; rdfs:label "Nameless" .',
            None,
            None,
            "An entity must be named by an IRI under https://w3id.org/riskgraph/id/, never a blank node",
        ),
        (
            '<http://example.org/acme> a rg:Company ; rdfs:label "Acme" .',
            URIRef("http://example.org/acme"),
            None,
            "An entity must be named by an IRI under https://w3id.org/riskgraph/id/, never a blank node",
        ),
        (
            '<company/openai> a rg:Company ; rdfs:label "OpenAI" ;'
            " owl:sameAs <https://en.wikipedia.org/wiki/OpenAI> .",
            rgid("company/openai"),
            URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            "owl:sameAs must point to a Wikidata item IRI such as http://www.wikidata.org/entity/Q12345",
        ),
        (
            '<product/gpt-api> a rg:Product ; skos:altLabel "GPT" .',
            rgid("product/gpt-api"),
            RDFS.label,
            "An entity must have exactly one rdfs:label (its canonical name) as a string; "
            "put other names in skos:altLabel",
        ),
        (
            '<jurisdiction/eu> a rg:Jurisdiction ; rdfs:label "European Union" ; rg:isoCode "EU" , "EUR" .',
            rgid("jurisdiction/eu"),
            RG.isoCode,
            ISO_MESSAGE,
        ),
        (
            ORG_OK + '<event/e1> a rg:Ban ; rg:actor <company/openai> ; rg:date "December 2023" .',
            rgid("event/e1"),
            RG.date,
            "An event has at most one rg:date, an xsd:date (2023-12-15) or, when only the month is known, "
            "an xsd:gYearMonth (2023-12), or when only the year is known an xsd:gYear (2023)",
        ),
        (
            ORG_OK + '<event/e1> a rg:Sanction ; rg:actor "the US" ; rg:target <company/bytedance> .',
            rgid("event/e1"),
            RG.actor,
            "The rg:actor of an event must be an entity "
            "(an Organization, Jurisdiction or Person, typed as such)",
        ),
        (
            ORG_OK + "<event/e1> a rg:Suspension ; rg:cause <company/bytedance> .",
            rgid("event/e1"),
            RG.cause,
            "The rg:cause of an event must be a Violation event, a Regulation or a License",
        ),
        (
            ORG_OK + CLAIM_OK + 'rg:charStart 40 ; rg:charEnd 12 .',
            rgid("claim/c1"),
            RG.charStart,
            "A claim has at most one rg:charStart, an xsd:integer >= 0 and not after rg:charEnd",
        ),
        (
            ORG_OK + CLAIM_OK + 'rg:role "CEO" , "founder" .',
            rgid("claim/c1"),
            RG.role,
            "A claim has at most one rg:role, a string",
        ),
        (
            ORG_OK + '<claim/c1> a rg:Claim ; rdf:subject <company/openai> ; rdf:predicate rg:competesWith ;'
            ' rdf:object <company/bytedance> ; rg:confidence 0.5 .',
            rgid("claim/c1"),
            URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
            "A claim must name exactly one source with prov:wasDerivedFrom: "
            "its Document or the KnowledgeBase",
        ),
        (
            ORG_OK + CLAIM_OK.replace('"hedged"', '"rumoured"') + ".",
            rgid("claim/c1"),
            RG.modality,
            'A claim has at most one rg:modality, one of "asserted", "reported", "hedged", "denied", "negated"',
        ),
        (
            ORG_OK + CLAIM_OK.replace('"patterns/1.0"', '"patterns"') + ".",
            rgid("claim/c1"),
            RG.extractor,
            'A claim has at most one rg:extractor, a string "name/version"',
        ),
        (
            '<doc/d1> a rg:Document ; rg:source "https://example.org/a"^^xsd:anyURI .',
            rgid("doc/d1"),
            RG.contentHash,
            "A document must have exactly one rg:contentHash, a string",
        ),
        (
            '<doc/d1> a rg:Document ; rg:contentHash "sha256:00" ; rg:source "https://example.org/a" .',
            rgid("doc/d1"),
            RG.source,
            "A document must have exactly one rg:source, an xsd:anyURI (where it came from)",
        ),
        (
            '<doc/d1> a rg:Document ; rg:contentHash "sha256:00" ;'
            ' rg:source "https://example.org/a"^^xsd:anyURI ; rg:published "2023-12"^^xsd:gYearMonth .',
            rgid("doc/d1"),
            RG.published,
            "A document has at most one rg:published date, an xsd:date",
        ),
        (
            ORG_OK + "<company/openai> rg:provides <company/bytedance> .",
            rgid("company/openai"),
            RG.provides,
            "The object of rg:provides must be a Product",
        ),
        (
            ORG_OK + "<company/openai> rg:headquarteredIn <company/bytedance> .",
            rgid("company/openai"),
            RG.headquarteredIn,
            "The object of rg:headquarteredIn must be a Jurisdiction",
        ),
    ],
)
def test_defect_is_reported_with_its_message(
    data: str, focus: Node | None, path: Node | None, message: str
) -> None:
    conforms, results = validate(turtle(data))
    assert conforms is False
    if focus is None:  # a blank node: compare path and message only
        assert {(p, m) for _, p, m in results} == {(path, message)}
    else:
        assert results == {(focus, path, message)}


def test_subclasses_count_for_domain_and_range_without_inference() -> None:
    data = turtle(
        """
        <gov/bis> a rg:GovernmentBody ; rdfs:label "Bureau of Industry and Security" .
        <company/openai> a rg:Provider ; rdfs:label "OpenAI" .
        <regulation/ear> a rg:Regulation ; rdfs:label "Export Administration Regulations" ;
            rg:issuedBy <gov/bis> ; rg:covers <company/openai> .
        <company/openai> rg:competesWith <company/openai-rival> .
        <company/openai-rival> a rg:Company ; rdfs:label "Rival" .
        """
    )
    assert validate(data) == (True, set())


# --- the shapes agree with the ontology -------------------------------------------------------------


def classes_of(shapes: Graph, shape: Node) -> set[str]:
    """The classes a shape accepts: its sh:class, or the sh:class of each member of its sh:or."""
    found = set(shapes.objects(shape, SH["class"]))
    for head in shapes.objects(shape, SH["or"]):
        found |= {c for member in Collection(shapes, head) for c in shapes.objects(member, SH["class"])}
    return {str(c).removeprefix(str(RG)) for c in found}


def with_subclasses(names: frozenset[str]) -> set[str]:
    return set(names).union(*(subclasses(n) for n in names))


@pytest.mark.parametrize("prop", sorted(relation_properties()))
def test_relation_shape_matches_domain_and_range(prop: str) -> None:
    shapes = shapes_graph()
    node_shapes = list(shapes.subjects(SH.targetSubjectsOf, RG[prop]))
    assert len(node_shapes) == 1, prop
    assert classes_of(shapes, node_shapes[0]) == with_subclasses(domain_of(prop))
    property_shapes = [
        ps for ps in shapes.objects(node_shapes[0], SH.property) if (ps, SH.path, RG[prop]) in shapes
    ]
    assert len(property_shapes) == 1
    assert classes_of(shapes, property_shapes[0]) == with_subclasses(range_of(prop))


def test_entity_and_event_shapes_target_every_class() -> None:
    shapes = shapes_graph()

    def targets(shape: str) -> set[str]:
        iri = URIRef("https://w3id.org/riskgraph/shapes#" + shape)
        return {str(c).removeprefix(str(RG)) for c in shapes.objects(iri, SH.targetClass)}

    assert targets("EntityShape") == entity_classes()
    assert targets("RiskEventShape") == event_classes() | {"RiskEvent"}
    any_entity = URIRef("https://w3id.org/riskgraph/shapes#AnyEntity")
    listed = {str(shapes.value(m, SH["class"])).removeprefix(str(RG)) for m in Collection(shapes, any_entity)}
    assert listed == entity_classes()


def test_every_constraint_has_a_message() -> None:
    shapes = shapes_graph()
    structural = {
        RDF.type, RDFS.comment, SH.property, SH.message, SH.path, SH.targetClass, SH.targetSubjectsOf
    }
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.path, None)):
        constraints = {p for p in shapes.predicates(shape, None)} - structural
        if constraints:
            messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
            assert len(messages) == 1, shape


def test_allowed_values_are_read_from_the_shapes() -> None:
    assert allowed_values("status") == ("announced", "in force", "pending", "lifted", "denied")
    assert allowed_values("modality") == ("asserted", "reported", "hedged", "denied", "negated")
    assert allowed_values(RG.dateOrigin) == ("metadata", "given", "text", "unknown")
    assert allowed_values("confidence") == ()


def test_shapes_are_well_formed_shacl() -> None:
    conforms, _, text = pyshacl.validate(
        shapes_graph(), shacl_graph="http://www.w3.org/ns/shacl-shacl", inference="none"
    )
    assert conforms, text
