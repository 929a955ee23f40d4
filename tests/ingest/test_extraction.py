"""Extraction patterns on sentences written for these tests (none from the corpus): each relation
pattern, events with actor/target/cause/date/status, licences, hedging and denial, resolution."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from riskgraph.ingest.document import Document, content_hash
from riskgraph.ingest.model import Extraction


@dataclass
class Read:
    x: Extraction

    def name(self, key: str | None) -> str | None:
        return self.x.entities[key].name if key else None

    def relations(self, extractor: str | None = None) -> set[tuple[str, str, str]]:
        return {(self.name(r.subject), r.predicate, self.name(r.object)) for r in self.x.relations
                if extractor is None or r.evidence.extractor.startswith(extractor)}

    def relation(self, s: str, p: str, o: str):
        return next(r for r in self.x.relations
                    if (self.name(r.subject), r.predicate, self.name(r.object)) == (s, p, o))

    def events(self) -> set[tuple[str, str | None, str | None]]:
        return {(e.cls, self.name(e.actor), self.name(e.target)) for e in self.x.events}

    def event(self, cls: str, actor: str | None, target: str | None):
        return next(e for e in self.x.events
                    if (e.cls, self.name(e.actor), self.name(e.target)) == (cls, actor, target))

    def classes(self, name: str) -> set[str]:
        return next(e.classes for e in self.x.entities.values() if e.name == name)


@pytest.fixture(scope="module")
def read(pipeline):
    def run(body: str, published: date = date(2024, 3, 15), title: str = "Test article") -> Read:
        text = f"{title}\n\n{body}"
        doc = Document(text=text, title=title, source=f"test:{content_hash(text.encode())}", published=published,
                       date_origin="metadata", language="en", media_type="text/plain",
                       content_hash=content_hash(text.encode()))
        return Read(next(pipeline.extract([doc])))

    return run


def test_apposition_parent_company(read) -> None:
    r = read("Globex Corporation, the parent company of the messaging app Chatterly, reported results on Monday.")
    assert ("Globex Corporation", "parentOf", "Chatterly") in r.relations("patterns")


def test_possessive_and_of_phrase_between_agencies(read) -> None:
    r = read("The Department of Commerce's Bureau of Industry and Security published new guidance. "
             "The Office of Foreign Assets Control of the U.S. Department of the Treasury acted too.")
    text = r.relations("patterns")
    assert ("U.S. Department of Commerce", "parentOf", "Bureau of Industry and Security") in text
    assert ("U.S. Department of the Treasury", "parentOf", "Office of Foreign Assets Control") in text


def test_project_codenamed_is_developed_by_its_owner(read) -> None:
    r = read("Globex Corporation is training a new model for its robotics project, codenamed Project Falcon.")
    assert "Project" in r.classes("Project Falcon")
    assert ("Globex Corporation", "develops", "Project Falcon") in r.relations()


def test_job_titles_before_and_after_a_name(read) -> None:
    r = read("“We will appeal,” said Maria Lopez, Chief Executive Officer of Globex Corporation. "
             "The decision was welcomed by Commerce Secretary Gina Raimondo.")
    works = {(s, o): rel for (s, p, o), rel in ((k, r.relation(*k)) for k in r.relations() if k[1] == "worksFor")}
    assert works[("Maria Lopez", "Globex Corporation")].role == "Chief Executive Officer"
    assert ("Gina M. Raimondo", "U.S. Department of Commerce") in works


def test_nationality_places_a_company(read) -> None:
    r = read("Regulators questioned the Chinese company Hexagon Robotics Ltd. about its suppliers.")
    assert ("Hexagon Robotics Ltd.", "headquarteredIn", "China") in r.relations("patterns")


def test_list_added_to_the_entity_list(read) -> None:
    r = read("On Tuesday the Commerce Department added Hexagon Robotics Ltd., Vertex Semiconductor Co. "
             "and Blue Harbor Technologies Inc. to the Entity List.")
    targets = {t for cls, a, t in r.events() if cls == "ExportControl" and a == "U.S. Department of Commerce"}
    assert targets == {"Hexagon Robotics Ltd.", "Vertex Semiconductor Co.", "Blue Harbor Technologies Inc."}
    event = r.event("ExportControl", "U.S. Department of Commerce", "Vertex Semiconductor Co.")
    assert r.name(event.cause) == "Entity List"
    assert event.date == "2024-03-12"  # the Tuesday before the article of Friday 15 March
    assert ("Blue Harbor Technologies Inc.", "subjectTo", "Entity List") in r.relations()


def test_sanction_under_an_executive_order(read) -> None:
    r = read("The Office of Foreign Assets Control sanctioned Blue Harbor Technologies Inc. "
             "under Executive Order 14024 last week.")
    event = r.event("Sanction", "Office of Foreign Assets Control", "Blue Harbor Technologies Inc.")
    assert r.name(event.cause) == "Executive Order 14024"
    assert event.date == "2024-03-08"
    assert ("Blue Harbor Technologies Inc.", "subjectTo", "Executive Order 14024") in r.relations()


def test_licence_granted_by_a_provider(read) -> None:
    r = read("Globex Corporation is licensed by Microsoft to use the Azure OpenAI Service.")
    rels = r.relations("licences")
    licence = next(s for s, p, o in rels if p == "licensor" and o == "Microsoft")
    assert licence == "Microsoft licence for Azure OpenAI Service"
    assert (licence, "licensee", "Globex Corporation") in rels
    assert (licence, "covers", "Azure OpenAI Service") in rels
    assert ("Globex Corporation", "subjectTo", licence) in rels


def test_terms_of_service_violation_and_suspension(read) -> None:
    r = read("Anthropic suspended the account of Globex Corporation after the firm violated the company's "
             "usage policies.")
    assert ("Suspension", "Anthropic", "Globex Corporation") in r.events()
    rels = r.relations()
    assert ("Anthropic terms of service", "licensor", "Anthropic") in rels
    assert ("Globex Corporation", "violates", "Anthropic terms of service") in rels
    assert ("Anthropic terms of service", "licensee", "Globex Corporation") in rels


def test_hedged_and_denied_claims_are_marked(read) -> None:
    hedged = read("Globex Corporation reportedly invested in Vertex Semiconductor Co. last year.")
    relation = hedged.relation("Globex Corporation", "investsIn", "Vertex Semiconductor Co.")
    assert relation.evidence.modality == "hedged"
    assert relation.evidence.confidence < 0.6
    denied = read("Globex Corporation denied that it had acquired Vertex Semiconductor Co.")
    event = denied.event("Acquisition", "Globex Corporation", "Vertex Semiconductor Co.")
    assert event.evidence.modality == "denied"


def test_investigation_lawsuit_investment_partnership(read) -> None:
    r = read("The Federal Trade Commission opened an investigation into Globex Corporation. "
             "The Justice Department sued Initech Inc. in federal court. "
             "Microsoft invested $10 billion in OpenAI. "
             "Globex Corporation partnered with Initech Inc. on chips.")
    events = r.events()
    assert ("Investigation", "Federal Trade Commission", "Globex Corporation") in events
    assert ("Lawsuit", "U.S. Department of Justice", "Initech Inc.") in events
    assert ("Investment", "Microsoft", "OpenAI") in events
    assert ("Partnership", "Globex Corporation", "Initech Inc.") in events
    assert ("Microsoft", "investsIn", "OpenAI") in r.relations()
    assert ("Globex Corporation", "partnerOf", "Initech Inc.") in r.relations()


def test_one_event_per_happening(read) -> None:
    r = read("Anthropic suspended Globex Corporation's account on Monday. The suspension of Globex Corporation "
             "will last until the review ends, Anthropic said.")
    suspensions = [e for e in r.x.events if e.cls == "Suspension"]
    assert len(suspensions) == 1


def test_acronyms_and_short_names_resolve_to_one_entity(read) -> None:
    r = read("Vertex Semiconductor Manufacturing Corporation (VSMC) makes chips. Analysts expect VSMC to grow. "
             "Maria Lopez leads the company. Lopez joined in 2020, Lopez said.")
    vsmc = [e for e in r.x.entities.values() if "VSMC" in e.surfaces or e.name.startswith("Vertex")]
    assert len(vsmc) == 1 and {"VSMC"} <= vsmc[0].surfaces
    people = [e for e in r.x.entities.values() if "Person" in e.classes]
    assert [p.name for p in people] == ["Maria Lopez"]


def test_knowledge_base_facts_are_marked(read) -> None:
    r = read("ByteDance launched a new app in China.")
    kb = {(r.name(x.subject), x.predicate, r.name(x.object)) for x in r.x.relations if x.from_kb}
    assert ("ByteDance", "headquarteredIn", "China") in kb
    entity = next(e for e in r.x.entities.values() if e.name == "ByteDance")
    assert entity.wikidata is None or entity.wikidata.startswith("Q")


def test_knowledge_base_facts_need_both_ends_in_the_text(read) -> None:
    """A company's home country is a fact of the knowledge base; it is added only when the document
    names the country (by name, adjective or inside another name), never for a country it never names."""
    r = read("ByteDance launched a new app. Nvidia shipped chips to the U.S. Department of Commerce's labs.")
    kb = {(r.name(x.subject), x.predicate, r.name(x.object)) for x in r.x.relations if x.from_kb}
    assert ("U.S. Department of Commerce", "jurisdiction", "United States") in kb
    assert ("Nvidia", "headquarteredIn", "United States") in kb
    assert not any(name == "China" for name in (e.name for e in r.x.entities.values()))


def test_lowercase_titles_after_a_name(read) -> None:
    r = read("“Demand is strong,” said Priya Nair, an analyst at Ridgeline Capital Group. "
             "Tom Becker, Globex Corporation's chief financial officer, declined to comment.")
    assert r.relation("Priya Nair", "worksFor", "Ridgeline Capital Group").role == "analyst"
    assert r.relation("Tom Becker", "worksFor", "Globex Corporation").role == "chief financial officer"


def test_place_based_company(read) -> None:
    r = read("Singapore-based Kestrel Robotics Ltd. raised new funding from investors.")
    assert ("Kestrel Robotics Ltd.", "headquarteredIn", "Singapore") in r.relations("patterns")


def test_reseller_agreement_is_a_licence(read) -> None:
    r = read("Microsoft ended its cloud reseller agreement with Nimbus Compute Inc. on Friday.")
    licences = {s for s, p, o in r.relations("licences") if p == "licensor" and o == "Microsoft"}
    assert licences == {"Microsoft cloud reseller agreement"}


def test_licence_permissions_and_prohibitions(read) -> None:
    r = read("Globex Corporation is licensed by Microsoft to use the Azure OpenAI Service. "
             "Anthropic's usage policies prohibit using Claude to build competing products.")
    rels = r.relations("licences")
    assert ("Microsoft licence for Azure OpenAI Service", "permits", "Azure OpenAI Service") in rels
    assert ("Anthropic terms of service", "prohibits", "Claude") in rels


def test_titles_around_a_name_in_news_style(read) -> None:
    r = read("“We comply with every rule,” said Ana Torres, a Globex Corporation spokesperson. "
             "A Initech Inc. spokesperson, Omar Haddad, declined to comment.")
    assert r.relation("Ana Torres", "worksFor", "Globex Corporation").role == "spokesperson"
    assert r.relation("Omar Haddad", "worksFor", "Initech Inc.").role == "spokesperson"


def test_place_as_a_modifier(read) -> None:
    r = read("Investors backed the Singapore start-up Kestrel Robotics Ltd. this year. "
             "Huawei and its non-U.S. affiliates were named.")
    rels = r.relations("patterns")
    assert ("Kestrel Robotics Ltd.", "headquarteredIn", "Singapore") in rels
    assert ("Huawei Technologies Co., Ltd.", "headquarteredIn", "United States") not in r.relations()


def test_customers_depend_on_their_supplier(read) -> None:
    r = read("Globex Corporation sells cloud capacity. Its customers include Initech Inc. and Hooli Ltd.")
    rels = r.relations("patterns")
    assert ("Initech Inc.", "dependsOn", "Globex Corporation") in rels
    assert ("Hooli Ltd.", "dependsOn", "Globex Corporation") in rels


def test_description_tied_to_a_place_finds_the_entity_of_that_place(read) -> None:
    r = read("Microsoft and Alibaba both resell cloud capacity in Asia. On Monday, Microsoft suspended the "
             "Chinese company's reseller account.")
    assert ("Suspension", "Microsoft", "Alibaba Group") in r.events()
    assert ("Suspension", "Microsoft", "Microsoft") not in r.events()


def test_regulator_of_a_place_is_that_place_s_authority(read) -> None:
    r = read("The European Commission opened a review of the market in May, and the European Commission "
             "expects results soon. Italy's privacy regulator opened an investigation into Orbis Software Inc. "
             "on Thursday. Separately, the Garante fined a bank.")
    assert ("Investigation", "Italian Data Protection Authority", "Orbis Software Inc.") in r.events()


def test_who_faces_a_review_is_its_target_not_its_actor(read) -> None:
    r = read("Orbis Software Inc. still faces an in-depth review by the European Commission of its cloud deal.")
    assert ("Investigation", "European Commission", "Orbis Software Inc.") in r.events()
    assert not any(actor == "Orbis Software Inc." for cls, actor, _ in r.events() if cls == "Investigation")


def test_ban_on_a_product_acts_against_its_owner(read) -> None:
    r = read("The Garante imposed a temporary ban on OpenAI's ChatGPT in March.")
    ban = r.event("Ban", "Italian Data Protection Authority", "OpenAI")
    assert "ChatGPT" in {r.name(k) for k in ban.concerns}


def test_the_party_suspended_over_breaches_is_the_violator(read) -> None:
    r = read("Microsoft suspended Orbis Software Inc.'s account over repeated breaches of Microsoft's terms "
             "of service.")
    assert ("Violation", "Orbis Software Inc.", "Microsoft") in r.events()
    assert ("Suspension", "Microsoft", "Orbis Software Inc.") in r.events()


def test_an_investigation_pending_is_the_suspender_s(read) -> None:
    r = read("Globex Corporation suspended the account of Orbis Software Inc. pending an investigation.")
    assert ("Investigation", "Globex Corporation", "Orbis Software Inc.") in r.events()


def test_the_one_who_finds_a_breach_is_not_in_breach(read) -> None:
    r = read("The European Commission said on Monday that the practice of Orbis Software Inc. was in breach "
             "of the General Data Protection Regulation.")
    assert not any(actor == "European Commission" for cls, actor, _ in r.events() if cls == "Violation")
    assert ("European Commission", "violates", "General Data Protection Regulation") not in r.relations()


def test_an_authority_named_before_the_noun_is_the_actor(read) -> None:
    r = read("Microsoft criticised the OpenAI ban on Orbis Software Inc. on Monday.")
    assert ("Ban", "OpenAI", "Orbis Software Inc.") in r.events()
    assert ("Ban", "Microsoft", "Orbis Software Inc.") not in r.events()


def test_a_licensor_is_not_bound_by_its_own_terms(read) -> None:
    r = read("OpenAI is investigating whether Orbis Software Inc. used its models in violation of OpenAI's "
             "terms of service. OpenAI said it enforces OpenAI's terms of service.")
    relations = r.relations()
    assert ("OpenAI", "violates", "OpenAI terms of service") not in relations
    assert ("OpenAI", "subjectTo", "OpenAI terms of service") not in relations
    assert ("OpenAI terms of service", "licensee", "OpenAI") not in relations
    assert not any(actor == "OpenAI" for cls, actor, _ in r.events() if cls == "Violation")


def test_a_name_before_a_product_noun_is_a_product(read) -> None:
    r = read("Orbis Software Inc. is a Singapore start-up. Its customers used Orbis's Falcon model to build "
             "chatbots. Falcon is trained from scratch, the company said.")
    assert r.classes("Falcon") >= {"Product"}
    assert ("Orbis Software Inc.", "provides", "Falcon") in r.relations()
    assert not any(name == "Falcon" and "Person" in e.classes for e in r.x.entities.values() for name in [e.name])


def test_customers_of_an_owner_are_not_the_owner(read) -> None:
    r = read("Orbis Software Inc. sells chatbots. Its customers use the Falcon model every day.")
    assert ("Orbis Software Inc.", "dependsOn", "Falcon") not in r.relations()


def test_selling_a_product_is_not_a_divestiture(read) -> None:
    r = read("Orbis Software Inc. makes the Falcon chip, which cannot be sold to China without a licence. "
             "Globex Corporation agreed to sell its Initech Inc. unit to Orbis Software Inc.")
    divestitures = {(actor, target) for cls, actor, target in r.events() if cls == "Divestiture"}
    assert ("Globex Corporation", "Initech Inc.") in divestitures
    assert not any(target == "Orbis Software Inc." for _, target in divestitures)


def test_places_are_where_parties_are_not_targets(read) -> None:
    r = read("Alibaba Group and Orbis Software Inc. both sell servers. The Treasury Department on Tuesday imposed "
             "sanctions on Initech Inc., a Hong Kong trader. Americans are barred from dealing with it.")
    sanctions = {target for cls, _, target in r.events() if cls == "Sanction"}
    assert "Initech Inc." in sanctions and "Hong Kong" not in sanctions
    assert not any(target == "United States" for _, _, target in r.events())


def test_members_of_a_list_not_what_its_relative_clause_mentions(read) -> None:
    r = read("Alibaba Group buys servers in bulk. The Commerce Department on Monday added three Chinese companies "
             "that build servers with Nvidia chips to the Entity List: Lanting Microelectronics Co., Ltd., "
             "Shenzhen Yuanhang Electronics Co., Ltd. and Hexi Compute Technology Co., Ltd.")
    targets = {target for cls, _, target in r.events() if cls == "ExportControl"}
    assert "Nvidia" not in targets and "Alibaba Group" not in targets  # "three Chinese companies" is no one yet
    assert any(t and t.startswith("Shenzhen Yuanhang Electronics") for t in targets)
    assert "Shenzhen" not in targets


def test_a_description_in_apposition_is_the_name_beside_it(read) -> None:
    r = read("Globex Corporation said it had tried to reach Orbis Software Inc., the Singapore AI developer, "
             "in December.")
    assert ("Orbis Software Inc.", "headquarteredIn", "Singapore") in r.relations()
    assert ("Globex Corporation", "headquarteredIn", "Singapore") not in r.relations()


def test_an_owner_s_units_in_a_place_do_not_place_the_owner(read) -> None:
    r = read("Globex Corporation said its customers passed screening and that Orbis Software Inc.'s Singapore "
             "entities are not restricted parties.")
    assert ("Orbis Software Inc.", "headquarteredIn", "Singapore") not in r.relations()


def test_a_nearby_company_of_unknown_home_can_be_the_described_one(read) -> None:
    r = read("ByteDance was not named. In a letter to Orbis Software Inc., Globex Corporation said the Chinese "
             "company had sent millions of queries in breach of its terms of service.")
    assert ("ByteDance", "headquarteredIn", "China") not in r.relations("patterns")


def test_hyphenated_owner_and_backer(read) -> None:
    r = read("ByteDance-owned TikTok faces scrutiny. The Globex Corporation-backed Initech Inc. raised money.")
    assert ("ByteDance", "parentOf", "TikTok") in r.relations("patterns")
    assert ("Globex Corporation", "investsIn", "Initech Inc.") in r.relations("patterns")


def test_possessive_apposition_parent(read) -> None:
    r = read("Initech Inc.'s parent company, Globex Corporation, reported results on Monday.")
    assert ("Globex Corporation", "parentOf", "Initech Inc.") in r.relations("patterns")


def test_cutting_prices_or_blocking_a_deal_is_no_suspension_or_ban(read) -> None:
    r = read("Alibaba Group's cloud unit, Alibaba Cloud, said it would cut prices for Orbis Software Inc. "
             "The Federal Trade Commission sued Microsoft to block the deal.")
    assert not {cls for cls, _, _ in r.events()} & {"Suspension", "Ban"}
    assert ("Lawsuit", "Federal Trade Commission", "Microsoft") in r.events()


def test_a_provider_far_away_is_not_the_unnamed_actor(read) -> None:
    r = read("OpenAI released a new model in May. Analysts liked it. Investors liked it. Regulators were quiet. "
             "Months later, ByteDance-owned TikTok faced a ban in Montana.")
    assert not any(actor == "OpenAI" for cls, actor, _ in r.events() if cls == "Ban")


def test_a_grantor_acting_on_someone_s_licence(read) -> None:
    r = read("Google suspended Huawei's Android licence after the decision.")
    assert ("Suspension", "Google", "Huawei Technologies Co., Ltd.") in r.events()
    licence = next(k for k, e in r.x.entities.items() if "License" in e.classes)
    holders = {r.name(x.object) for x in r.x.relations if x.subject == licence
               and x.predicate == "licensee"}
    grantors = {r.name(x.object) for x in r.x.relations if x.subject == licence and x.predicate == "licensor"}
    assert holders == {"Huawei Technologies Co., Ltd."} and grantors == {"Google"}


def test_a_government_restricting_exports_is_an_export_control(read) -> None:
    r = read("The Dutch government restricted exports of advanced lithography machines to China.")
    assert ("ExportControl", "Netherlands government", "China") in r.events()


def test_a_divestiture_sells_a_business_not_goods(read) -> None:
    r = read("Globex Corporation agreed to sell its cloud unit, Initech Inc., to Orbis Software Inc. "
             "Sales of Nvidia chips to Orbis Software Inc. rose.")
    divestitures = {(a, t) for cls, a, t in r.events() if cls == "Divestiture"}
    assert ("Globex Corporation", "Initech Inc.") in divestitures
    assert not any(t == "Nvidia" for _, t in divestitures)


def test_an_unnamed_list_is_one_named_nearby(read) -> None:
    r = read("The Commerce Department added Initech Inc. to the Entity List in 2019. Sales rose. Prices fell. "
             "Costs rose. Margins fell. Separately, the Dutch government restricted Orbis Software Inc.")
    assert not any(e.cause and r.name(e.cause) == "Entity List" and r.name(e.target) == "Orbis Software Inc."
                   for e in r.x.events)


def test_copular_customer_and_rival_phrases(read) -> None:
    r = read("Orbis Software Inc. is one of Nvidia's largest customers. Initech Inc. is a rival of Globex "
             "Corporation.")
    relations = r.relations("patterns")
    assert ("Orbis Software Inc.", "dependsOn", "Nvidia") in relations
    assert any(rel in relations for rel in [("Initech Inc.", "competesWith", "Globex Corporation"),
                                            ("Globex Corporation", "competesWith", "Initech Inc.")])


def test_conjoined_partners_run_on_and_heads(read) -> None:
    r = read("Globex Corporation and Initech Inc. teamed up on an open model. Orbis Software Inc.'s models run "
             "on Microsoft's Azure cloud. Jane Doe, who heads Initech Inc., met officials.")
    relations = r.relations("frames")
    assert any(rel in relations for rel in [("Globex Corporation", "partnerOf", "Initech Inc."),
                                            ("Initech Inc.", "partnerOf", "Globex Corporation")])
    assert ("Orbis Software Inc.", "dependsOn", "Microsoft Azure") in relations
    assert ("Jane Doe", "worksFor", "Initech Inc.") in relations


def test_an_actor_the_text_names_is_never_replaced_by_another(read) -> None:
    r = read("The Federal Communications Commission met on Monday. Zenith Widgets sued Qualcomm for breach of a "
             "licence agreement. Italy's antitrust authority opened a probe into Apple.")
    assert not any(actor == "Federal Communications Commission" for cls, actor, _ in r.events()
                   if cls in ("Lawsuit", "Investigation"))


def test_sanctions_that_could_come_are_no_event_and_calls_for_a_ban_are_pending(read) -> None:
    """A hypothetical ("could face new sanctions") names no event (issue 11); a ban asked for is pending."""
    r = read("Huawei could face new sanctions from the Treasury Department. U.S. lawmakers called for a ban "
             "on Orbis Software Inc.")
    assert not any(e.cls == "Sanction" for e in r.x.events)
    assert all(e.status == "pending" for e in r.x.events if e.cls == "Ban")


def test_a_place_that_acts_is_its_government_named_in_the_document(read) -> None:
    r = read("The Federal Communications Commission met on Monday, and the Federal Communications Commission "
             "voted. The Garante had warned Orbis Software Inc. in May. Italy banned the chatbot of Orbis "
             "Software Inc. on Friday.")
    bans = {(actor, target) for cls, actor, target in r.events() if cls == "Ban"}
    assert ("Italian Data Protection Authority", "Orbis Software Inc.") in bans
    assert not any(actor == "Federal Communications Commission" for actor, _ in bans)


def test_reported_talks_and_negated_events(read) -> None:
    r = read("Reuters reported that Globex Corporation is in talks to acquire Initech Inc. for $2 billion. "
             "According to people familiar with the matter, Orbis Software Inc. plans to invest in Initech Inc. "
             "this year. OpenAI did not suspend Microsoft's account.")
    deal = r.event("Acquisition", "Globex Corporation", "Initech Inc.")
    assert deal.status == "pending" and deal.evidence.modality == "reported"
    assert r.event("Investment", "Orbis Software Inc.", "Initech Inc.").evidence.modality == "reported"
    suspension = r.event("Suspension", "OpenAI", "Microsoft")
    assert suspension.status == "denied" and suspension.evidence.modality == "negated"


def test_a_name_found_once_is_found_everywhere(read) -> None:
    r = read("Anthropic said it had cut off access for Windsurf, a coding start-up that OpenAI had agreed to buy. "
             "Windsurf relies on Claude models for its coding assistant.")
    assert ("Windsurf", "dependsOn", "Claude") in r.relations("frames")


def test_dependent_on_and_built_on_top_of(read) -> None:
    r = read("The decision leaves Orbis Software Inc. dependent on Google's Gemini models. The Falcon app of "
             "Initech Inc. is built on top of Claude models.")
    relations = r.relations("frames")
    assert ("Orbis Software Inc.", "dependsOn", "Gemini") in relations
    assert ("Falcon", "dependsOn", "Claude") in relations


def test_a_decision_to_act_is_its_owner_s(read) -> None:
    r = read("Microsoft said Orbis Software Inc.'s licence remains in force, despite OpenAI's decision to suspend "
             "the account of Orbis Software Inc. this month.")
    assert ("Suspension", "OpenAI", "Orbis Software Inc.") in r.events()
    assert not any(actor == "Orbis Software Inc." for cls, actor, _ in r.events() if cls == "Suspension")


def test_an_app_of_its_maker_and_a_lifted_ban(read) -> None:
    r = read("Italy's data protection authority on Thursday lifted its temporary ban on Falcon Chat, the chatbot "
             "app of Singapore-based Orbis Software Inc., after the company added age checks. The Garante "
             "said the checks were enough.")
    assert ("Orbis Software Inc.", "provides", "Falcon Chat") in r.relations("patterns")
    ban = r.event("Ban", "Italian Data Protection Authority", "Orbis Software Inc.")
    assert ban.status == "lifted" and "Falcon Chat" in {r.name(k) for k in ban.concerns}


def test_each_of_a_list_of_actors_acts(read) -> None:
    r = read("Globex Corporation and Initech Inc. barred staff from using Hooli Ltd.'s Nova Chat on company laptops. "
             "Canada and Mexico have banned the use of Nova Chat on government devices, citing security risks.")
    events = r.events()
    assert ("Ban", "Globex Corporation", "Hooli Ltd.") in events
    assert ("Ban", "Initech Inc.", "Hooli Ltd.") in events
    assert ("Ban", "Canada government", "Hooli Ltd.") in events
    assert ("Ban", "Mexico government", "Hooli Ltd.") in events


def test_a_place_that_modifies_a_noun_is_a_home_not_a_target(read) -> None:
    r = read("China's cyberspace regulator said on Sunday that products made by U.S. memory chipmaker Globex "
             "Corporation had failed a security review, and it barred operators of key infrastructure from buying "
             "them.")
    assert not any(target == "United States" for _, _, target in r.events())


def test_a_happening_told_without_and_with_its_target_is_one(read) -> None:
    r = read("Canada will restrict exports of gallium from July, officials said on Tuesday. The Canadian government "
             "told Globex Corporation that exports of gallium to China will require a licence.")
    controls = {(actor, target) for cls, actor, target in r.events() if cls == "ExportControl"}
    assert controls == {("Canada government", "China")}, controls


def test_the_government_a_story_is_about_is_the_one_it_names_first(read) -> None:
    r = read("The Commerce Department revoked licences for exports to Initech Inc. on Tuesday. Initech Inc. was "
             "added to the Entity List in 2019. \"This is a win,\" said Representative Jane Roe, chairwoman of the "
             "House Foreign Affairs Committee.")
    actors = {actor for cls, actor, target in r.events() if cls == "ExportControl" and target == "Initech Inc."}
    assert "House Foreign Affairs Committee" not in actors, actors


def test_a_dateline_place_is_no_subject(read) -> None:
    r = read("NEW DELHI, June 30 - India has banned 59 mostly Chinese mobile apps, including Hooli Ltd.'s Chatterly, "
             "citing threats to national security.")
    assert ("Ban", "India government", "Hooli Ltd.") in r.events()


def test_capitalised_head_noun_of_a_body_refers_back_to_it(read) -> None:
    r = read("The Department of Commerce published a rule on Monday. Globex Corporation declined to comment. "
             "On Tuesday, the Department opened an investigation into Orbis Software Inc., the Department said.")
    assert ("Investigation", "U.S. Department of Commerce", "Orbis Software Inc.") in r.events()
    assert "Department" not in {e.name for e in r.x.entities.values()}


def test_a_list_the_parser_reads_as_modifiers_is_still_a_list(read) -> None:
    """spaCy parses "Hexagon Technology and Vertex Threads Ltd." as modifiers of "Ltd.": both are listed."""
    r = read("The Bureau of Industry and Security on Tuesday added Hexagon Technology and Vertex Threads Ltd. to "
             "its Entity List.")
    assert ("ExportControl", "Bureau of Industry and Security", "Hexagon Technology") in r.events()
    assert ("ExportControl", "Bureau of Industry and Security", "Vertex Threads Ltd.") in r.events()


def test_a_country_after_a_number_and_of_is_the_knowledge_base_country(read) -> None:
    """"Two of China's ..." is no "<Body> of <Name>" ("Ministry of Commerce"): China is the one entity."""
    r = read("Two of China's largest memory makers were cut off from American tools on Monday.")
    assert [e.key for e in r.x.entities.values() if e.name == "China"] == ["kb:china"]


def test_a_surname_ner_takes_for_an_organisation_or_a_law_is_the_person(read) -> None:
    r = read("Supreme Court Justice Jane Roe on Friday ordered the suspension of the Falcon Chat app. On Thursday, "
             "Roe froze the local bank accounts of Initech Inc.")
    assert [e.name for e in r.x.entities.values() if "Roe" in e.name] == ["Jane Roe"]
