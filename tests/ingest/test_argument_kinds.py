"""Each argument kind of ingest/components/arguments.py on a sentence of its own, parsed by the real
model: which tokens fill the argument of the trigger word."""
from __future__ import annotations

import pytest

from riskgraph.ingest.components import arguments
from riskgraph.ingest.components.arguments import ArgContext

CONTEXT = ArgContext(bearer_verbs=frozenset({"face"}), judging_verbs=frozenset({"say"}),
                     grounds_prepositions=frozenset({"over", "for"}), grounds_nouns=frozenset({"suspicion"}),
                     complex_preposition_nouns=frozenset({"top"}),
                     control_verbs=frozenset({"order", "urge"}), compelling_verbs=frozenset({"order"}),
                     business_nouns=frozenset({"factory"}), supplying_verbs=frozenset({"sell", "supply"}),
                     using_verbs=frozenset({"use"}),
                     accusing_verbs=frozenset({"accuse"}))
ACTOR = CONTEXT.for_role(True, frozenset({"impose"}))
ACTOR_ANNOUNCE = CONTEXT.for_role(True, frozenset({"announce"}))

# (kind, sentence, trigger word, context, the words that fill the argument)
CASES = [
    ("subject", "Globex develops robots in Berlin.", "develops", CONTEXT, ["Globex"]),
    ("subject", "Regulators imposed a ban on Initech.", "ban", ACTOR, ["Regulators"]),
    ("subject", "Globex criticised the ban on Initech.", "ban", ACTOR, []),  # not a verb of carrying out
    ("subject", "Initech faces a review by the agency.", "review", CONTEXT, []),  # who faces it does not act
    ("subject", "The acquisition, which Globex announced in April, closed.", "acquisition", ACTOR_ANNOUNCE, ["Globex"]),
    ("subject", "The acquisition, which Globex criticised in April, closed.", "acquisition", ACTOR_ANNOUNCE, []),
    ("object", "Globex develops robots in Berlin.", "develops", CONTEXT, ["robots"]),
    ("object", "The robots were developed by Globex.", "developed", CONTEXT, ["robots"]),
    ("bearer", "Initech faces a review by the agency.", "review", CONTEXT, ["Initech"]),
    ("bearer", "Initech is under investigation in Brussels.", "investigation", CONTEXT, ["Initech"]),
    ("sanctioned", "Microsoft suspended the account over breaches of its terms.", "breaches", CONTEXT, ["account"]),
    ("sanctioned", "The European Commission fined Globex Corporation 500 million euros on Tuesday for breaching the "
     "rules.", "breaching", CONTEXT, ["Corporation", "euros"]),  # the fined party may be parsed as the dative
    ("sanctioned", "Initech accused Globex of infringing its patents.", "infringing", CONTEXT, ["Globex"]),
    ("breacher", "The European Commission fined Globex Corporation 500 million euros on Tuesday for breaching the "
     "rules.", "breaching", CONTEXT, ["Corporation", "euros"]),
    ("breacher", "The agency opened an inquiry into Initech on suspicion of breaching the law.", "breaching",
     CONTEXT, []),  # a suspicion says no one breached it
    ("adj_subject", "Initech is dependent on Claude.", "dependent", CONTEXT, ["Initech"]),
    ("passive_subject", "Falcon is built on Claude.", "built", CONTEXT, ["Falcon"]),
    ("head", "TikTok, owned by ByteDance, grew.", "owned", CONTEXT, ["TikTok"]),
    ("poss", "OpenAI's suspension of the account surprised users.", "suspension", CONTEXT, ["OpenAI"]),
    ("sentence_subject", "Initech used the data in violation of the terms.", "violation", CONTEXT, ["Initech"]),
    ("sentence_subject", "The agency said that the practice was in breach of the rules.", "breach", CONTEXT,
     ["practice"]),
    ("dative", "The agency sent Globex an order.", "sent", CONTEXT, ["Globex"]),
    ("purpose", "Globex used Claude for its assistant.", "used", CONTEXT, ["assistant"]),
    ("appos_of", "Initech, a rival of Globex, grew.", "rival", CONTEXT, ["Initech"]),
    ("recipient", "Initech took a $5 million investment from Globex.", "investment", CONTEXT, ["Initech"]),
    ("recipient", "Initech announced an investment in Globex.", "investment", CONTEXT, []),  # no giver named
    ("prep:in", "Microsoft invested $10 billion in OpenAI.", "invested", CONTEXT, ["OpenAI"]),
    ("prep:on", "The app is built on top of Claude.", "built", CONTEXT, ["Claude"]),
    ("prep:from", "Globex plans to block access to its technology from China.", "block", CONTEXT, []),
    ("phrase_prep:by", "The agency ordered the limitation of the processing of users' data by Initech.", "limitation",
     CONTEXT, ["Initech"]),
    ("phrase_prep:by", "The agency ordered a review of the rules that were written by Initech.", "review", CONTEXT,
     []),  # inside a clause of its own
    ("inner_prep:from", "Globex plans to block access to its technology from China.", "block", CONTEXT, ["China"]),
    ("noun_prep:against", "The agency filed a lawsuit against Initech.", "lawsuit", CONTEXT, ["Initech"]),
    ("compound:authority", "Users criticised the OpenAI ban on Initech.", "ban", CONTEXT, ["OpenAI"]),
    ("used", "Initech has barred employees from using ChatGPT at work.", "barred", CONTEXT, ["ChatGPT"]),
    ("instructed", "The court ordered Initech to stop shipping chips.", "shipping", CONTEXT, ["Initech"]),
    ("compeller", "The regulator ordered Initech to sell its unit.", "sell", CONTEXT, ["regulator"]),
    ("compeller", "Investors urged Initech to sell its unit.", "sell", CONTEXT, []),  # asking compels nothing
    ("business_sold", "Germany blocked the sale of the factory to Initech.", "blocked", CONTEXT, ["factory"]),
    ("business_sold", "Germany blocked the sale of chips to Initech.", "blocked", CONTEXT, []),  # goods: trade
    ("barred_recipient", "The agency banned firms from selling parts to Initech.", "banned", CONTEXT, ["Initech"]),
    ("barred_recipient", "The agency banned firms from using parts of Initech.", "banned", CONTEXT, []),
    ("forbidden_use", "Initech ordered engineers not to use phones.", "ordered", CONTEXT, ["phones"]),
    ("forbidden_use", "Initech ordered engineers to use phones.", "ordered", CONTEXT, []),  # a use allowed
    ("destination", "Ottawa revoked licences for shipments to Initech.", "revoked", CONTEXT, ["Initech"]),
    ("noun_prep:by", "Globex paid a penalty imposed by the agency.", "penalty", CONTEXT, ["agency"]),
    ("self", "Ottawa imposed export restrictions on Initech.", "restrictions", CONTEXT, ["restrictions"]),
]


@pytest.fixture(scope="module")
def parse(pipeline):
    return pipeline.nlp


@pytest.mark.parametrize(("spec", "text", "trigger", "ctx", "expected"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_argument_kind(parse, spec: str, text: str, trigger: str, ctx: ArgContext, expected: list[str]) -> None:
    doc = parse(text)
    token = next(t for t in doc if t.text == trigger)
    assert [t.text for t in arguments.fill(spec, token, ctx)] == expected


def test_every_registered_kind_is_tested() -> None:
    assert {spec.partition(":")[0] for spec, *_ in CASES} == set(arguments.KINDS)


def test_an_unknown_or_misspelt_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="no argument kind 'subjekt'"):
        arguments.parse("subjekt")
    with pytest.raises(ValueError, match="is written 'prep:<word>'"):
        arguments.parse("prep")
