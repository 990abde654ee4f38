"""Cutting pasted web text into units: sentences, and each heading and list line apart.

Pasted web text puts a heading, a paragraph or a list item on a line of its own, so every
line is cut apart first (a line wrapped at a fixed width is joined again); pySBD then cuts
sentences within a line (its rules keep "Dr.", "et al.", "vs.", "e.g." and initials inside a
sentence), a quotation is cut at its own sentence ends, a heading run into its paragraph on
one line is cut off, and a list item's marker is left out of its unit. The README gives the
measurement that chose pySBD. Every unit keeps its offset into the submitted text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pysbd
from pysbd.utils import TextSpan


@dataclass(frozen=True)
class Span:
    offset: int  # characters into the submitted text
    length: int
    text: str  # the unit with its whitespace collapsed
    heading: bool = False  # a whole line, short, with no sentence end: a title or heading
    item: bool = False  # a line of a list (it had a bullet or a number before it)


_LINE = re.compile(r"[^\n]+")
# A list item's marker is not part of what it says: bullets, dashes, "1." or "2)".
_LIST_MARK = re.compile(r"(?:[•·▪◦‣∙*\-–—]|\d{1,2}[.)])\s+(?=\S)")


def units(text: str) -> list[Span]:
    """Every unit of `text`, in order. Pasted web text puts a heading, a paragraph or a list
    item on a line of its own, so every line is cut apart first; pySBD then cuts sentences
    within a line (its rules keep "Dr.", "et al.", "vs.", "e.g." and initials inside a
    sentence), and a list item's marker is left out of its unit."""
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)  # one per call:
    out = []  # it keeps state while it segments, and costs microseconds to make
    common = _common_words(text)
    listing = False  # the lines after one that ends in a colon, until a sentence ends
    for line_start, line_end in _logical_lines(text):
        line = text[line_start:line_end]
        flat = line.replace("\n", " ")  # a wrapped paragraph, as one line (offsets kept)
        bullet = None
        if _reference_entry(flat):  # "Title. Authors. Journal. 2012;7(2):143-8.": one unit
            pieces = [(0, flat, False)]
        else:
            # "1. developing into cartilage cells": pySBD would cut "1." off as a sentence of
            # its own and leave the item unmarked, so the line's marker is read first
            bullet = _LIST_MARK.match(flat.lstrip())
            skip = len(flat) - len(flat.lstrip()) + bullet.end() if bullet else 0
            cut = _run_in_headings(_within_quotes(_segmented(segmenter, flat[skip:])), common)
            pieces = [(skip + start, sent, run_in) for start, sent, run_in in cut]
        for start, sent, run_in in pieces:
            stripped = sent.strip()
            if not stripped:
                continue
            marked, bullet = bullet is not None, None  # the line's first unit is the item
            offset = line_start + start + (len(sent) - len(sent.lstrip()))
            marker = _LIST_MARK.match(stripped)
            if marker:
                offset, stripped = offset + marker.end(), stripped[marker.end() :]
            whole_line = stripped == flat.strip() and "\n" not in line
            # "Across all the studies:" then "No infections", "No tumors": a list that lost
            # its bullets when the page was pasted, not a run of headings
            unmarked_item = listing and whole_line and not marker and stripped[-1] not in ".!?:;"
            heading = not unmarked_item and (
                run_in
                or (
                    whole_line
                    and not marker
                    and stripped[-1] not in ".!?:;"
                    and (len(stripped.split()) <= _HEADING_WORDS or title_case(stripped))
                )
            )
            text_ = " ".join(stripped.split())
            item = bool(marker) or marked or unmarked_item
            out.append(Span(offset, len(stripped), text_, heading, item=item))
            if stripped.endswith(":") and whole_line:
                listing = True
            elif stripped[-1] in ".!?" or (heading and not item):
                listing = False
    return out


# A journal cited by year, volume and pages: "2012 Mar;7(2):143-8", "2019;47(3):e12"; in
# MLA's form, "vol. 35, no. 1, Jan. 2019, pp. 277–288"; in APA's, "Arthroscopy, 35(1), 277–288"
CITATION_LOCATOR = re.compile(
    r"\b(?:19|20)\d\d(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*\d+\s*(?:\(\s*[\w-]+\s*\))?"
    r"\s*:\s*[eE]?\d+(?:\s*[-–]\s*\d+)?"
    r"|\bvol\.\s*\d+,\s*(?:no\.\s*\d+,\s*)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d,\s*pp?\.\s*"
    r"[eE]?\d+(?:\s*[-–]\s*\d+)?"
    r"|(?<=,)\s*\d+\s*\(\s*\d+\s*\)\s*,\s*[eE]?\d+\s*[-–]\s*\d+"
)
# what may follow the locator on an entry's line: its identifiers ("doi: 10.1/x. PMID: 123.")
_REFERENCE_TAIL = re.compile(
    r"(?:[\s.,;]*(?:(?:doi|pmid|pmcid|epub|https?)\b\S*\s*(?::\s*)?\S*))*[\s.,;]*"
    r"(?:\d{1,3}\s*)?",  # the next entry's number, where a list lost its line breaks
    re.I,
)
_REFERENCE_LENGTH = 400  # an entry's title, authors and journal; an abstract is longer


def _reference_entry(line: str) -> bool:
    """Whether the line is an entry of a list of references (its title, authors and journal
    are cut into "sentences" by their full stops otherwise, and the title read as a claim):
    it cites a journal by year, volume and pages at its end (its identifiers may follow), and
    is short. A page's
    citation line that runs on into its abstract is not one, nor an abstract that ends with
    its citation."""
    found = list(CITATION_LOCATOR.finditer(line))
    if not found or len(line.rstrip()) > _REFERENCE_LENGTH:
        return False
    return _REFERENCE_TAIL.fullmatch(line, found[-1].end()) is not None


# pySBD's time grows with the square of a line's length (84 kB took 6 s): a flattened page
# with no line breaks is cut, at a sentence end near every few thousand characters, into
# stretches it segments one by one.
_STRETCH = 4000
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")


def _segmented(segmenter, line: str) -> list[TextSpan]:
    """pySBD's sentences of `line`, with their offsets into it, a stretch at a time."""
    out: list[TextSpan] = []
    start = 0
    while start < len(line):
        end = len(line)
        if end - start > 2 * _STRETCH:
            cut = _SENTENCE_END.search(line, start + _STRETCH, start + 2 * _STRETCH)
            space = line.rfind(" ", start + _STRETCH, start + 2 * _STRETCH)
            end = cut.end() if cut else (space + 1 if space > start else start + 2 * _STRETCH)
        for piece in segmenter.segment(line[start:end]):
            out.append(TextSpan(piece.sent, piece.start + start, piece.end + start))
        start = end
    return out


_HEADING_WORDS = 12
# A page flattened to text runs a heading into the sentence after it, on one line and with no
# mark between ("Side effects and risks Stem cell treatment is noninvasive, ..."): a short
# phrase, then a capitalised word that the page writes in lower case elsewhere (so a common
# word starting a sentence, not a name such as "Mayo Clinic"), after a word in lower case
# that a phrase does not end on.
_RUN_IN = re.compile(r"^([A-Z][\w’'-]*(?:\s+[a-z][\w’'&-]*){1,7})\s+([A-Z][a-z]+)\b(?=.*\s.*\s)")
_ENDS_OPEN = re.compile(
    r"\b(?:the|a|an|of|and|or|to|in|on|at|by|for|with|from|as|than|is|are|was|were)$", re.I
)
_WORD = re.compile(r"\b[a-z][a-z]+\b")


def _common_words(text: str) -> frozenset[str]:
    """The words a page writes in lower case somewhere: common words, not names."""
    return frozenset(_WORD.findall(text))


# A structured abstract's label glued to its sentence when a page loses its markup
# ("ResultsWe included 16 trials", "ObjectiveTo assess ..."): the label, then a capital.
# ... or with a space only, where the label was run onto the sentence before ("... were
# synthesised descriptively.Results Fourteen RCTs were included."; see _GLUED)
_STRONG_LABELS = (
    r"(?:Background|Objectives?|Purpose|Methods?|Design|Results?|Findings|Conclusions?)"
)
_GLUED_LABEL = re.compile(
    r"^(?:Background|Introduction|Importance|Objectives?|Aims?|Purpose|Context|Methods?|Design|"
    r"Setting|Participants|Interventions|Results?|Findings|Conclusions?|Interpretation|"
    rf"Discussion|Meaning)(?=[A-Z][a-z])|^{_STRONG_LABELS}\s(?=[A-Z][a-z])"
)


def _run_in_headings(pieces, common: frozenset[str]):
    """(start, sentence, whether it is a run-in heading) of each piece, with a heading run
    into a sentence (or an abstract's label glued to it) cut off as a piece of its own."""
    for start, sent in pieces:
        lead = len(sent) - len(sent.lstrip())
        match = _RUN_IN.match(sent[lead:])
        if glued := _GLUED_LABEL.match(sent[lead:]):
            cut = lead + glued.end()
            yield start, sent[:cut], True
            yield start + cut, sent[cut:], False
        elif match and match.group(2).lower() in common and not _ENDS_OPEN.search(match.group(1)):
            cut = lead + match.start(2)
            yield start, sent[:cut], True
            yield start + cut, sent[cut:], False
        else:
            yield start, sent, False


# Text wrapped at a fixed width (an e-mail, a copied release) breaks sentences across lines: a
# line that ends without a sentence end, followed by one that starts in lower case, continues
# it.
_OPEN_END = re.compile(r"[^.!?:;\"”)\]]\s*$")
_CONTINUES = re.compile(r"^\s*[a-z(]")
# A number starts a continued line only after a word no line ends on ("at least\n600
# clinics"); "Guidance\n1 Recommendations" is a heading and a numbered one.
_FUNCTION_END = re.compile(
    r"\b(?:at|of|the|least|most|than|to|and|or|by|with|for|in|on|a|an|about|nearly|over|under|"
    r"only|some|all|from|were|was|are|is)\s*$",
    re.I,
)
_NUMBER_START = re.compile(r"^\s*\d")


# Markup pasted with the text ("</sec><sec> Methods", "<p>", "<br/>"): a tag is no
# word of any unit, and it parts what is before it from what is after, as a line end does
_MARKUP = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>\n]{0,200})?/?>")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line, cut again at markup tags; what is only space is dropped."""
    for line in _LINE.finditer(text):
        start = line.start()
        for tag in _MARKUP.finditer(text, line.start(), line.end()):
            if text[start : tag.start()].strip():
                yield start, tag.start()
            start = tag.end()
        if text[start : line.end()].strip():
            yield start, line.end()


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, wrapped lines joined."""
    spans: list[tuple[int, int]] = []
    for start, end in _lines(text):
        piece = text[start:end]
        before = text[spans[-1][0] : spans[-1][1]] if spans else ""
        if (
            spans
            and _OPEN_END.search(before)
            and (
                _CONTINUES.match(piece)
                or (_NUMBER_START.match(piece) and _FUNCTION_END.search(before))
            )
            and not _LIST_MARK.match(piece.lstrip())
            and text[spans[-1][1] : start].count("\n") == 1  # no blank line between
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


# pySBD keeps a quotation whole ('He said, "It works. It is safe."'); each sentence of it is a
# claim of its own. A sentence end inside a quotation: a full stop after a word that is no
# abbreviation, then a capital.
_QUOTE_MARKS = re.compile(r"[\"“”]")
_END_IN_QUOTE = re.compile(r"(\S*)[.!?](?=\s+[\"“]?[A-Z])")
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st no vs al fig drs e.g i.e approx etc jr sr".split()  # noqa: SIM905
)


# Where one piece holds two units that a page's lost markup ran together: a full stop with
# the next sentence or an abstract's label run onto it, as a citation line meets its abstract
# ("2025 Aug 26;59(17):1219-1227.One hundred twenty patients ..."), and a label of what a
# paper found run onto its title in a list of papers ("... Trials 2020 Outcome: The effect")
_GLUED = re.compile(
    r"(?<=\d)\.(?=[A-Z][a-z]{2,})"
    rf"|(?<=[a-z)])\.(?={_STRONG_LABELS}\s[A-Z])"  # "... follow-up.Conclusion We found"
    r"|(?<=\S)\s+(?=(?:Outcomes?|Results?|Conclusions?|Findings|Key findings|Summary|"
    r"Bottom line):\s+[A-Z])"
)


def _within_quotes(pieces) -> list[tuple[int, str]]:
    """(start, sentence) of each piece, a piece holding a quotation cut at its sentences, and
    one holding a sentence run onto a number's full stop cut there."""
    out = []
    for piece in pieces:
        sent, start = piece.sent, piece.start
        glued = [m.end() for m in _GLUED.finditer(sent)]
        if glued:
            for first, last in zip([0, *glued], [*glued, len(sent)], strict=True):
                out.append((start + first, sent[first:last]))
            continue
        if not _QUOTE_MARKS.search(sent):
            out.append((start, sent))
            continue
        cut = 0
        for end in _END_IN_QUOTE.finditer(sent):
            word = end.group(1).lstrip('"“(').lower()
            if word in _ABBREVIATIONS or len(word) == 1:  # "Dr.", "et al.", an initial
                continue
            out.append((start + cut, sent[cut : end.end()]))
            cut = end.end()
        out.append((start + cut, sent[cut:]))
    return out


_CONTENT_WORD = re.compile(r"\b[^\W\d_][\w'’-]{3,}")


def title_case(line: str) -> bool:
    """A line in Title Case ("Regenerative Medicine for Knee Osteoarthritis – The Efficacy
    and Safety of ...") is a title however long: prose capitalises few of its words."""
    words = _CONTENT_WORD.findall(line)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of each unit (the earlier interface of `units`)."""
    return [(span.offset, span.text) for span in units(text)]
