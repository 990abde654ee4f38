"""Recognising the graph's vocabulary in free text, for ask and check.

The vocabularies (graph/vocab) are read once per store through the `vocabulary` named query.
Every concept is known by its id, its preferred label and its synonyms; text and names are
folded the same way (case, apostrophes, hyphens, a plural `s`), and the longest name that
matches wins ("bone marrow concentrate" before "bone marrow"). Words that match no name are
tried against single-word names with a close spelling ("umbilcal" is read as "umbilical",
and the answer says so); content words that still match nothing are reported as unknown,
with the nearest known names, so a user learns what the graph calls things.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from wordfreq import zipf_frequency

from kg.named_queries import QueryCatalog
from kg.store.base import Store, solutions
from kg.suggest import nearest

_WORD = re.compile(r"[a-z0-9]+")
_MAX_NAME_WORDS = 8
_FUZZY_CUTOFF = 0.84
# A suggestion for an unknown word must look like a misspelling of it: "plasebo" → Placebo
# (0.86), "hyaluronan" → hyaluronic (0.80), never "funded" → ungraded (0.71) or "marathon" →
# comparator (0.67), which only send the user the wrong way.
_SUGGEST_CUTOFF = 0.78
# A word with one of these before it is another word, often the opposite: "ungraded" is not
# "graded", "preclinical" not "clinical", "post-operative" not "operative".
_PREFIXES = ("un", "non", "in", "im", "dis", "pre", "post", "anti")
_FUZZY_MIN_LENGTH = 5

# A word of written English (wordfreq's Zipf scale at least 3, once in a million words:
# "application" 4.9, "lesions" 3.4) is spelled as meant: no term is offered for it
# ("application" was offered "complications"). A misspelling ("plasebo", "mesenchymall") or a
# term the vocabularies lack ("secretome") is rare in English and gets the nearest names.
ENGLISH_ZIPF = 3.0
# ... and a word of English at all, however rare ("secrete" 2.7, "steroids" 3.6), is no
# misspelling of a term, on wordfreq's large list (where abbreviations and typing slips such
# as "acd" 2.3 fall below it)
_RARE_WORD_ZIPF = 2.5


def english_word(word: str) -> bool:
    """Whether `word` is a word of English as it is commonly written, not a misspelling."""
    return zipf_frequency(word, "en", wordlist="small") >= ENGLISH_ZIPF


# Words that carry the question's grammar or the field's context, never a term to look up.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing done during each either few for from
    had has have having he her here how i if in into is it its just least less many may me
    might more most much must my no nor not of off on once only or other our out over own per
    same she should show shown so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with within would you your list find give tell get compare compared comparing
    comparison comparisons versus vs v against head study studies trial trials paper papers
    publication publications evidence data result results report reports reported patient
    patients participant participants people subject subjects knee knees osteoarthritis oa
    joint joints cell cells injection injections injected inject treatment treatments treated
    therapy therapies effect effects effective effectiveness efficacy outcome outcomes use used
    using receive received given group groups arm arms year years month months week weeks day
    days follow followed since published publish improve improved improvement improves reduce
    reduced reduction work works better worse best does did there any anything something look
    looked looking available exist exists existing known mean means between among whether
    without excluding except using including involving what's which's please adult adults
    enrolled enrol enroll randomised randomized randomly included recruited pooled relieve
    relieved relieves relief source sources origin origins adjuvant adjunct adjunctive
    intra articular intraarticular dosage dosages safe
    aim aims aimed purpose objective objectives evaluate evaluated evaluating assess assessed
    assessing investigate investigated investigating determine examine examined analyze
    analyse analyzed analysed present current koa
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Concept:
    """One vocabulary concept, with what ask and check need to reason about it."""

    id: str
    scheme: str
    label: str
    iri: str
    ancestors: frozenset[str]  # ids of itself and every broader concept
    polarity: str | None = None  # 'lower-is-better' / 'higher-is-better' for outcomes
    grade: int | None = None  # the Kellgren-Lawrence grade, for kl-grade concepts

    def within(self, other: str) -> bool:
        """True when this concept is `other` or narrower than it."""
        return other in self.ancestors


@dataclass(frozen=True)
class Mention:
    """A stretch of text read as a concept (several when the name is shared by schemes)."""

    text: str
    start: int
    end: int
    concepts: tuple[Concept, ...]
    read_as: str | None = None  # the known name a misspelt word was read as

    def first(self, scheme: str) -> Concept | None:
        return next((c for c in self.concepts if c.scheme == scheme), None)


@dataclass
class Vocabulary:
    """All concepts by id, and every folded name → the concepts that bear it."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    names: dict[tuple[str, ...], list[Concept]] = field(default_factory=dict)
    display: dict[tuple[str, ...], str] = field(default_factory=dict)
    # What fuzzy reading found for a run of words, and the suggestions for an unknown word:
    # the same words recur across the sentences of an article, and difflib is the slow part.
    _close: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _suggested: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def _names_by_length(self) -> dict[int, dict[str, tuple[str, ...]]]:
        """Names of n words, joined, for fuzzy reading (n = 1, 2, 3)."""
        return {n: {" ".join(k): k for k in self.names if len(k) == n} for n in (1, 2, 3)}

    def get(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def label_of(self, concept_id: str | None) -> str:
        """The concept's preferred label for a page; the id itself when the vocabulary does
        not hold it, "" for none."""
        if not concept_id:
            return ""
        return self.concepts[concept_id].label if concept_id in self.concepts else concept_id

    def in_scheme(self, scheme: str) -> list[Concept]:
        return [c for c in self.concepts.values() if c.scheme == scheme]

    def find(self, text: str, schemes: tuple[str, ...] | None = None) -> list[Mention]:
        """Mentions of concepts in `text`, longest names first, not overlapping."""
        words = _words(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(words):
            hit = self._longest_at(words, i, schemes)
            if hit is None:
                i += 1
                continue
            # "autologous adipose tissue derived mesenchymal stem cells": a product's name
            # followed by "derived" is the source of what follows; a shorter name of another
            # kind at the same place ("autologous", a donor) is read, and the product after it
            # ("umbilical cord blood derived" stays cord blood: a shorter product is no better)
            if hit[0] > 1 and i + hit[0] < len(words) and words[i + hit[0]][0] == "derived":
                shorter = self._longest_at(words, i, schemes, shorter_than=hit[0])
                kinds = {c.scheme for c in hit[1]}
                if shorter and not kinds & {c.scheme for c in shorter[1]}:
                    hit = shorter
            n, concepts = hit
            start, end = words[i][1], words[i + n - 1][2]
            if i and words[i - 1][0] in _PREFIXES and text[words[i - 1][2] : start] == "-":
                i += n  # "non-randomized study" is no randomised study: the prefix negates it
                continue
            mentions.append(Mention(text[start:end], start, end, tuple(concepts)))
            i += n
        return mentions + self._fuzzy(text, words, mentions, schemes)

    def unknown_words(self, text: str, mentions: list[Mention]) -> list[dict]:
        """Content words no concept explains, each with the nearest known names when it is no
        English word as written (a misspelling, a term the vocabularies lack)."""
        covered = [(m.start, m.end) for m in mentions]
        out = []
        for word, start, end in _words(text):
            if any(s <= start and end <= e for s, e in covered):
                continue
            if word in STOPWORDS or word.isdigit() or len(word) < 3:
                continue
            if re.fullmatch(r"\d+(st|nd|rd|th)?|i{1,3}|iv|kl", word):
                continue
            original = text[start:end]
            close = [] if english_word(word) else self._suggested.get(word)
            if close is None:
                close = [
                    c
                    for c in nearest(word, self._names_by_length[1], 3, _SUGGEST_CUTOFF)
                    if not _negates(c, word)
                ]
                _bounded(self._suggested)
                self._suggested[word] = close
            out.append(
                {"term": original, "suggestions": [self.display[(c,)] for c in close]},
            )
        return out

    def _longest_at(
        self, words, i: int, schemes, shorter_than: int = _MAX_NAME_WORDS + 1
    ) -> tuple[int, list[Concept]] | None:
        for n in range(min(_MAX_NAME_WORDS, len(words) - i, shorter_than - 1), 0, -1):
            key = tuple(w for w, _, _ in words[i : i + n])
            concepts = [c for c in self.names.get(key, ()) if not schemes or c.scheme in schemes]
            if concepts:
                return n, concepts
        return None

    def _closest(self, joined: str, names: dict[str, tuple[str, ...]]) -> str | None:
        """The known name a run of words is a misspelling of, if any (never its opposite:
        "graded" is not "ungraded"); remembered per run."""
        if joined not in self._close:
            _bounded(self._close)
            close = difflib.get_close_matches(joined, names, n=1, cutoff=_FUZZY_CUTOFF)
            self._close[joined] = (
                close[0] if close and not _negates(close[0], joined) and _may_be(close[0], joined)
                else None
            )  # fmt: skip
        return self._close[joined]

    def _fuzzy(self, text: str, words, mentions: list[Mention], schemes) -> list[Mention]:
        """Runs of up to three unexplained words read as the name they are closest to."""
        covered = [(m.start, m.end) for m in mentions]
        free = [
            not any(s <= start and end <= e for s, e in covered) and w not in STOPWORDS
            for w, start, end in words
        ]
        out: list[Mention] = []
        for n in (3, 2, 1):
            names = self._names_by_length[n]
            for i in range(len(words) - n + 1):
                if not all(free[i : i + n]):
                    continue
                joined = " ".join(w for w, _, _ in words[i : i + n])
                if len(joined) < _FUZZY_MIN_LENGTH or joined in names:
                    continue
                closest = self._closest(joined, names)
                if closest is None:
                    continue
                key = names[closest]
                concepts = [
                    c for c in self.names.get(key, ()) if not schemes or c.scheme in schemes
                ]
                if not concepts:
                    continue
                start, end = words[i][1], words[i + n - 1][2]
                out.append(Mention(text[start:end], start, end, tuple(concepts), self.display[key]))
                free[i : i + n] = [False] * n
        return out


_REMEMBERED = 20_000  # words a cache keeps: what users type must not grow a server's memory


def _may_be(name: str, words: str) -> bool:
    """Whether `words` may be meant as `name`, word by word: each word the name itself, a
    misspelling of its word ("marow" is "marrow"), or a form of it ("functional" is
    "function", "responded" "responder"); not another word of English that only looks alike
    ("quality" is not "qualify", "plain" not "pain", "secrete" not "secretome"), nor another
    number ("short form 12" is not "short form 36")."""
    meant, written = name.lower().split(), words.lower().split()
    if len(meant) != len(written):
        return _misspelt(words.lower())
    return all(
        m == w
        or (
            not (m.isdigit() or w.isdigit())
            and (_a_form_of(m, w) or _abbreviates(m, w) or _misspelt(w))
        )
        for m, w in zip(meant, written, strict=True)
    )


def _abbreviates(meant: str, written: str) -> bool:
    """ "mgmt" for management, "inj" for injection: the word's first letter and some of its
    letters, in order, with at most one vowel (so "secrete" abbreviates no "secretome")."""
    if len(written) < 3 or written[0] != meant[0] or sum(c in "aeiou" for c in written) > 1:
        return False
    rest = iter(meant)
    return all(c in rest for c in written)


# The endings that make another form of one word ("respond", "responded", "responder")
_FORMS = frozenset(
    (
        "", "s", "es", "e", "d", "ed", "ing", "er", "ers", "or", "ors", "al", "ally", "ly", "y",
        "ies", "ity", "ion", "ions", "tion", "ation", "ations", "ive", "ives", "ment", "ments",
        "ance", "ence", "ic", "ical", "ics", "ory", "ous", "ness", "ize", "ise", "ized", "ised",
        "ate", "ated", "ating", "is",
    )
)  # fmt: skip


def _a_form_of(meant: str, written: str) -> bool:
    stem = next(
        (i for i, (x, y) in enumerate(zip(meant, written, strict=False)) if x != y),
        min(len(meant), len(written)),
    )
    return stem >= 4 and meant[stem:] in _FORMS and written[stem:] in _FORMS


def _misspelt(written: str) -> bool:
    """A written word that is no word of English (not even a rare one: "secrete" is one) is a
    misspelling of the name difflib found closest ("plasebo", "acd")."""
    return all(zipf_frequency(w, "en", wordlist="large") < _RARE_WORD_ZIPF for w in written.split())


def _bounded(cache: dict) -> None:
    """Empty a cache that has reached its bound (users' words are unbounded; these caches
    serve the words that recur within and across articles)."""
    if len(cache) >= _REMEMBERED:
        cache.clear()


def _negates(name: str, word: str) -> bool:
    """Whether one is the other with a prefix that makes another word ("ungraded" and
    "graded", "preclinical" and "clinical"): a word is never read or offered as it."""
    return any(
        a.startswith(prefix) and a[len(prefix) :].lstrip(" -").startswith(b[:4])
        for a, b in ((name, word), (word, name))
        for prefix in _PREFIXES
    )


def fold(text: str) -> tuple[str, ...]:
    """The words of a name or a text as they are compared."""
    return tuple(w for w, _, _ in _words(text))


def _words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of `text`, offsets into the original; the
    `s` of a possessive is dropped (Wharton's jelly → wharton jelly)."""
    lowered = text.lower().replace("\u2019", "'")
    return [
        (_singular(m.group(), text[m.start() : m.end()]), m.start(), m.end())
        for m in _WORD.finditer(lowered)
        if not (m.group() == "s" and m.start() > 0 and lowered[m.start() - 1] == "'")
    ]


# an abbreviation's plural, however short: "HAs", "RCTs" (a short lowercase word is left
# alone: "has", "was")
_ABBREVIATION_PLURAL = re.compile(r"[A-Z]{2,}s")


def _singular(word: str, written: str = "") -> str:
    if _ABBREVIATION_PLURAL.fullmatch(written):
        return word[:-1]
    if len(word) > 5 and word.endswith(("yses", "eses")):
        return word[:-2] + "is"  # analyses → analysis, syntheses → synthesis
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # studies → study, therapies → therapy
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def read_vocabulary(store: Store, catalog: QueryCatalog) -> Vocabulary:
    """The store's vocabulary (kept by kg.evidence_graph.EvidenceGraph.vocabulary)."""
    query = catalog.get("vocabulary")
    rows = list(solutions(store.query(query.text, {})))
    facts: dict[str, dict] = {}
    for row in rows:
        cid = row["id"].value
        fact = facts.setdefault(
            cid,
            {
                "scheme": row["scheme"].value,
                "label": row["label"].value,
                "iri": row["concept"].value,
                "names": set(),
                "ancestors": set(),
                "polarity": None,
                "grade": None,
            },
        )
        fact["names"].add(row["name"].value)
        fact["ancestors"].add(row["ancestor"].value)
        if row["polarity"] is not None:
            fact["polarity"] = _polarity(row["polarity"].value)
        if row["grade"] is not None:
            fact["grade"] = int(row["grade"].value)
    vocab = Vocabulary()
    for cid, fact in sorted(facts.items()):
        concept = Concept(
            id=cid,
            scheme=fact["scheme"],
            label=fact["label"],
            iri=fact["iri"],
            ancestors=frozenset(fact["ancestors"]),
            polarity=fact["polarity"],
            grade=fact["grade"],
        )
        vocab.concepts[cid] = concept
        for name in sorted(fact["names"]):
            key = fold(name)
            if not key:
                continue
            bearers = vocab.names.setdefault(key, [])
            if concept not in bearers:
                bearers.append(concept)
            vocab.display.setdefault(key, name)
    return vocab


def _polarity(iri: str) -> str:
    return "lower-is-better" if iri.endswith("LowerIsBetter") else "higher-is-better"
