"""An interpretation → one SPARQL SELECT over studies, with every value bound as a term.

The text is assembled only from the fixed fragments below and variable names this module
makes (`?intervention_0`, `?kl_1`, ...); what the user typed never reaches it. The values
travel separately as RDF terms (concept IRIs, integers, decimals) and are bound by the
store as a VALUES block (kg.sparql_text.with_values). Bound variables are projected, so the
answer shows them. The query follows the portability rules of
kg.named_queries (hierarchies through ev:within, no FILTER in an OPTIONAL reading a value).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.interpret import Interpretation, OrderKey
from kg.namespaces import CONCEPT, ID, sparql_prefixes
from kg.namespaces import PREFIXES as PREFIXES_BY_NAME
from kg.store.base import Term

_XSD = PREFIXES_BY_NAME["xsd"]
PREFIXES = sparql_prefixes("ev", "bibo", "dcterms", "rdfs", "skos", "xsd")
_PART = "(ev:hasArm|ev:hasFinding|ev:hasResult)"
_SIDE = "(ev:intervention|ev:comparator|ev:adjunct)"
_ARM_SIDE = "(ev:intervention|ev:adjunct)"
# a treatment a study gives or compares, not one it adds to another arm's (BMAC with PRP)
_GIVEN_SIDE = "(ev:intervention|ev:comparator)"
_DONOR = (
    "(ev:hasArm/ev:donor|(ev:hasArm|ev:hasFinding|ev:hasResult)/ev:intervention/ev:inherentDonor)"
)
# Each concept the question names in these fields adds one pattern, $term its bound IRI.
_CONCEPT_FILTERS = (
    ("excluded_designs", "exclude_design", "FILTER NOT EXISTS { ?design ev:within $term }"),
    ("excluded", "exclude", f"FILTER NOT EXISTS {{ ?study {_PART}/{_SIDE}/ev:within $term }}"),
    # an arm's recorded donor, or the donor its treatment has by what it is (SVF, BMAC)
    ("donors", "donor", f"?study {_DONOR} $term ."),
    ("excluded_donors", "exclude_donor", f"FILTER NOT EXISTS {{ ?study {_DONOR} $term }}"),
    ("certainties", "certainty", "?study ev:hasFinding/ev:certainty/ev:within $term ."),
)
# KL grades: a study of any of the grades asked ("KL II-III", "early OA" = KL 1 or 2): its
# population or a finding records one of them
_KL = "?study (ev:hasPopulation|ev:hasFinding)/ev:klGrade ?kl . FILTER(?kl IN ($terms))"
_SYNTHESIS = str(CONCEPT["evidence-synthesis"])  # a fixed term
_CELL_THERAPY = str(CONCEPT["cell-therapy"])
_CELL_DOSE = str(CONCEPT["cell-dose"])
_PLACEBO = str(CONCEPT["placebo"])
# The value a superlative ranks by, as ?rankValue; a study's year is its latest report's.
_RANKED_BY = {
    OrderKey.SAMPLE_SIZE: "?study ev:sampleSize ?rankValue .",
    OrderKey.FOLLOW_UP: "?study ev:followUpMonths ?rankValue .",
    OrderKey.YEAR: "{ SELECT ?study (MAX(xsd:integer(SUBSTR(STR(?rankIssued), 1, 4))) "
    "AS ?rankValue) WHERE { ?study ev:reportedIn/dcterms:issued ?rankIssued } GROUP BY ?study }",
}


def build(interp: Interpretation, *, tested: bool = True) -> tuple[str, dict[str, Term]]:
    """SPARQL text and the bindings of its parameter variables: one group of patterns per
    kind of condition the question states, in a fixed order. With `tested` false, an active
    comparator named alone is matched wherever a study gives it (see under_test_only)."""
    query = _Query(interp, tested=tested)
    for add in (
        query.named_studies,
        query.designs,
        query.concept_filters,
        query.interventions,
        query.phases,
        query.injections,
        query.compared_arms,
        query.doses,
        query.guidance,
        query.sources,
        query.active_control,
        query.outcomes,
        query.sizes_and_years,
    ):
        add()
    return query.text(), query.bindings


class _Query:
    """The WHERE patterns of one question's query and the terms bound into it."""

    def __init__(self, interp: Interpretation, *, tested: bool = True):
        self.interp = interp
        self.tested = tested
        self.where: list[str] = [
            "?study a ev:Study ; dcterms:identifier ?id ; rdfs:label ?label ; ev:design ?design .",
            "?design skos:notation ?designId .",
        ]
        self.bindings: dict[str, Term] = {}

    def bind(self, name: str, term: Term) -> str:
        self.bindings[name] = term
        return f"?{name}"

    def named_studies(self) -> None:
        if self.interp.studies:
            named = [
                self.bind(f"study_{i}", _iri(str(ID[f"study/{s}"])))
                for i, s in enumerate(self.interp.studies)
            ]
            self.where.append(f"FILTER (?study IN ({', '.join(named)}))")

    def designs(self) -> None:
        if self.interp.designs:
            names = [
                self.bind(f"design_{i}", _iri(c.iri)) for i, c in enumerate(self.interp.designs)
            ]
            # a later report of a trial (its long-term follow-up, a reanalysis) is evidence of
            # the trial's design: "randomised trials of two doses" finds the 4-year follow-up
            # of the randomised trial beside the trial
            self.where.append(
                "{ ?study ev:design/ev:within ?designWithin } UNION "
                "{ ?study ev:followUpOf/ev:design/ev:within ?designWithin }\n  "
                f"FILTER (?designWithin IN ({', '.join(names)}))"
            )

    def concept_filters(self) -> None:
        for field_name, prefix, pattern in _CONCEPT_FILTERS:
            for i, concept in enumerate(getattr(self.interp, field_name)):
                var = self.bind(f"{prefix}_{i}", _iri(concept.iri))
                self.where.append(pattern.replace("$term", var))
        grades = [self.bind(f"kl_{i}", _iri(c.iri)) for i, c in enumerate(self.interp.kl_grades)]
        if grades:
            self.where.append(_KL.replace("$terms", ", ".join(grades)))

    def interventions(self) -> None:
        """Each treatment named, or one of the alternatives, or two in one arm, or pairs
        compared head to head."""
        interp, where = self.interp, self.where
        pairs = interp.compared_pairs
        in_pairs = {c for pair in pairs for c in pair}
        either = [c for c in interp.alternatives if c in interp.interventions]
        for i, concept in enumerate(interp.interventions):
            var = self.bind(f"intervention_{i}", _iri(concept.iri))
            if concept not in in_pairs and concept not in either:
                # one treatment named asks for the studies of it: an adjunct does not make a
                # study about the adjunct ("the effect of PRP" is not BMAC with PRP added);
                # with more named, an adjunct may be how their combination is given
                path = _GIVEN_SIDE if len(interp.interventions) == 1 else _SIDE
                if self.tested and len(interp.interventions) == 1 and under_test_only(concept):
                    # "the benefits of viscosupplementation": hyaluronic acid as the treatment
                    # tested, which a study's arm of it beside a cell therapy is not
                    where.append(
                        f"?study (ev:hasFinding|ev:hasResult) ?part_{i} . "
                        f"?part_{i} ev:intervention/ev:within {var} ."
                    )
                    continue
                where.append(f"?study {_PART} ?part_{i} . ?part_{i} {path}/ev:within {var} .")
        if either:  # "either X or Y": a part about one of them
            where.append(
                "\n  UNION\n  ".join(
                    f"{{ ?study {_PART} ?either . ?either {_SIDE}/ev:within "
                    f"?intervention_{interp.interventions.index(c)} . }}"
                    for c in either
                )
            )
        if len(interp.combined) == 2:  # one arm holds both, as intervention or adjunct
            combined = [
                self.bind(f"combined_{i}", _iri(c.iri)) for i, c in enumerate(interp.combined)
            ]
            for var in combined:
                where.append(
                    f"?study ev:hasArm ?comboArm . ?comboArm {_ARM_SIDE}/ev:within {var} ."
                )
            # ... and one of them is what the arm gives: an arm of a third treatment with both
            # added (cells with PRP and HA) is not the two in combination
            where.append(
                " UNION ".join(f"{{ ?comboArm ev:intervention/ev:within {v} }}" for v in combined)
            )
        for k, concept in enumerate(interp.alone):
            # "MSCs plus PRP against PRP alone": an arm of PRP without the other treatments
            # the question names (both arms may share a procedure); with none named, nothing
            # added at all
            var = self.bind(f"alone_{k}", _iri(concept.iri))
            arm = f"?aloneArm_{k}"
            others = [
                f"?intervention_{interp.interventions.index(c)}"
                for c in interp.interventions
                if c is not concept and not concept.within(c.id)
            ]
            added = (
                " ".join(f"FILTER NOT EXISTS {{ {arm} ev:adjunct/ev:within {o} }}" for o in others)
                if others
                else f"FILTER NOT EXISTS {{ {arm} ev:adjunct ?added_{k} }}"
            )
            where.append(
                # a review has no arms: what its comparisons held is not recorded, so it stays
                f"FILTER (NOT EXISTS {{ ?study ev:hasArm ?anyArm_{k} }} || EXISTS {{ "
                f"?study ev:hasArm {arm} . {arm} ev:intervention/ev:within {var} . {added} }})"
            )
        if pairs:  # any one of the pairs, head to head
            side = {c: f"?intervention_{interp.interventions.index(c)}" for c in in_pairs}
            where.append(
                "{ "
                + "\n  UNION\n  ".join(
                    f"{{ {_head_to_head(side[a], side[b], k)} }}" for k, (a, b) in enumerate(pairs)
                )
                + " }"
                if len(pairs) > 1
                else _head_to_head(side[pairs[0][0]], side[pairs[0][1]])
            )

    def phases(self) -> None:
        for i, phase in enumerate(self.interp.phases):
            var = self.bind(f"phase_{i}", _string(_phase_pattern(phase)))
            self.where.append(
                f'?study ev:phase ?phase_text_{i} . FILTER (REGEX(?phase_text_{i}, {var}, "i"))'
            )

    def injections(self) -> None:
        """Arms given a number of injections ("two injections", "repeated")."""
        interp, where = self.interp, self.where
        for i, count in enumerate(interp.injections):
            arm = f"?injectionArm_{i}"
            where.append(f"?study ev:hasArm {arm} .")
            if count is None:  # "repeated", "multiple": more than one, counted or not
                where.append(
                    f"{{ {arm} ev:injections ?injections_{i} . FILTER (?injections_{i} > 1) }}"
                    f" UNION {{ {arm} ev:repeatedInjections true }}"
                )
            else:
                count_var = self.bind(f"injection_count_{i}", _integer(count))
                where.append(
                    f"{arm} ev:injections ?injections_{i} . FILTER (?injections_{i} = {count_var})"
                )
            for j, concept in enumerate(interp.interventions):
                if concept not in interp.comparison:
                    where.append(f"{arm} ev:intervention/ev:within ?intervention_{j} .")
        if len(interp.injections) == 2:
            where.append("FILTER (?injectionArm_0 != ?injectionArm_1)")

    def compared_arms(self) -> None:
        """Two arms of the treatment at different doses, or given different numbers of
        injections."""
        interp, where = self.interp, self.where
        treated = [
            j for j, c in enumerate(interp.interventions)
            if c not in interp.comparison and c not in interp.alternatives
        ]  # fmt: skip
        if interp.doses_compared:
            # two arms of the treatment at different doses; or, for a review (no arms), a study
            # the graph's cell-dose modifier rests on (a dose-focused meta-analysis)
            arms = (
                "?study ev:hasArm ?doseArmA, ?doseArmB . ?doseArmA ev:doseCells ?doseA . "
                "?doseArmB ev:doseCells ?doseB . FILTER (?doseA < ?doseB)"
                + "".join(
                    f" ?doseArmA ev:intervention/ev:within ?intervention_{j} ."
                    f" ?doseArmB ev:intervention/ev:within ?intervention_{j} ."
                    for j in treated
                )
            )
            modifier = (
                f"?doseModifier ev:factor <{_CELL_DOSE}> ; ev:supportedBy ?study ."
                + "".join(
                    f" ?doseModifier ev:intervention/ev:within ?intervention_{j} ." for j in treated
                )
            )
            where.append(f"{{ {arms} }}\n  UNION\n  {{ {modifier} }}")
        if interp.injection_counts_compared:
            where.append(
                "?study ev:hasArm ?countArmA, ?countArmB . ?countArmA ev:injections ?countA . "
                "{ ?countArmB ev:injections ?countB } UNION "
                "{ ?countArmB ev:repeatedInjections true . BIND (2 AS ?countB) } "  # at least two
                "FILTER (?countA < ?countB)"
            )
            for j in treated:
                where.append(
                    f"?countArmA ev:intervention/ev:within ?intervention_{j} . "
                    f"?countArmB ev:intervention/ev:within ?intervention_{j} ."
                )

    def sources(self) -> None:
        """Two cell products, neither a kind of the other, in the study's arms, or on either
        side of its results and findings (a review comparing adipose with marrow MSCs, or
        ranking each source against a common control)."""
        if self.interp.sources_compared:
            self.where.append(
                f"?study {_PART} ?sourceA, ?sourceB . "
                f"?sourceA (ev:intervention|ev:comparator) ?cellA . "
                f"?sourceB (ev:intervention|ev:comparator) ?cellB . "
                f"?cellA ev:within <{_CELL_THERAPY}> . ?cellB ev:within <{_CELL_THERAPY}> .\n  "
                "FILTER NOT EXISTS { ?cellA ev:within ?cellB }\n  "
                "FILTER NOT EXISTS { ?cellB ev:within ?cellA }"
            )

    def active_control(self) -> None:
        """An arm given neither a placebo nor the treatment the question names."""
        if not self.interp.active_control:
            return
        treated = "".join(
            f" FILTER NOT EXISTS {{ ?activeTreatment ev:within ?intervention_{j} }}"
            for j, c in enumerate(self.interp.interventions)
            if c not in self.interp.comparison
        )
        self.where.append(
            "?study ev:hasArm ?activeArm . ?activeArm ev:intervention ?activeTreatment .\n  "
            f"FILTER NOT EXISTS {{ ?activeTreatment ev:within <{_PLACEBO}> }}{treated}"
        )

    def guidance(self) -> None:
        if self.interp.image_guided:
            self.where.append("?study ev:hasArm/ev:imageGuided true .")

    def doses(self) -> None:
        if self.interp.dose_min is not None:
            var = self.bind("dose_min", _decimal(self.interp.dose_min))
            self.where.append(
                f"?study ev:hasArm/ev:doseCells ?doseMin . FILTER (?doseMin >= {var})"
            )
        if self.interp.dose_max is not None:
            var = self.bind("dose_max", _decimal(self.interp.dose_max))
            self.where.append(
                f"?study ev:hasArm/ev:doseCells ?doseMax . FILTER (?doseMax <= {var})"
            )

    def outcomes(self) -> None:
        """ "on pain, function and imaging": a study that reports any one of them (at the
        timepoint, when one is asked)."""
        interp, where = self.interp, self.where
        measured = []
        for i, concept in enumerate(interp.outcomes):
            var = self.bind(f"outcome_{i}", _iri(concept.iri))
            pattern = (
                f"?study (ev:hasResult|ev:hasFinding) ?measured_{i} . "
                f"?measured_{i} ev:outcome/ev:within {var} ."
            )
            if interp.timepoint_months is not None:
                t = self.bind(f"timepoint_{i}", _decimal(interp.timepoint_months))
                pattern += f" ?measured_{i} ev:timepointMonths ?t_{i} . FILTER (?t_{i} = {t})"
            measured.append(pattern)
        if len(measured) == 1:
            where.append(measured[0])
        elif measured:
            where.append("\n  UNION\n  ".join(f"{{ {m} }}" for m in measured))
        if interp.timepoint_months is not None and not interp.outcomes:
            t = self.bind("timepoint", _decimal(interp.timepoint_months))
            where.append(
                f"?study (ev:hasResult|ev:hasFinding)/ev:timepointMonths ?t . FILTER (?t = {t})"
            )

    def sizes_and_years(self) -> None:
        """Follow-up length, sample size and publication years."""
        interp, where, bind = self.interp, self.where, self.bind
        if interp.follow_up_min_months is not None:
            f = bind("follow_up_min", _decimal(interp.follow_up_min_months))
            where.append(f"?study ev:followUpMonths ?followUp . FILTER (?followUp >= {f})")
        if interp.size_min is not None or interp.size_max is not None:
            where.append("?study ev:sampleSize ?n .")
            if interp.size_min is not None:
                where.append(f"FILTER (?n >= {bind('size_min', _integer(interp.size_min))})")
            if interp.size_max is not None:
                where.append(f"FILTER (?n <= {bind('size_max', _integer(interp.size_max))})")
        if interp.year_min is not None or interp.year_max is not None:
            where.append(
                "?study ev:reportedIn/dcterms:issued ?issued . "
                "BIND (xsd:integer(SUBSTR(STR(?issued), 1, 4)) AS ?issuedYear)"
            )
            if interp.year_min is not None:
                year = bind("year_min", _integer(interp.year_min))
                where.append(f"FILTER (?issuedYear >= {year})")
            if interp.year_max is not None:
                year = bind("year_max", _integer(interp.year_max))
                where.append(f"FILTER (?issuedYear <= {year})")

    def text(self) -> str:
        order = "?id ?publicationId"
        ranked = self.interp.order
        if ranked:  # only studies that record the value are ranked by it
            self.where.append(_RANKED_BY[ranked.key])
            key = "DESC(?rankValue)" if ranked.descending else "ASC(?rankValue)"
            order = f"{key} {order}"
        where = [
            *self.where,
            "OPTIONAL { ?study ev:sampleSize ?sampleSize }",
            "OPTIONAL { ?study ev:followUpMonths ?followUpMonths }",
            "OPTIONAL { ?study ev:reportedIn ?publication . ?publication dcterms:identifier "
            "?publicationId ; dcterms:title ?title ; dcterms:issued ?year . "
            "OPTIONAL { ?publication bibo:doi ?doi } }",
        ]
        projected = " ".join(f"?{name}" for name in self.bindings)
        return (
            PREFIXES
            + "SELECT DISTINCT ?study ?id ?label ?designId ?sampleSize ?followUpMonths "
            + f"?publication ?publicationId ?title ?year ?doi {projected}\nWHERE {{\n  "
            + "\n  ".join(where)
            + f"\n}}\nORDER BY {order}\n"
        )


def under_test_only(concept) -> bool:
    """Whether a treatment named alone is asked about only where a study tests it: an active
    comparator (hyaluronic acid, a steroid, exercise: the vocabulary's controls other than
    placebo), which the graph's studies give as the control of a cell therapy or PRP. A
    question of "the benefits of viscosupplementation" is not answered by every trial with an
    HA arm; one of "the placebo response" is answered by the placebo-controlled trials."""
    return concept.within("control") and not concept.within("placebo") and concept.id != "control"


def _phase_pattern(phase: int) -> str:
    """A regular expression for a trial phase as printed: 'III', '3', 'II/III', '2/3', 'IIb'."""
    roman = {1: "i", 2: "ii", 3: "iii", 4: "iv"}[phase]
    return f"(^|[^a-z0-9]){roman}([ab]|[^a-z0-9]|$)|(^|[^0-9]){phase}([ab]|[^0-9]|$)"


def _head_to_head(a: str, b: str, k: int | str = "") -> str:
    """Two different arms of a trial; one finding/result of a review, one side each; or a
    review (a network meta-analysis) that reports on each of the two separately. `k` keeps
    the variables of one pair apart from another's."""
    return (
        f"{{ ?study ev:hasArm ?armA{k}, ?armB{k} . FILTER (?armA{k} != ?armB{k})\n"
        f"    ?armA{k} ev:intervention/ev:within {a} .\n"
        f"    ?armB{k} ev:intervention/ev:within {b} . }}\n"
        "  UNION\n"
        f"  {{ ?study ev:hasFinding|ev:hasResult ?compared{k} .\n"
        f"    {{ ?compared{k} ev:intervention/ev:within {a} .\n"
        f"      ?compared{k} ev:comparator/ev:within {b} }}\n"
        "    UNION\n"
        f"    {{ ?compared{k} ev:intervention/ev:within {b} .\n"
        f"      ?compared{k} ev:comparator/ev:within {a} }} }}\n"
        f"  UNION\n"
        f"  {{ ?study ev:design/ev:within <{_SYNTHESIS}> ;\n"
        f"           ev:hasFinding|ev:hasResult ?onA{k}, ?onB{k} .\n"
        f"    ?onA{k} ev:intervention/ev:within {a} . ?onB{k} ev:intervention/ev:within {b} . }}"
    )


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _decimal(value: float) -> ox.Literal:
    """An xsd:decimal lexical form (no exponent: 1e+08 is not one)."""
    text = f"{value:f}".rstrip("0").rstrip(".") or "0"
    return ox.Literal(text, datatype=ox.NamedNode(_XSD + "decimal"))
