"""riskgraph.ttl declares the contract, RG matches it, and vocabulary.py reads it right."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VANN
from rdflib.namespace import ODRL2 as ODRL

from riskgraph.ontology import (
    ENTITY_NS,
    RG,
    bind_prefixes,
    domain_of,
    entity_classes,
    event_classes,
    event_properties,
    label,
    ontology_graph,
    ontology_path,
    range_of,
    relation_properties,
    shapes_path,
    subclasses,
    superclasses,
    symmetric_properties,
    terms,
)

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_MD = ROOT / "docs" / "ontology-core.md"  # the client's contract, as handed to the project
SHARED_CONTRACT_MD = ROOT.parent / "shared" / "ontology-core.md"

CORE_CLASSES = frozenset(
    "Organization Company GovernmentBody Provider Project Product License Jurisdiction Regulation Person "
    "RiskEvent Document".split()
)
EVENT_CLASSES = frozenset(
    "Ban Suspension Sanction ExportControl Investigation Lawsuit Violation Acquisition Partnership "
    "Investment Divestiture".split()
)
RELATIONS = frozenset(
    "parentOf develops provides dependsOn licensee licensor covers subjectTo violates headquarteredIn "
    "jurisdiction issuedBy worksFor competesWith partnerOf investsIn".split()
)
EVENT_OBJECT_PROPERTIES = frozenset({"actor", "target", "concerns", "cause"})
CONTRACT_DATATYPE_PROPERTIES = frozenset({"date", "status", "isoCode", "role"})
CONTRACT_TERMS = (
    CORE_CLASSES | EVENT_CLASSES | RELATIONS | EVENT_OBJECT_PROPERTIES | CONTRACT_DATATYPE_PROPERTIES
)

# Namespaces whose terms rdflib knows: an IRI in one of them must be one of its terms (catches typos).
# (DCAT, SDO and XSD are reached through ``rns``: pytest probes module globals, and those three warn.)
CLOSED_VOCABULARIES: tuple[type[rns.DefinedNamespace], ...] = (
    rns.DCAT, DCTERMS, FOAF, ODRL, ORG, OWL, PROV, RDF, RDFS, rns.SDO, SKOS, VANN, rns.XSD,
)
# External IRIs outside those namespaces, each checked by hand against the published vocabulary.
KNOWN_EXTERNAL = frozenset(
    URIRef(iri)
    for iri in (
        "https://spec.edmcouncil.org/fibo/ontology/BE/LegalEntities/LegalPersons/LegalEntity",
        "https://spec.edmcouncil.org/fibo/ontology/BE/GovernmentEntities/GovernmentEntities/GovernmentBody",
        "https://spec.edmcouncil.org/fibo/ontology/FND/Law/LegalCore/Law",
        "https://spec.edmcouncil.org/fibo/ontology/FND/Law/LegalCore/isInForceIn",
        "https://spec.edmcouncil.org/fibo/ontology/FND/Law/Jurisdiction/Jurisdiction",
        "https://spec.edmcouncil.org/fibo/ontology/FND/Law/LegalCapacity/License",
        "http://www.w3.org/ns/oa#exact",
        "http://www.w3.org/ns/oa#start",
        "http://www.w3.org/ns/oa#end",
    )
)
ONTOLOGY_IRI = URIRef("https://w3id.org/riskgraph")
ALIGNMENT_PREDICATES = (RDFS.subClassOf, OWL.equivalentClass, SKOS.closeMatch, SKOS.exactMatch, RDFS.seeAlso)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology_graph()


def rg_iri(name: str) -> URIRef:
    return URIRef(str(RG) + name)


def is_rg(node: object) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(RG))


def declared(graph: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {str(s)[len(str(RG)) :] for k in kinds for s in graph.subjects(RDF.type, k) if is_rg(s)}


def members(graph: Graph, node: object) -> set[object]:
    union = graph.value(node, OWL.unionOf)
    return set(Collection(graph, union)) if union is not None else {node}


# --- the file ---------------------------------------------------------------------------------------


def test_files_are_shipped_next_to_the_package() -> None:
    assert ontology_path().name == "riskgraph.ttl" and ontology_path().is_file()
    assert shapes_path().name == "shapes.ttl" and shapes_path().is_file()


def test_turtle_parses_with_a_described_ontology_header() -> None:
    graph = Graph().parse(ontology_path(), format="turtle")
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert graph.value(ONTOLOGY_IRI, RDFS.label) is not None
    assert graph.value(ONTOLOGY_IRI, RDFS.comment) is not None


def test_ontology_graph_is_a_fresh_copy() -> None:
    first = ontology_graph()
    first.add((RG.Company, RDFS.label, Literal("changed")))
    assert (RG.Company, RDFS.label, Literal("changed")) not in ontology_graph()


# --- the contract -----------------------------------------------------------------------------------


def test_every_contract_term_is_declared(graph: Graph) -> None:
    assert CONTRACT_TERMS - declared(graph) == set()


def test_every_term_named_in_the_contract_document_is_declared(graph: Graph) -> None:
    named = set(re.findall(r"\brg:([A-Za-z]+)", CONTRACT_MD.read_text(encoding="utf-8")))
    assert len(named) >= 40
    assert named - declared(graph) == set()
    assert named <= CONTRACT_TERMS, "the contract grew: add the new terms to CONTRACT_TERMS"


@pytest.mark.shared_corpus
def test_the_project_s_copy_of_the_contract_is_the_client_s() -> None:
    assert CONTRACT_MD.read_text(encoding="utf-8") == SHARED_CONTRACT_MD.read_text(encoding="utf-8")


def test_contract_classes_and_properties_have_the_right_kind(graph: Graph) -> None:
    for name in CORE_CLASSES | EVENT_CLASSES:
        assert (rg_iri(name), RDF.type, OWL.Class) in graph, name
    for name in RELATIONS | EVENT_OBJECT_PROPERTIES:
        assert (rg_iri(name), RDF.type, OWL.ObjectProperty) in graph, name
    for name in CONTRACT_DATATYPE_PROPERTIES:
        assert (rg_iri(name), RDF.type, OWL.DatatypeProperty) in graph, name


def test_no_term_is_declared_twice_as_class_and_property(graph: Graph) -> None:
    classes = set(graph.subjects(RDF.type, OWL.Class))
    properties = set(graph.subjects(RDF.type, OWL.ObjectProperty)) | set(
        graph.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert classes & properties == set()
    assert set(graph.subjects(RDF.type, OWL.ObjectProperty)) & set(
        graph.subjects(RDF.type, OWL.DatatypeProperty)
    ) == set()


def test_every_rg_iri_used_is_declared(graph: Graph) -> None:
    used = {str(n)[len(str(RG)) :] for triple in graph for n in triple if is_rg(n)}
    assert used - declared(graph) == set()


# --- RG, the closed namespace -----------------------------------------------------------------------


def test_namespace_class_and_turtle_declare_the_same_terms(graph: Graph) -> None:
    in_python = set(inspect.get_annotations(RG))
    in_turtle = declared(graph)
    assert in_python - in_turtle == set(), "in RG but not in riskgraph.ttl"
    assert in_turtle - in_python == set(), "in riskgraph.ttl but not in RG"
    assert terms() == in_turtle


def test_namespace_terms_are_iris_in_rg() -> None:
    assert RG.Company == URIRef("https://w3id.org/riskgraph#Company")
    assert RG.jurisdiction != RG.Jurisdiction
    assert str(RG) == "https://w3id.org/riskgraph#"
    assert str(ENTITY_NS) == "https://w3id.org/riskgraph/id/"


def test_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = RG.Compnay
    with pytest.raises(AttributeError):
        _ = RG["organization"]


def test_bind_prefixes_writes_rg_curies() -> None:
    graph = bind_prefixes(Graph())
    graph.add((ENTITY_NS["company/bytedance"], RDF.type, RG.Company))
    text = graph.serialize(format="turtle")
    assert "@prefix rg: <https://w3id.org/riskgraph#> ." in text
    assert "rg:Company" in text


# --- labels, comments, domains, ranges --------------------------------------------------------------


def test_every_term_has_an_english_label_and_a_comment(graph: Graph) -> None:
    for name in declared(graph):
        iri = rg_iri(name)
        labels = [lit for lit in graph.objects(iri, RDFS.label) if isinstance(lit, Literal)]
        comments = [lit for lit in graph.objects(iri, RDFS.comment) if isinstance(lit, Literal)]
        assert [lit.language for lit in labels] == ["en"], name
        assert comments and all(len(str(c)) > 15 for c in comments), name


def test_every_property_has_a_domain_and_a_range(graph: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            assert graph.value(prop, RDFS.domain) is not None, prop
            assert graph.value(prop, RDFS.range) is not None, prop


def test_object_properties_range_over_classes_and_datatype_properties_over_datatypes(graph: Graph) -> None:
    rg_classes = set(graph.subjects(RDF.type, OWL.Class))
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        for key in (RDFS.domain, RDFS.range):
            for value in graph.objects(prop, key):
                assert members(graph, value) <= rg_classes, (prop, key)
    for prop in graph.subjects(RDF.type, OWL.DatatypeProperty):
        assert members(graph, graph.value(prop, RDFS.domain)) <= rg_classes, prop
        for value in graph.objects(prop, RDFS.range):
            if isinstance(value, BNode):
                assert (value, RDF.type, RDFS.Datatype) in graph, prop
            assert all(str(m).startswith(str(rns.XSD)) for m in members(graph, value)), prop


def test_unions_are_declared_as_owl_classes_or_datatypes(graph: Graph) -> None:
    for node in graph.subjects(OWL.unionOf, None):
        assert isinstance(node, BNode)
        assert (node, RDF.type, OWL.Class) in graph or (node, RDF.type, RDFS.Datatype) in graph


def test_symmetric_properties_are_declared_symmetric(graph: Graph) -> None:
    symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {RG.competesWith, RG.partnerOf}
    for prop in symmetric:  # a symmetric property's domain and range must be the same
        assert members(graph, graph.value(prop, RDFS.domain)) == members(graph, graph.value(prop, RDFS.range))


# --- alignments -------------------------------------------------------------------------------------


def test_every_core_class_is_aligned_to_an_external_vocabulary(graph: Graph) -> None:
    for name in CORE_CLASSES:
        external = {
            o for p in ALIGNMENT_PREDICATES for o in graph.objects(rg_iri(name), p) if isinstance(o, URIRef)
        } - {o for o in graph.objects(rg_iri(name), RDFS.subClassOf) if is_rg(o)}
        assert external, f"rg:{name} has no alignment"


def test_every_contract_class_is_a_subclass_of_an_external_class(graph: Graph) -> None:
    for name in CORE_CLASSES | EVENT_CLASSES:
        above = {rg_iri(name)}
        for _ in range(5):
            above |= {o for s in above for o in graph.objects(s, RDFS.subClassOf)}
            above |= {o for s in above for o in graph.objects(s, OWL.equivalentClass)}
        assert any(isinstance(o, URIRef) and not is_rg(o) for o in above), name


def test_expected_alignments(graph: Graph) -> None:
    expected = [
        (RG.Organization, RDFS.subClassOf, ORG.Organization),
        (RG.Organization, RDFS.subClassOf, rns.SDO.Organization),
        (RG.Company, RDFS.subClassOf, rns.SDO.Corporation),
        (RG.GovernmentBody, RDFS.subClassOf, rns.SDO.GovernmentOrganization),
        (RG.Person, RDFS.subClassOf, PROV.Person),
        (RG.License, RDFS.subClassOf, ODRL.Policy),
        (RG.Regulation, RDFS.subClassOf, rns.SDO.Legislation),
        (RG.Jurisdiction, RDFS.subClassOf, rns.SDO.AdministrativeArea),
        (RG.RiskEvent, RDFS.subClassOf, rns.SDO.Event),
        (RG.Document, RDFS.subClassOf, rns.SDO.CreativeWork),
        (RG.Claim, RDFS.subClassOf, RDF.Statement),
        (RG.Claim, RDFS.subClassOf, PROV.Entity),
        (RG.KnowledgeBase, RDFS.subClassOf, PROV.Entity),
        (RG.licensee, RDFS.subPropertyOf, ODRL.assignee),
        (RG.licensor, RDFS.subPropertyOf, ODRL.assigner),
        (RG.dependsOn, RDFS.subPropertyOf, DCTERMS.requires),
        (RG.issuedBy, RDFS.subPropertyOf, DCTERMS.publisher),
        (RG.worksFor, RDFS.subPropertyOf, rns.SDO.worksFor),
        (RG.date, RDFS.subPropertyOf, DCTERMS.date),
        (RG.actor, RDFS.subPropertyOf, PROV.wasAssociatedWith),
        (RG.permits, RDFS.seeAlso, ODRL.permission),
        (RG.prohibits, RDFS.seeAlso, ODRL.prohibition),
    ]
    assert [t for t in expected if t not in graph] == []


def test_external_iris_exist_in_their_vocabularies(graph: Graph) -> None:
    unknown = set()
    for node in {n for triple in graph for n in triple if isinstance(n, URIRef)}:
        text = str(node)
        if is_rg(node) or text.startswith(str(ENTITY_NS)) or node == ONTOLOGY_IRI:
            continue
        vocab = next((v for v in CLOSED_VOCABULARIES if text.startswith(str(v))), None)
        if vocab is not None:
            if node not in vocab:
                unknown.add(node)
        elif node not in KNOWN_EXTERNAL:
            unknown.add(node)
    # The ontology's own links (version IRI, licence) are not vocabulary terms.
    unknown -= {URIRef("https://w3id.org/riskgraph/0.1.0"), URIRef("https://www.apache.org/licenses/LICENSE-2.0")}
    assert unknown == set()


# --- vocabulary.py ----------------------------------------------------------------------------------


def test_entity_classes() -> None:
    assert entity_classes() == (CORE_CLASSES - {"RiskEvent", "Document"})


def test_event_classes() -> None:
    assert event_classes() == EVENT_CLASSES
    assert len(event_classes()) == 11


def test_relation_and_event_properties() -> None:
    assert relation_properties() == RELATIONS
    assert len(relation_properties()) == 16
    assert event_properties() == EVENT_OBJECT_PROPERTIES


def test_symmetric_properties() -> None:
    assert symmetric_properties() == {"competesWith", "partnerOf"}


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        ("parentOf", {"Organization"}, {"Organization", "Product"}),
        ("dependsOn", {"Organization", "Project", "Product"}, {"Organization", "Product"}),
        ("licensee", {"License"}, {"Organization"}),
        ("covers", {"License", "Regulation"}, {"Product", "Organization", "Project"}),
        ("jurisdiction", {"Regulation", "GovernmentBody", "License"}, {"Jurisdiction"}),
        ("worksFor", {"Person"}, {"Organization"}),
        ("actor", {"RiskEvent"}, {"Organization", "Jurisdiction", "Person"}),
        ("cause", {"RiskEvent"}, {"Violation", "Regulation", "License"}),
        ("date", {"RiskEvent"}, {"xsd:date", "xsd:gYearMonth", "xsd:gYear"}),
        ("isoCode", {"Jurisdiction"}, {"xsd:string"}),
        ("confidence", {"Claim"}, {"xsd:decimal"}),
        ("source", {"Document"}, {"xsd:anyURI"}),
        ("permits", {"License"}, {"Product", "Project", "Organization"}),
    ],
)
def test_domain_and_range(prop: str, domain: set[str], range_: set[str]) -> None:
    assert domain_of(prop) == domain
    assert range_of(prop) == range_


def test_every_relation_ranges_over_entity_classes() -> None:
    entities = entity_classes()
    for prop in relation_properties():
        assert domain_of(prop) <= entities and range_of(prop) <= entities, prop


def test_terms_are_accepted_in_every_spelling() -> None:
    assert domain_of("rg:licensee") == domain_of(RG.licensee) == domain_of(str(RG.licensee)) == {"License"}
    assert superclasses("rg:Company") == superclasses(RG.Company)


def test_unknown_terms_raise_key_error() -> None:
    with pytest.raises(KeyError, match="Compnay"):
        superclasses("Compnay")
    with pytest.raises(KeyError):
        domain_of("https://schema.org/worksFor")


def test_superclasses_and_subclasses() -> None:
    assert superclasses("Company") == {"Organization", "Entity"}
    assert superclasses("Provider") == {"Organization", "Entity"}
    assert superclasses("Suspension") == {"RiskEvent"}
    assert superclasses("Claim") == frozenset()
    assert subclasses("Organization") == {"Company", "GovernmentBody", "Provider"}
    assert subclasses("RiskEvent") == EVENT_CLASSES


def test_label() -> None:
    assert label("parentOf") == "parent of"
    assert label(RG.GovernmentBody) == "government body"
