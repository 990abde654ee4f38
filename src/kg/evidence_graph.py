"""The loaded graph: one object that owns the store, the named queries, the settings, and what
the services derive from the whole graph.

`create_app` builds one at start-up and hands it to every route (kg.api.deps); each CLI
command builds one the same way (`EvidenceGraph.open`). Records, ask, check, cite and the
network take it as their first argument. The graph is read-only once loaded, so the views
derived from all of it (the vocabulary, the names of studies, the evidence and modifier rows,
the curated quotes, formatted references) are read on first use and kept for the object's
life: nothing is cached in module globals, and a second graph (a test's small store) never
sees the first one's views.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from dataclasses import replace
from functools import cached_property

from kg import cite
from kg.config import Settings
from kg.evidence_rows import read_evidence_rows, read_modifier_rows
from kg.integrity import IntegrityFlag, read_flags
from kg.named_queries import SERVICE_QUERIES, QueryCatalog, select_rows
from kg.records import (
    get_claim,
    get_publication,
    list_claims,
    resolve_publication,
    study_facts,
)
from kg.reported_statements import ReportedStatement, StatementIndex, read_statements
from kg.store import EmbeddedStore, RemoteStore, Store, open_built_store
from kg.study_facts import StudyFacts
from kg.study_names import StudyNames, read_study_names
from kg.terms import Vocabulary, fold, read_vocabulary

_log = logging.getLogger(__name__)


class EvidenceGraph:
    """The store with its named queries and settings, and the views read from it once."""

    def __init__(self, store: Store, catalog: QueryCatalog, settings: Settings | None = None):
        self.store = store
        self.catalog = catalog
        self.settings = settings or Settings()
        self._references: dict[tuple[str, str], str] = {}
        self._studies: dict[str, StudyFacts] = {}
        self._claims: dict[tuple[str, str], dict | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, store: Store | None = None) -> EvidenceGraph:
        """The graph the settings name (kg.config): a remote endpoint, RDF files, or the
        build. A missing or broken named query, dump, file or endpoint fails here, naming
        it, before anything is answered."""
        catalog = QueryCatalog(settings.queries_dir)
        catalog.require(SERVICE_QUERIES)
        return cls(store if store is not None else open_store(settings), catalog, settings)

    # ------------------------------------------------------------ queries

    def rows(self, name: str, **values) -> list[dict]:
        """Rows of the named SELECT query `name`, with `values` as its parameters."""
        return select_rows(self.store, self.catalog.get(name), **values)

    def release(self) -> dict:
        return self.store.release()

    # ------------------------------------------------------------ views, read once

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return read_vocabulary(self.store, self.catalog)

    @cached_property
    def study_names(self) -> StudyNames:
        return read_study_names(self.store, self.catalog)

    @cached_property
    def evidence_rows(self) -> list[dict]:
        """Every finding, and every result no finding speaks for (kg.evidence_rows)."""
        return read_evidence_rows(self.store, self.catalog, self.study_names)

    @cached_property
    def outcomes_reported(self) -> frozenset[str]:
        """The outcome ids some finding or result of the graph reports on (a claim about any
        other outcome finds nothing, whatever else it names)."""
        return frozenset(row["outcome"] for row in self.evidence_rows if row["outcome"])

    @cached_property
    def modifier_rows(self) -> list[dict]:
        return read_modifier_rows(self.store, self.catalog)

    @cached_property
    def reports(self) -> dict[str, frozenset[str]]:
        """The studies a publication identifier reports, by identifier as printed on a page,
        folded: "doi:10.3390/medicina57111193", "pmid:34833411", "pmc8623697", and by its
        title ("title:adipose derived mesenchymal stem cell therapy in the ...")."""
        out: dict[str, set[str]] = {}
        for row in self.rows("publication-identifiers"):
            keys = [
                f"doi:{row['doi'].lower()}" if row["doi"] else None,
                f"pmid:{row['pmid']}" if row["pmid"] else None,
                str(row["pmcid"]).lower() if row["pmcid"] else None,
                f"title:{fold_title(row['title'])}" if row["title"] else None,
            ]
            for key in filter(None, keys):
                out.setdefault(key, set()).add(row["studyId"])
        return {key: frozenset(studies) for key, studies in out.items()}

    @cached_property
    def studies_by_size(self) -> dict[int, tuple[str, ...]]:
        """Study ids by the sample size their record states (for reading a page that
        describes a trial without naming it: "288 adults ... PRP vs placebo")."""
        out: dict[int, set[str]] = {}
        for row in self.rows("studies"):
            if row["sampleSize"] is not None:
                out.setdefault(int(row["sampleSize"]), set()).add(row["id"])
        return {size: tuple(sorted(ids)) for size, ids in out.items()}

    @cached_property
    def stats(self) -> dict[str, dict[str, int]]:
        """The `stats` named query grouped: section → item → count (kg stats, the home page)."""
        sections: dict[str, dict[str, int]] = {}
        for row in self.rows("stats"):
            sections.setdefault(row["section"], {})[row["item"]] = int(row["count"])
        return sections

    @cached_property
    def claims_by_study(self) -> dict[str, list[dict]]:
        """The documents' claims whose evidence links reach each study (a study's page lists
        the claims that cite it)."""
        out: dict[str, dict[str, dict]] = {}
        for claim in list_claims(self):
            for row in self.rows("claim-evidence", claim=claim["iri"]):
                out.setdefault(row["studyId"], {})[claim["id"]] = claim
        return {study: list(claims.values()) for study, claims in out.items()}

    @cached_property
    def recorded_effects(self) -> list[tuple[float, str | None, str]]:
        """(value, measure id, study id) of every result that records a number: a claim
        quoting one ("WMD -20.93") cites that study."""
        ids = sorted({row["id"] for row in self.rows("studies")})
        return [
            (r.value, r.measure, sid)
            for sid in ids
            for r in self.study(sid).results
            if r.value is not None
        ]

    @cached_property
    def integrity_flags(self) -> dict[str, tuple[IntegrityFlag, ...]]:
        """Each flagged study's integrity flags (kg.integrity)."""
        return read_flags(self.rows("integrity-flags"))

    @cached_property
    def reported_statements(self) -> dict[str, tuple[ReportedStatement, ...]]:
        """The sentences of every result's and finding's statement, by study: a claim that
        repeats one reports that study (kg.reported_statements)."""
        return read_statements(self.rows("study-statements"))

    @cached_property
    def statement_index(self) -> StatementIndex:
        """The reported sentences found by the words they share with a text: which study a
        page repeats (kg.check_document)."""
        return StatementIndex(self.reported_statements)

    @cached_property
    def curated_quotes(self) -> list[tuple[str, dict]]:
        """Every curated claim with its quote folded for comparison (kg.check)."""
        return [(" ".join(fold(c["quote"])), c) for c in list_claims(self)]

    _VIEWS = (
        "vocabulary",
        "study_names",
        "evidence_rows",
        "outcomes_reported",
        "modifier_rows",
        "reports",
        "studies_by_size",
        "recorded_effects",
        "curated_quotes",
        "reported_statements",
        "statement_index",
        "integrity_flags",
    )

    def warm(self) -> None:
        """Read the views every check and ask needs, so that a server's first request does
        not pay for them (kg serve calls it at start-up, in each worker). Only a speed-up: a
        store that cannot answer is reported by the request that needs it (a 5xx with its
        id), not by a server that will not start."""
        for view in self._VIEWS:
            try:
                getattr(self, view)
            except Exception:  # the request that reads the view reports it
                _log.warning("could not read the %s view at start-up", view, exc_info=True)
                return

    def study(self, study_id: str) -> StudyFacts:
        """What the check reads of one study (kg.study_facts), read once per study."""
        facts = self._studies.get(study_id)
        if facts is None:
            facts = study_facts(self, study_id)  # an unknown id raises NotFoundError
            facts = replace(facts, name=self.study_names.display(study_id))
            with self._lock:
                self._studies[study_id] = facts
        return facts

    def curated_claim(self, document: str, claim_id: str) -> dict | None:
        """A document's curated claim with its evidence links (kg.records.get_claim), read
        once per claim (two queries each; an article that repeats a curated document meets
        fifty of them). A copy each time: an answer may add to what it was given."""
        key = (document, claim_id)
        if key not in self._claims:
            claim = get_claim(self, document, claim_id)
            with self._lock:
                self._claims[key] = claim
        return copy.deepcopy(self._claims[key])

    def reference(self, publication_id: str, fmt: str = "text") -> str:
        """A publication's reference in `fmt` (kg.cite), formatted once: the CSL processor
        is the slow part of a citation and of an answer that cites the same papers again."""
        key = (resolve_publication(self, publication_id), fmt)  # one entry per paper
        made = self._references.get(key)
        if made is None:
            made = cite.cite(get_publication(self, key[0]), fmt)
            with self._lock:
                self._references[key] = made
        return made


def fold_title(text: str) -> str:
    """A title as it is compared with a page: lower case, words only, one space between."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def open_store(settings: Settings) -> Store:
    """What the settings say to serve: a remote endpoint, RDF files, or the built graph."""
    limits = settings.syntax_limits
    if settings.store_url:
        return RemoteStore(settings.store_url, timeout=settings.query_timeout, syntax_limits=limits)
    if settings.data_files:
        store: EmbeddedStore = EmbeddedStore.from_files(
            list(settings.data_files), union_default_graph=False
        )
    else:
        store = open_built_store(settings.build_dir)
    store.syntax_limits = limits
    return store
