"""The vocabulary of ../shared/gold-format.md and ../shared/ontology-core.md that the development sets'
gold validators (dev-news-3/check.py, dev-news-4/check.py) check against: one copy, imported by both."""

TOP = {"doc_id": str, "title": str, "source": str, "published": str, "kind": str,
       "entities": list, "relations": list, "events": list}
CLASSES = {"Company", "GovernmentBody", "Project", "Product", "License", "Jurisdiction", "Regulation", "Person"}
ORG = {"Company", "GovernmentBody"}
# property -> (allowed subject classes, allowed object classes), from ontology-core.md
PROPS = {
    "parentOf": (ORG, ORG | {"Product"}),
    "develops": (ORG, {"Project", "Product"}),
    "provides": (ORG, {"Product"}),
    "dependsOn": (ORG | {"Project", "Product"}, ORG | {"Product"}),
    "licensee": ({"License"}, ORG),
    "licensor": ({"License"}, ORG),
    "covers": ({"License", "Regulation"}, {"Product", "Project"} | ORG),
    "subjectTo": (ORG | {"Project", "Product"}, {"License", "Regulation"}),
    "violates": (ORG, {"License", "Regulation"}),
    "headquarteredIn": (ORG, {"Jurisdiction"}),
    "jurisdiction": ({"Regulation", "GovernmentBody", "License"}, {"Jurisdiction"}),
    "issuedBy": ({"Regulation", "License"}, ORG),
    "worksFor": ({"Person"}, ORG),
    "competesWith": (ORG | {"Product"}, ORG | {"Product"}),
    "partnerOf": (ORG, ORG),
    "investsIn": (ORG, ORG | {"Project"}),
}
EVENT_TYPES = {"Ban", "Suspension", "Sanction", "ExportControl", "Investigation", "Lawsuit", "Violation",
               "Acquisition", "Partnership", "Investment", "Divestiture"}
STATUSES = {"announced", "in force", "pending", "lifted", "denied"}
