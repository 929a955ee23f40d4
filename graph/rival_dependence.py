"""How an entity depends on its rivals' technology, what mitigates each dependence, and which kinds of
technology it gets from one provider only.

A dependence path starts at the entity, takes any number of holding steps (its projects, apps and
subsidiaries), then one or more reliance steps (depends on, subject to, holds a licence), and ends at
something a rival makes, the rival itself, or a licence or rule whose terms are the rival's; its last
hop names the rival. The steps, and what counts as a mitigation, are ``ontology/competition.ttl``'s.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from riskgraph.graph.competition_graph import Link, Walker
from riskgraph.graph.competition_model import Step
from riskgraph.graph.rivals import own_kinds
from riskgraph.ontology.errors import ConfigError


@dataclass
class Mitigation:
    rule: str  # the rule's name in competition.ttl (alternativeProvider ...)
    label: str  # its label ("alternative provider" ...)
    node: str  # the alternative: a provider, a licence, an in-house project, another supplier
    through: str | None  # what it gives access to, or who grants or provides it
    links: list[Link] = field(default_factory=list)  # the statements that show it


@dataclass
class Dependence:
    rival: str
    technology: str  # the rival's product, the rival, or its licence or rule
    links: list[Link]  # entity ... technology, then the hop to the rival (none when the technology is the rival)
    routes: list[list[Link]] = field(default_factory=list)  # other paths to the same technology of the same rival
    products: list[str] = field(default_factory=list)  # what of the rival's the entity relies on through it
    kinds: list[str] = field(default_factory=list)
    mitigations: list[Mitigation] = field(default_factory=list)

    @property
    def strength(self) -> float:
        out = 1.0
        for link in self.links:
            out *= link.hop.confidence
        return out

    def rank(self) -> tuple:
        return (len(self.links), -self.strength, self.rival, self.technology)


@dataclass
class SingleSource:
    kind: str | None  # None: the kind of what is supplied is not known
    provider: str
    supplies: list[str]
    paths: dict[str, list[Link]]  # supply -> the path to it


@dataclass
class Dependences:
    paths: list[Dependence]
    supplies: dict[str, list[Link]]  # what the entity relies on directly -> the first path to it
    single_source: list[SingleSource]


def dependences(walker: Walker, entity: str, rivals: set[str]) -> Dependences:
    """Every dependence of ``entity`` on one of ``rivals``, with mitigations, and its single sources."""
    found, supplies = _search(walker, entity, rivals)
    found = _one_per_technology(found)
    group = walker.group(entity)
    for dep in found:
        dep.products = _products(walker, dep, supplies)
        dep.kinds = sorted({g.kind for p in dep.products for g in walker.kinds_of(p).values()})
    by_rival: dict[str, list[Dependence]] = {}
    for dep in found:
        by_rival.setdefault(dep.rival, []).append(dep)
    rules = _rules()
    for rival, deps in by_rival.items():
        on_path = {link.target for dep in deps for route in (dep.links, *dep.routes) for link in route}
        context = _Context(walker, entity, group, walker.group(rival), on_path, supplies)
        for dep in deps:
            for rule in walker.model.mitigations:
                apply = rules.get(rule.name)
                if apply is None:
                    raise ConfigError(f"competition.ttl names a mitigation rule rg:{rule.name} that riskgraph does "
                                      f"not know; known: {', '.join(sorted(rules))}")
                for m in apply(context, dep):
                    m.rule, m.label = rule.name, rule.label
                    dep.mitigations.append(m)
    found.sort(key=Dependence.rank)
    return Dependences(found, supplies, single_sources(walker, entity, supplies))


def _one_per_technology(found: list[Dependence]) -> list[Dependence]:
    """One dependence per rival and technology: its shortest, best supported path, the others as routes."""
    by_key: dict[tuple[str, str], list[Dependence]] = {}
    for dep in sorted(found, key=Dependence.rank):
        by_key.setdefault((dep.rival, dep.technology), []).append(dep)
    out = []
    for deps in by_key.values():
        best = deps[0]
        best.routes = [d.links for d in deps[1:]]
        out.append(best)
    return out


def _search(walker: Walker, entity: str, rivals: set[str]) -> tuple[list[Dependence], dict[str, list[Link]]]:
    model = walker.model
    found: list[Dependence] = []
    supplies: dict[str, list[Link]] = {}
    stack: list[tuple[str, tuple[str, ...], list[Link], bool]] = [(entity, (entity,), [], False)]
    while stack:
        node, nodes, links, relied = stack.pop()
        if len(links) >= model.max_hops:
            continue
        steps = [*model.reliance] if relied else [*model.holding, *model.reliance]
        reliance = {(s.prop, s.forward) for s in model.reliance}
        for link in sorted(walker.links(node, steps), key=lambda lk: (lk.target, lk.prop)):
            nxt = link.target
            if nxt in nodes or nxt in walker.p.events:
                continue
            path = [*links, link]
            relies = (link.prop, link.hop.forward) in reliance
            if relies and not relied:
                supplies.setdefault(nxt, path)
            if relies:
                owners = [o for o in walker.owners(nxt) if o.target in rivals]
                found += [Dependence(o.target, nxt, [*path, o]) for o in owners]
                if nxt in rivals:
                    found.append(Dependence(nxt, nxt, path))
                if owners or nxt in rivals:
                    continue  # the path ends at the rival's technology
            stack.append((nxt, (*nodes, nxt), path, relied or relies))
    return found, supplies


def _products(walker: Walker, dep: Dependence, supplies: dict[str, list[Link]]) -> list[str]:
    """What of the rival's the entity gets through this dependence: the product itself; what a licence
    of the rival covers; else what the rival makes that the entity relies on."""
    tech = dep.technology
    if tech != dep.rival and not walker.is_instrument(tech):
        return [tech]
    if walker.is_instrument(tech):
        covered = [link.target for link in walker.links(tech, walker.model.cover)]
        if covered:
            return sorted(covered)
    made = walker.makes(dep.rival)
    return sorted(s for s in supplies if s in made)


# ---------------------------------------------------------------------- mitigation rules
@dataclass
class _Context:
    walker: Walker
    entity: str
    group: frozenset[str]
    rival_group: frozenset[str]
    on_path: set[str]  # nodes on the entity's dependence paths to this rival
    supplies: dict[str, list[Link]]


def _alternative_providers(c: _Context, dep: Dependence) -> list[Mitigation]:
    out = []
    for product in dep.products:
        for link in c.walker.owners(product):
            if link.prop in {s.prop for s in c.walker.model.making} and link.target not in c.rival_group \
                    and link.target not in c.group:
                out.append(Mitigation("", "", link.target, product, [link]))
    return out


def _third_party_licences(c: _Context, dep: Dependence) -> list[Mitigation]:
    w = c.walker
    back = [Step(s.prop, not s.forward) for s in w.model.cover]
    holders = c.group | c.on_path
    out = []
    for product in dep.products:
        for cover in w.links(product, back):
            licence = cover.target
            if not w.grants(licence):
                continue
            held = [h for m in holders for h in w.links(m, w.model.reliance) if h.target == licence]
            grantors = [t for t in w.links(licence, w.model.terms) if t.target not in c.rival_group]
            if held and grantors:
                out.append(Mitigation("", "", licence, grantors[0].target, [held[0], cover, grantors[0]]))
    return out


def _in_house(c: _Context, dep: Dependence) -> list[Mitigation]:
    w = c.walker
    wanted = {r for k in dep.kinds for r in w.taxonomy.related(k)}
    out = []
    for kind, made in sorted(own_kinds(w, c.entity).items()):
        if kind in wanted:
            for m in made:
                if m.node not in c.on_path and m.node not in dep.products:
                    out.append(Mitigation("", "", m.node, kind, [m.link] if m.link else []))
    return out


def _other_suppliers(c: _Context, dep: Dependence) -> list[Mitigation]:
    w = c.walker
    wanted = {r for k in dep.kinds for r in w.taxonomy.related(k)}
    out = []
    for supply, path in sorted(c.supplies.items()):
        if supply in dep.products or supply in c.on_path or not wanted & set(w.kinds_of(supply)):
            continue
        providers = [o.target for o in w.owners(supply)] or ([supply] if w.is_rival_class(supply) else [])
        others = [p for p in providers if p not in c.rival_group and p not in c.group]
        if others:
            out.append(Mitigation("", "", supply, others[0], list(path)))
    return out


def _rules() -> dict[str, Callable[[_Context, Dependence], list[Mitigation]]]:
    """The mitigation rules competition.ttl may name, by name."""
    return {"alternativeProvider": _alternative_providers, "thirdPartyLicence": _third_party_licences,
            "inHouseTechnology": _in_house, "otherSupplier": _other_suppliers}


# ---------------------------------------------------------------------- single sources
def single_sources(walker: Walker, entity: str, supplies: dict[str, list[Link]]) -> list[SingleSource]:
    """Kinds of technology the entity relies on from one provider only, with nothing to fall back on (no
    licence from anyone else, nothing of the kind made in-house); supplies of unknown kind one by one."""
    group = walker.group(entity)
    in_house = {r for k in own_kinds(walker, entity) for r in walker.taxonomy.related(k)}
    known: dict[str, tuple[list[str], set[str]]] = {}  # supply -> (its providers, its kinds)
    for supply in supplies:
        if supply in group or walker.is_instrument(supply):
            continue
        owners = [o.target for o in walker.owners(supply)] or walker.known_owners(supply) \
            or ([supply] if walker.is_rival_class(supply) else [])
        owners = [o for o in owners if o not in group]
        if owners:  # else made in-house, or by no one known
            known[supply] = (owners, set(walker.kinds_of(supply)) or set(walker.maker_kinds(supply)))
    out = []
    for kind in sorted({k for _, kinds in known.values() for k in kinds}):
        if kind in in_house:
            continue
        related = walker.taxonomy.related(kind)
        by_provider: dict[str, set[str]] = {}
        for supply, (owners, kinds) in known.items():
            if kinds & related:
                for owner in owners:
                    by_provider.setdefault(owner, set()).add(supply)
        out += _single(walker, group, kind, by_provider, supplies)
    for supply, (owners, kinds) in sorted(known.items()):
        if not kinds:
            out += _single(walker, group, None, {o: {supply} for o in owners}, supplies)
    return out


def _single(walker: Walker, group: frozenset[str], kind: str | None, by_provider: dict[str, set[str]],
            supplies: dict[str, list[Link]]) -> list[SingleSource]:
    if len(by_provider) != 1:
        return []
    (provider, items), = by_provider.items()
    if _licensed_elsewhere(walker, group, items, provider):
        return []
    return [SingleSource(kind, provider, sorted(items), {s: supplies[s] for s in sorted(items)})]


def _licensed_elsewhere(walker: Walker, group: frozenset[str], items: set[str], provider: str) -> bool:
    back = [Step(s.prop, not s.forward) for s in walker.model.cover]
    for item in items:
        for cover in walker.links(item, back):
            if not walker.grants(cover.target):
                continue
            held = any(h.target == cover.target for m in group for h in walker.links(m, walker.model.reliance))
            others = [t for t in walker.links(cover.target, walker.model.terms) if t.target != provider]
            if held and others:
                return True
    return False
