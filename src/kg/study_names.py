"""Recognising studies named in free text: "the MILES trial", "Emadedin's trial", "Lee 2025".

People name a study by its first author (often with the year), by a trial acronym or product
name, or by its registry id. The names come from the graph (the `study-names` named query:
first authors of the reporting publications, skos:altLabel names, registrations), never from
code. Matching is strict, because a false match would judge a claim against the wrong study:
- a surname must appear capitalised as printed ("Ma" names ma-2020, "MA" and "ma" do not);
- an acronym in capitals (MILES, RESTORE) must appear in capitals; other names
  (Stempeucel, Re-Join) match in any case, and with an indication after a hyphen
  ("Stempeucel-OA"); a name of two capitalised parts also without its hyphen, as printed
  ("ReJoin", "REJOIN", never the verb "rejoin");
- a registry id matches in any case;
- when several studies share a surname, a year written right after it ("Lee 2025",
  "Lamo-Espinosa's 2018 follow-up") picks among them; without one, all of them are named;
- a journal names the studies it published in a year only with that year beside it, and as
  printed ("the 2021 Arthroscopy network meta-analysis", "Nat Med 2023"): "Arthroscopy" alone
  is a procedure, and "medicine" a word; without a year, only when the text speaks of it as a
  journal ("the journal Stem Cells", "published in ...") and it published one study of the
  graph.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from kg.named_queries import QueryCatalog
from kg.store.base import Store, solutions

# A registration, which names a trial but not as a reader would: "NCT03110679", "CTRI/2018/..."
_REGISTRY = re.compile(r"^(?:NCT\d+|CTRI/|ISRCTN|ChiCTR|EudraCT|IRCT|ACTRN|JPRN|KCT)", re.I)
_YEAR_AFTER = re.compile(r"^(?:'s|’s)?\s*(?:et al\.?\s*)?[(,]?\s*((?:19|20)\d\d)\b")
_AS_A_STUDY = re.compile(
    r"(?:['’]s|\s+et\.?\s*al\b\.?(?:['’]s)?)\s*(?:[\w-]+\s+){0,2}?"
    r"(?:trial|study|RCT|series|cohort|review|meta-analysis|analysis|report|paper)\b"
    r"|\s+et\.?\s*al\b"
    # "Sadeghirad and colleagues": the way news names a study by who led it
    r"|\s+and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers|co-?authors|team)\b",
    re.I,
)
_INITIALS = re.compile(r"\s+[A-Z]{1,3}$")
# "Keeling et al.", "Smith and colleagues": a study named by its authors, the way papers cite;
# and the way news names a trial by who led it: "Viswanathan and her team", "Dr. Lee's group",
# "a trial led by Dr. Sowmya Viswanathan"
_SURNAME = r"([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)"
_CITED_AUTHOR = re.compile(
    rf"(?<![\w-]){_SURNAME}\s+(?:et\.?\s*al\b\.?|"
    r"and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers|co-?authors|"
    r"(?:research\s+)?(?:team|group)\b))"
    rf"|(?<![\w-]){_SURNAME}['’]s\s+(?:research\s+)?(?:team|group|lab)\b"
    rf"|\bled\s+by\s+(?:Dr|Prof|Professor|Associate\s+Professor)\.?\s+(?:[A-Z][a-z'’]+\s+)?"
    rf"{_SURNAME}(?![\w-])"
)


# A surname as the one who speaks ("..., Lee added.", "said Dr. Kim"), which names a person
_SPEECH = r"(?:said|says|added|adds|told|tells|explained|explains|noted|notes|commented|stated)"
# ... also with a given name after the surname, as Korean and Chinese names are written
# ("CEO Lee Bum-sup said")
_SPEAKER_AFTER = re.compile(rf"(?:\s+[A-Z][a-z]+(?:-[a-z]+)?)?,?\s+{_SPEECH}\b")
# ... with a role before the name ("said lead researcher associate professor Julien Freitag")
_SPEAKER_BEFORE = re.compile(
    rf"\b{_SPEECH}\s+(?:[a-z][\w-]*\s+){{0,4}}?(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+)?"
    r"(?:[A-Z][\w'’-]+\s+)?$"
)


@dataclass(frozen=True)
class StudyMention:
    """A stretch of text that names one or more studies."""

    text: str
    start: int
    end: int
    studies: tuple[str, ...]
    by_journal: bool = False  # "2021 Arthroscopy": the journal's name is no term here
    # a surname with no year ("Dr. Centeno's registry") names an author, who may have
    # published other studies than the graph's: the study is likely, not settled
    firm: bool = True


@dataclass
class StudyNames:
    """Name patterns → the studies they name (with each study's publication years)."""

    surnames: dict[str, dict[str, set[str]]]  # surname → study id → years
    names: dict[str, set[str]]  # acronym / product / registry id → study ids
    journals: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # as surnames

    def unknown(self, text: str) -> list[str]:
        """Authors cited as a study ("Keeling et al.") who first-authored no study of the
        graph: the sentence is about a study the graph does not hold."""
        known = set(self.surnames)
        out = []
        for m in _CITED_AUTHOR.finditer(_plain(text)):
            before = text[: m.start()]
            if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
                continue  # "(Chahla et al. 2016)": a reference for the claim, not its subject
            name = next(group for group in m.groups() if group)
            cited = f"{name} et al."
            if name not in known and name.split("-")[-1] not in known and cited not in out:
                out.append(cited)
        return out

    def display(self, study_id: str) -> str:
        """How a reader names the study: its first author and year ("Lamo-Espinosa 2016");
        for a study whose id is no such name, its one first author, else the journal it
        appeared in, else its product or acronym, with the year ("Arthroscopy 2013",
        "ADIPOA2 2025"); its registration for a registered trial; else the id."""
        named = author_year(study_id)
        year = re.search(r"(?:19|20)\d\d", study_id)
        if named != study_id or year is None:
            return named
        surnames = [name for name, studies in self.surnames.items() if study_id in studies]
        journals = sorted(
            (j for j, studies in self.journals.items() if study_id in studies), key=len
        )
        names = sorted(
            (
                n
                for n, studies in self.names.items()
                if study_id in studies and not _REGISTRY.match(n)
            ),
            key=len,
        )
        lead = (
            surnames[0]
            if len(surnames) == 1
            else journals[0]
            if journals
            else names[0]
            if names
            else None
        )
        return f"{lead} {year[0]}" if lead else study_id

    def find(self, text: str) -> list[StudyMention]:
        """Every study named in `text`, left to right, not overlapping."""
        plain = _plain(text)
        hits: list[StudyMention] = []
        for name, studies in self.names.items():
            acronym = _is_acronym(name)
            flags = 0 if acronym else re.I
            # A product's name takes its indication after a hyphen ("Stempeucel-OA"); a trial's
            # acronym does not ("ADIPOA-2" is another trial).
            suffix = r"(?:-[A-Za-z]+)?" if not acronym else ""
            # a trade mark may stand before a hyphen or at the end ("iSCLife®-OA")
            escaped = re.escape(_plain(name)).replace(r"\-", f"{_MARK}?-")
            pattern = rf"(?<![\w-]){escaped}{_MARK}?{suffix}(?![\w-])"
            found = list(re.finditer(pattern, plain, flags))
            for joined in _joined_forms(name):
                # (as printed: "Rejoin" is also a verb)
                found += re.finditer(rf"(?<![\w-]){re.escape(joined)}{_MARK}?(?![\w-])", plain)
            for m in found:
                hits.append(
                    StudyMention(
                        text[m.start() : m.end()], m.start(), m.end(), tuple(sorted(studies))
                    )
                )
        for surname, by_study in self.surnames.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", plain):
                year = _YEAR_AFTER.match(plain[m.end() : m.end() + 20])
                if not year and (
                    _SPEAKER_AFTER.match(plain, m.end())
                    or _SPEAKER_BEFORE.search(plain[max(0, m.start() - 80) : m.start()])
                ):
                    continue  # "..., Lee added": a person speaking, not a study cited
                chosen = sorted(by_study)
                end = m.end()
                dated = []
                if year:
                    dated = [s for s, years in by_study.items() if year.group(1) in years]
                    if dated:
                        chosen, end = sorted(dated), m.end() + year.end()
                # "Emadedin's trial", "Vega et al.": an author's study, beyond doubt when the
                # graph holds only one of theirs
                as_a_study = len(by_study) == 1 and bool(_AS_A_STUDY.match(plain, m.end()))
                firm = bool(dated) or as_a_study
                hits.append(
                    StudyMention(text[m.start() : end], m.start(), end, tuple(chosen), firm=firm)
                )
        hits += self._journal_years(text, plain)
        kept: list[StudyMention] = []
        for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def _journal_years(self, text: str, plain: str) -> list[StudyMention]:
        """ "2021 Arthroscopy", "Arthroscopy (2021)": a journal with a year it published a
        study of the graph in, written beside it."""
        hits = []
        for by_study, dated_pattern, alone_pattern in self._journal_patterns:
            for m in dated_pattern.finditer(plain):
                year = m.group("y1") or m.group("y2")
                dated = sorted(s for s, years in by_study.items() if year in years)
                if dated:
                    hits.append(
                        StudyMention(
                            text[m.start() : m.end()], m.start(), m.end(), tuple(dated), True
                        )
                    )
            if alone_pattern is None:
                continue
            for m in alone_pattern.finditer(plain):
                hits.append(StudyMention(text[m.start() : m.end()], m.start(), m.end(),
                                         tuple(by_study), True))  # fmt: skip
        return hits

    @cached_property
    def _journal_patterns(self) -> list[tuple[dict[str, set[str]], re.Pattern, re.Pattern | None]]:
        """Per journal: its studies by year, the pattern of the journal beside a year, and of
        the journal as a journal, when it published just one study of the graph (the journal
        alone names no study otherwise). Compiled once, as every sentence is read with all of
        them (building each pattern's text and finding it in the re module's cache, per
        sentence, cost more than the matching)."""
        out = []
        for journal, by_study in self.journals.items():
            name = re.escape(_plain(journal))
            dated = re.compile(
                rf"(?<![\w-])(?P<y1>(?:19|20)\d\d)\s+{name}(?![\w-])"
                rf"|(?<![\w-]){name},?\s*\(?(?P<y2>(?:19|20)\d\d)\b\)?"
            )
            # "a recent study in the international scientific journal `Stem Cells'",
            # "published in the Journal of Translational Medicine": the journal as a journal
            alone = (
                re.compile(
                    rf"(?:\bjournal\s+|\bpublished in\s+(?:the\s+)?)[`'‘\"“]?{name}(?![\w-])"
                )
                if len(by_study) == 1
                else None
            )
            out.append((by_study, dated, alone))
        return out


_MARK = "[®™©℠]"


def _plain(text: str) -> str:
    """Diacritics dropped, length kept (Günay → Gunay), so offsets still point into `text`."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[0]
        out.append(base if base.isascii() else ch)
    return "".join(out)


@functools.cache
def _joined_forms(name: str) -> tuple[str, ...]:
    """A product's name as pages also print it, its hyphen dropped between two capitalised
    parts: "Re-Join" as "ReJoin" or "REJOIN". Matched as printed, case and all, since the
    joined word may be an ordinary one ("rejoin")."""
    parts = name.split("-")
    if (
        len(parts) < 2
        or _is_acronym(name)
        or not all(p[:1].isupper() and len(p) > 1 for p in parts)
    ):
        return ()
    joined = "".join(parts)
    return (joined, joined.upper())


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def read_study_names(store: Store, catalog: QueryCatalog) -> StudyNames:
    """The store's study names (kept by kg.evidence_graph.EvidenceGraph.study_names)."""
    surnames: dict[str, dict[str, set[str]]] = {}
    names: dict[str, set[str]] = {}
    journals: dict[str, dict[str, set[str]]] = {}
    query = catalog.get("study-names")
    for row in solutions(store.query(query.text, {})):
        study, kind, name = row["id"].value, row["kind"].value, row["name"].value
        if kind == "first-author":
            surname = _plain(_INITIALS.sub("", name.strip()))
            if len(surname) >= 2:
                years = surnames.setdefault(surname, {}).setdefault(study, set())
                if row["year"] is not None and row["year"].value:
                    years.add(row["year"].value[:4])
        elif kind == "journal":
            if len(name) >= 4 and row["year"] is not None and row["year"].value:
                journals.setdefault(name, {}).setdefault(study, set()).add(row["year"].value[:4])
        elif len(name) >= 2:
            names.setdefault(name, set()).add(study)
    return StudyNames(surnames, names, journals)


def author_year(study_id: str) -> str:
    """First author and year from a study id ("lamo-espinosa-2016" -> "Lamo-Espinosa 2016"),
    the way a reader names a study; the id itself when it has no such form."""
    if re.fullmatch(r"nct\d{8}", study_id):  # a registered trial: its registration, as printed
        return study_id.upper()
    match = re.fullmatch(r"([a-z]+(?:-[a-z]+)?)-(\d{4})", study_id)
    if not match:
        return study_id
    name = "-".join(part.capitalize() for part in match.group(1).split("-"))
    return f"{name} {match.group(2)}"
