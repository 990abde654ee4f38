"""One study file → the study, its publications, population, arms, results and findings.

The YAML format is documented for curators in graph/README.md; the rules on what must be
present live in graph/shapes.ttl, so this module only maps and resolves references.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from kg.namespaces import BIBO, CONCEPT, EV, FABIO, ID
from kg.sources.documents import STRUCTURED_FIELDS
from kg.sources.filegraph import FileGraph, open_source, valid_id
from kg.sources.links import Links
from kg.sources.vocab import Vocabulary
from kg.sources.yamlfile import ProblemLog, Record

STUDY_KEYS = [
    "id",
    "label",
    "names",
    "design",
    "phase",
    "registrations",
    "sample_size",
    "follow_up_months",
    "follow_up_of",
    "sources",
    "publications",
    "population",
    "arms",
    "results",
    "findings",
    "includes",
    "included_studies",
    "included_count",
    "integrity",
    "notes",
]
# How many studies a synthesis included (and pooled, when it says so apart), with the sentence
# of the page that says it
INCLUDED_COUNT_KEYS = ["studies", "pooled", "statement", "source"]
PUBLICATION_KEYS = [
    "id",
    "title",
    "authors",
    "authors_complete",
    "journal",
    "journal_abbrev",
    "year",
    "date",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "verified_at",
    "unverified",
    "notes",
]
INTEGRITY_KEYS = ["kind", "statement", "source"]
POPULATION_KEYS = ["kl_grades", "n", "mean_age", "mean_bmi", "female"]
ARM_KEYS = [
    "id",
    "label",
    "intervention",
    "donor",
    "dose_cells",
    "injections",
    "repeated",
    "image_guided",
    "adjuncts",
    "n",
]
RESULT_KEYS = [
    "id",
    "outcome",
    "timepoint_months",
    "arm",
    "comparator",
    "intervention",
    "measure",
    "value",
    "ci",
    "p",
    "favours",
    "statement",
    "source",
]
FINDING_KEYS = [
    "id",
    "statement",
    "intervention",
    "comparator",
    "outcome",
    "kl_grades",
    "direction",
    "magnitude",
    "timepoint_months",
    "certainty",
    "results",
    "source",
]
FAVOURS = {
    "intervention": "favours-intervention",
    "comparator": "favours-comparator",
    "neither": "no-difference",
}
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class StudyMapper:
    """Maps study files; shares the vocabulary and the cross-file link register."""

    def __init__(self, vocab: Vocabulary, links: Links, log: ProblemLog):
        self.vocab = vocab
        self.links = links
        self.log = log

    def map_file(self, path: Path, rel: str) -> FileGraph:
        fg, rec, sid = open_source(path, rel, self.log, STUDY_KEYS)
        if sid is None:
            return fg
        if path.stem != sid:
            rec.problem(
                "id", f"study {sid!r} must live in studies/{sid}.yaml (file is {path.name})"
            )
        self.links.define("study", sid)
        study = fg.node(ID[f"study/{sid}"], EV.Study, rec, rec.get("label"))
        fg.add(study, DCTERMS.identifier, sid)
        for name in rec.get_list("names"):
            fg.add(study, SKOS.altLabel, name)
        fg.add(study, EV.design, self._concept(rec, "design", "design"))
        fg.add(study, EV.phase, rec.get("phase"))
        for reg in rec.get_list("registrations"):
            fg.add(study, EV.registration, reg)
        fg.add(study, EV.sampleSize, _nonneg(rec, "sample_size"))
        fg.add(study, EV.followUpMonths, rec.get("follow_up_months", float))
        self._urls(fg, study, rec, "sources")
        fg.add(study, EV.notes, rec.get("notes"))
        follow_up_of = rec.get("follow_up_of")
        if follow_up_of:
            fg.add(
                study, EV.followUpOf, self.links.point(rec, "follow_up_of", "study", follow_up_of)
            )
        for i, ref in enumerate(rec.get_list("includes")):
            fg.add(study, EV.includesStudy, self.links.point(rec, f"includes[{i}]", "study", ref))
        for name in rec.get_list("included_studies"):
            fg.add(study, EV.includedStudyCited, name)
        count = rec.child("included_count")
        if count is not None:
            count.check_keys(INCLUDED_COUNT_KEYS)
            if count.get("statement") is None or count.get("source") is None:
                count.problem(
                    "statement", "give the sentence that states the count, and its source"
                )
            fg.add(study, EV.includedCount, _nonneg(count, "studies"))
            fg.add(study, EV.pooledCount, _nonneg(count, "pooled"))
            self._urls(fg, study, count, "source")

        for pub in rec.children("publications"):
            fg.add(study, EV.reportedIn, self._publication(fg, pub))
        population = rec.child("population")
        if population is not None:
            fg.add(study, EV.hasPopulation, self._population(fg, population, sid))
        arms = {}
        for arm_rec in rec.children("arms"):
            arm_id, node = self._arm(fg, arm_rec, sid)
            if arm_id:
                if arm_id in arms:
                    arm_rec.problem("id", f"arm id {arm_id!r} is used twice in this study")
                arms[arm_id] = node
                fg.add(study, EV.hasArm, node)
        for res in rec.children("results"):
            fg.add(study, EV.hasResult, self._result(fg, res, sid, arms))
        for fin in rec.children("findings"):
            fg.add(study, EV.hasFinding, self._finding(fg, fin, sid))
        for i, flag in enumerate(rec.children("integrity")):
            fg.add(study, EV.hasIntegrityFlag, self._integrity(fg, flag, sid, i))
        return fg

    # ------------------------------------------------------------ parts

    def _publication(self, fg: FileGraph, rec: Record) -> URIRef | None:
        rec.check_keys(PUBLICATION_KEYS)
        pid = valid_id(rec)
        if pid is None:
            return None
        self.links.define("publication", pid)
        title = rec.get("title")
        year = rec.get("year", int)
        authors = rec.get_list("authors")
        journal = rec.get("journal")
        label = _short_label(authors, year, journal) or title
        pub = fg.node(ID[f"publication/{pid}"], EV.Publication, rec, label)
        fg.add(pub, RDF.type, BIBO.AcademicArticle)
        fg.add(pub, RDF.type, FABIO.JournalArticle)
        fg.add(pub, DCTERMS.identifier, pid)
        fg.add(pub, DCTERMS.title, title)
        if year is not None:
            fg.add(pub, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear))
        date = rec.get("date", "date")
        if date:
            fg.add(pub, DCTERMS.date, _date_literal(date))
        fg.add(pub, BIBO.volume, rec.get("volume"))
        fg.add(pub, BIBO.issue, rec.get("issue"))
        pages = rec.get("pages")
        if pages:
            fg.add(pub, BIBO.pages, pages)
            start, _, end = pages.partition("-")
            fg.add(pub, BIBO.pageStart, start.strip())
            fg.add(pub, BIBO.pageEnd, end.strip() or None)
        doi = rec.get("doi")
        if doi:
            fg.add(pub, BIBO.doi, _bare_doi(doi))
        fg.add(pub, BIBO.pmid, rec.get("pmid"))
        fg.add(pub, EV.pmcid, rec.get("pmcid"))
        fg.add(pub, EV.notes, rec.get("notes"))
        self._urls(fg, pub, rec, "verified_at")
        if journal:
            slug = re.sub(r"[^a-z0-9]+", "-", journal.lower()).strip("-")
            jnode = ID[f"journal/{slug}"]
            fg.add(jnode, RDF.type, BIBO.Journal)
            fg.add(jnode, DCTERMS.title, journal)
            fg.add(jnode, EV.journalAbbreviation, rec.get("journal_abbrev"))
            fg.add(jnode, DCTERMS.identifier, slug)
            fg.add(jnode, RDFS.label, journal)
            fg.add(pub, DCTERMS.isPartOf, jnode)
        if authors:
            fg.add(pub, EV.authorsText, ", ".join(authors))
            people = []
            for i, name in enumerate(authors, start=1):
                person = BNode(f"{pid}-author-{i}")
                fg.add(person, RDF.type, FOAF.Person)
                fg.add(person, FOAF.name, name)
                people.append(person)
            fg.add(pub, BIBO.authorList, _rdf_list(fg, f"{pid}-authors", people))
        # `authors_complete: false`: the list holds only the authors a page showed
        fg.add(pub, EV.authorsComplete, rec.get("authors_complete", bool))
        # `unverified: [journal, year]`: fields no page showed, left out rather than guessed
        for field in rec.get_list("unverified"):
            fg.add(pub, EV.unverified, field)
        return pub

    def _population(self, fg: FileGraph, rec: Record, sid: str) -> URIRef:
        rec.check_keys(POPULATION_KEYS)
        node = fg.node(ID[f"study/{sid}/population"], EV.Population, rec, f"{sid} population")
        self.vocab.add_kl_grades(fg, node, rec)
        fg.add(node, EV.groupSize, _nonneg(rec, "n"))
        fg.add(node, EV.meanAge, rec.get("mean_age", float))
        fg.add(node, EV.meanBMI, rec.get("mean_bmi", float))
        fg.add(node, EV.femaleCount, _nonneg(rec, "female"))
        return node

    def _arm(self, fg: FileGraph, rec: Record, sid: str) -> tuple[str | None, URIRef | None]:
        rec.check_keys(ARM_KEYS)
        aid = valid_id(rec)
        if aid is None:
            return None, None
        node = fg.node(ID[f"study/{sid}/arm/{aid}"], EV.Arm, rec, rec.get("label") or aid)
        fg.add(node, DCTERMS.identifier, aid)
        fg.add(node, EV.intervention, self._concept(rec, "intervention", "intervention"))
        fg.add(node, EV.donor, self._concept(rec, "donor", "donor"))
        fg.add(node, EV.doseCells, rec.get("dose_cells", float))
        injections, repeated = rec.get("injections", int), rec.get("repeated", bool)
        if repeated is not None and injections is not None:
            rec.problem(
                "repeated",
                "`repeated` is for an arm whose number of injections was not stated; "
                f"this arm states injections: {injections}, so remove `repeated`",
            )
        fg.add(node, EV.injections, injections)
        fg.add(node, EV.repeatedInjections, repeated)
        fg.add(node, EV.imageGuided, rec.get("image_guided", bool))
        for i, adj in enumerate(rec.get_list("adjuncts")):
            fg.add(node, EV.adjunct, self.vocab.resolve(rec, f"adjuncts[{i}]", adj, "intervention"))
        fg.add(node, EV.groupSize, _nonneg(rec, "n"))
        return aid, node

    def _result(self, fg: FileGraph, rec: Record, sid: str, arms: dict) -> URIRef | None:
        rec.check_keys(RESULT_KEYS)
        rid = valid_id(rec)
        if rid is None:
            return None
        self.links.define("result", f"{sid}/{rid}")
        outcome = rec.get("outcome")
        when = rec.get("timepoint_months", float)
        label = f"{sid}: {outcome or 'result'}" + (f" at {when:g} months" if when else "")
        node = fg.node(ID[f"study/{sid}/result/{rid}"], EV.Result, rec, label)
        fg.add(node, DCTERMS.identifier, rid)
        fg.add(node, EV.outcome, self._concept(rec, "outcome", "outcome"))
        fg.add(node, EV.timepointMonths, when)
        if arms:  # a trial: sides are its arms; a result pooled over arms names each
            for key, prop in (("arm", EV.arm), ("comparator", EV.comparatorArm)):
                arm_ids = rec.get_list(key) if key == "arm" else [rec.get(key)]
                for arm_id in (a for a in arm_ids if a is not None):
                    if arm_id not in arms:
                        rec.problem(
                            key,
                            f"no arm {arm_id!r} in this study; arms are {', '.join(sorted(arms))}",
                        )
                    fg.add(node, prop, arms.get(arm_id))
            if rec.get("comparator") is not None and not rec.get_list("arm"):
                rec.problem(
                    "arm",
                    "a result against a comparator names the arm it is of: 'arm: <arm id>', or "
                    "a list of the arms it pools ('arm: [low-dose, high-dose]')",
                )
            if "intervention" in rec.data:
                rec.problem(
                    "intervention",
                    "this study has arms: name them with 'arm' and 'comparator' instead",
                )
        else:  # a review: sides are vocabulary concepts
            fg.add(node, EV.intervention, self._concept(rec, "intervention", "intervention"))
            fg.add(node, EV.comparator, self._concept(rec, "comparator", "intervention"))
            if "arm" in rec.data:
                rec.problem(
                    "arm",
                    "this study has no arms: use 'intervention' and 'comparator' vocabulary ids",
                )
        fg.add(node, EV.effectMeasure, self._concept(rec, "measure", "effect-measure"))
        fg.add(node, EV.value, rec.get("value", float))
        ci = rec.get_list("ci", float)
        if ci:
            if len(ci) != 2 or ci[0] > ci[1]:
                rec.problem("ci", f"expected [lower, upper] with lower <= upper, got {ci}")
            else:
                fg.add(node, EV.ciLower, ci[0])
                fg.add(node, EV.ciUpper, ci[1])
        fg.add(node, EV.pValue, rec.get("p"))
        favours = rec.get("favours")
        if favours is not None:
            if favours not in FAVOURS:
                rec.problem(
                    "favours", f"{favours!r} is not allowed; expected one of {', '.join(FAVOURS)}"
                )
            else:
                fg.add(node, EV.direction, CONCEPT[FAVOURS[favours]])
        fg.add(node, EV.statement, rec.get("statement"))
        self._urls(fg, node, rec, "source")
        return node

    def _finding(self, fg: FileGraph, rec: Record, sid: str) -> URIRef | None:
        rec.check_keys(FINDING_KEYS)
        fid = valid_id(rec)
        if fid is None:
            return None
        self.links.define("finding", f"{sid}/{fid}")
        node = fg.node(ID[f"study/{sid}/finding/{fid}"], EV.Finding, rec, f"{sid}: {fid}")
        fg.add(node, DCTERMS.identifier, fid)
        fg.add(node, EV.statement, rec.get("statement"))
        self.vocab.add_concepts(
            fg, node, rec, [*STRUCTURED_FIELDS, ("certainty", "certainty", EV.certainty)]
        )
        self.vocab.add_kl_grades(fg, node, rec)
        fg.add(node, EV.magnitude, rec.get("magnitude"))
        fg.add(node, EV.timepointMonths, rec.get("timepoint_months", float))
        for i, rid in enumerate(rec.get_list("results")):
            fg.add(
                node,
                EV.basedOnResult,
                self.links.point(rec, f"results[{i}]", "result", f"{sid}/{rid}"),
            )
        self._urls(fg, node, rec, "source")
        return node

    def _integrity(self, fg: FileGraph, rec: Record, sid: str, index: int) -> URIRef:
        """A flag a public page states (a retraction, the maker's funding, an outcome that
        differs from the registration): it travels with the study to every answer."""
        rec.check_keys(INTEGRITY_KEYS)
        kind = rec.get("kind")
        node = fg.node(
            ID[f"study/{sid}/integrity/{index + 1}"],
            EV.IntegrityFlag,
            rec,
            f"{sid}: {kind or 'integrity flag'}",
        )
        fg.add(node, EV.integrityKind, self._concept(rec, "kind", "integrity"))
        fg.add(node, EV.statement, rec.get("statement"))
        self._urls(fg, node, rec, "source")
        return node

    # ------------------------------------------------------------ values

    def _concept(self, rec: Record, key: str, scheme: str) -> URIRef | None:
        value = rec.get(key)
        return None if value is None else self.vocab.resolve(rec, key, value, scheme)

    def _urls(self, fg: FileGraph, node: URIRef, rec: Record, key: str) -> None:
        for i, url in enumerate(rec.get_list(key)):
            if _URL.match(url):
                fg.add(node, EV.verifiedAt, URIRef(url))
            else:
                rec.problem(
                    f"{key}[{i}]" if isinstance(rec.data.get(key), list) else key,
                    f"{url!r} is not an http(s) URL",
                )


def _rdf_list(fg: FileGraph, stem: str, items: list) -> BNode:
    """An rdf:List with stable blank-node labels, so rebuilding gives a byte-identical dump."""
    cells = [BNode(f"{stem}-{i}") for i in range(len(items))]
    for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
        fg.add(cell, RDF.first, item)
        fg.add(cell, RDF.rest, cells[i + 1] if i + 1 < len(cells) else RDF.nil)
    return cells[0]


def _nonneg(rec: Record, key: str) -> int | None:
    value = rec.get(key, int)
    if value is not None and value < 0:
        rec.problem(key, f"expected a count of 0 or more, got {value}")
        return None
    return value


def _bare_doi(doi: str) -> str:
    """Convention: bare lower-case DOI, whatever prefix the curator pasted."""
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I).lower()


def _date_literal(date: str) -> Literal:
    parts = date.count("-")
    datatype = {0: XSD.gYear, 1: XSD.gYearMonth, 2: XSD.date}[parts]
    return Literal(date, datatype=datatype)


def _short_label(authors: list[str], year: int | None, journal: str | None) -> str | None:
    """'Bennell et al. 2021 (JAMA)': how people name a paper in conversation."""
    if not authors or year is None:
        return None
    family = authors[0].rsplit(" ", 1)[0]
    tail = " et al." if len(authors) > 1 else ""
    return f"{family}{tail} {year}" + (f" ({journal})" if journal else "")
