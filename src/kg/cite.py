"""Citations of publication records, one at a time (`cite`) or as a list (`cite_many`).

A record is the dict `kg.records.get_publication` returns, so every field printed here is a
verified one; absent fields are left out, never filled. Formats:

    bibtex     BibTeX @article entries; LaTeX specials escaped, accented letters as LaTeX
               accent commands, other non-ASCII text left as UTF-8
    ris        RIS records (2011 tag set), lines ending CRLF as the specification asks
    csl-json   CSL-JSON items, the input of every CSL processor
    apa        APA 7th edition reference           } formatted by citeproc-py with the CSL
    vancouver  NLM/Vancouver (Citing Medicine)     } styles shipped in kg/styles (see its
    text       alias of vancouver, the default     } README for their source and licence)

The first three are data formats written here by hand; the formatted references are plain
text (no italics). `cite_many` gives a BibTeX or RIS file, a CSL-JSON array, or a
bibliography: APA sorted by author as the style says, Vancouver numbered in the order given.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kg.errors import NotAcceptableError


class CitationFormat(StrEnum):
    """The citation formats offered, everywhere: the CLI's choices, the API's parameters."""

    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"
    TEXT = "text"  # the default style's reference (DEFAULT_STYLE)
    APA = "apa"
    VANCOUVER = "vancouver"


# format -> media type of the answer
FORMATS: dict[str, str] = {
    CitationFormat.BIBTEX: "application/x-bibtex",
    CitationFormat.RIS: "application/x-research-info-systems",
    CitationFormat.CSL_JSON: "application/vnd.citationstyles.csl+json",
    CitationFormat.TEXT: "text/plain",
    CitationFormat.APA: "text/plain",
    CitationFormat.VANCOUVER: "text/plain",
}
DEFAULT_STYLE = "vancouver"  # what `text` means


@dataclass(frozen=True)
class Style:
    file: str  # under kg/styles
    numbered: bool = False  # citation-sequence: references numbered in citation order
    # The style puts the title in the author's place when there is no author. CSL then
    # suppresses the title where it would come again; citeproc-py 0.11 does not (it only
    # suppresses variables, not macros), so such a record is given its title as the author.
    title_for_no_author: bool = False


STYLES: dict[str, Style] = {
    "apa": Style("apa.csl", title_for_no_author=True),
    "vancouver": Style("nlm-citation-sequence-superscript-brackets-year-only.csl", numbered=True),
}
_STYLE_DIR = Path(__file__).parent / "styles"


def cite(record: dict, fmt: str = "text") -> str:
    """One record in `fmt` (see FORMATS); a formatted reference carries no number."""
    fmt = _check(fmt)
    if fmt in STYLES:
        return _references([record], fmt)[0] + "\n"
    return cite_many([record], fmt)


def cite_many(records: Iterable[dict], fmt: str = "text") -> str:
    """Records in `fmt`, each once (repeats of an id are dropped), as one text.

    bibtex and ris: one file holding every entry, in the order given; csl-json: one array;
    apa: one reference a line, ordered as APA orders a reference list; vancouver and text:
    one reference a line, numbered `1. `, `2. `, ... in the order given. Raises
    NotAcceptableError (naming the formats) for an unknown format.
    """
    fmt = _check(fmt)
    seen: dict[str, dict] = {}
    for record in records:
        seen.setdefault(record["id"], record)
    unique = list(seen.values())
    if fmt == "csl-json":
        return json.dumps([_csl(r) for r in unique], ensure_ascii=False, indent=2) + "\n"
    if fmt == "bibtex":
        return "\n".join(bibtex(r) for r in unique)
    if fmt == "ris":
        return "".join(ris(r) for r in unique)
    references = _references(unique, fmt)
    if STYLES[fmt].numbered:
        references = [f"{n}. {text}" for n, text in enumerate(references, 1)]
    return "".join(f"{text}\n" for text in references)


def _check(fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotAcceptableError(
            f"citation format {fmt!r} is not offered; formats: {', '.join(FORMATS)}"
        )
    return DEFAULT_STYLE if fmt == "text" else fmt


# ------------------------------------------------------------------ formatted references


def _references(records: list[dict], style_name: str) -> list[str]:
    """The bibliography citeproc-py makes of the records in a style, without numbers."""
    # imported here: citeproc takes a tenth of a second to load, and only styles need it
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = STYLES[style_name]
    items = [_csl(r) for r in records]
    if style.title_for_no_author:
        for item in items:
            if "author" not in item:
                item["author"] = [{"literal": item.pop("title")}]
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(_STYLE_DIR / style.file), validate=False),
        CiteProcJSON(items),
        formatter.plain,
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()  # by the style's <sort>, if it has one; else in citation order
    # one line each; "?." or "!." where a title's own mark meets the style's period
    # (citeproc-py does not collapse punctuation as CSL processors should)
    texts = [
        re.sub(r"([?!])\.(?=\s|$)", r"\1", " ".join(str(entry).split()))
        for entry in bibliography.bibliography()
    ]
    # an author list that goes on ends "..., et al." in every style, never "& et al."
    texts = [
        re.sub(r",? (?:&|and) et al\.", ", et al.", t).replace("et al..", "et al.") for t in texts
    ]
    if style.numbered:
        # citeproc-py has no `second-field-align`: it glues the number to the text ("1.Mautner")
        texts = [re.sub(rf"^\[?{n}[.\]]?\s*", "", t) for n, t in enumerate(texts, 1)]
    # a field no page showed is said to be unknown, not left for a reader to think it absent;
    # the entries come in the order of the sorted keys
    notes = {r["id"].lower(): _unverified_note(r) for r in records if r.get("unverified")}
    return [
        f"{text} {notes[key]}" if key in notes else text
        for text, key in zip(texts, (str(k).lower() for k in bibliography.keys), strict=True)
    ]


def _unverified_note(record: dict) -> str:
    return f"[{', '.join(record['unverified'])}: not verified on a public page]"


def _incomplete(record: dict) -> bool:
    """Whether the record's author list holds only the authors a page showed."""
    return bool(record["authors"]) and record.get("authors_complete") is False


def _csl(record: dict) -> dict:
    item = {"id": record["id"], "type": "article-journal", "title": record["title"]}
    if record["authors"]:
        item["author"] = [_csl_name(a) for a in record["authors"]]
        if _incomplete(record):  # the list goes on: said as the styles say it
            item["author"].append({"literal": "et al."})
    if record["journal"]:
        item["container-title"] = record["journal"]
    if record.get("journal_abbreviation"):
        item["container-title-short"] = record["journal_abbreviation"]
    if record.get("unverified"):
        item["note"] = _unverified_note(record)
    if record["year"]:
        item["issued"] = {"date-parts": [_date_parts(record)]}
    for key in ("volume", "issue"):
        if record.get(key):
            item[key] = record[key]
    if record.get("pages"):
        item["page"] = record["pages"]
    for key, csl_key in (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID")):
        if record.get(key):
            item[csl_key] = record[key]
    return item


def _date_parts(record: dict) -> list[int]:
    """[year, month, day] of publication: the full date only where it falls in the year
    the record gives (a different one is an online-first date; the year is the issue's)."""
    year = int(record["year"])
    date = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", record.get("date") or "")
    if not date or int(date[1]) != year:
        return [year]
    return [int(part) for part in date.groups() if part]


def _split_name(author: str) -> tuple[str, str] | None:
    """("Bennell", "KL") for "Bennell KL"; None for a name not in Vancouver form."""
    family, _, initials = author.rpartition(" ")
    if not family or not initials.isalpha() or not initials.isupper():
        return None
    return family, initials


def _csl_name(author: str) -> dict:
    parts = _split_name(author)
    if parts is None:
        return {"literal": author}
    return {"family": parts[0], "given": " ".join(f"{c}." for c in parts[1])}


# ------------------------------------------------------------------ BibTeX


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def bibtex(record: dict) -> str:
    """One @article entry; values escaped for LaTeX, the title braced to keep its case."""
    fields = [("title", "{" + latex(record["title"]) + "}")]
    if record["authors"]:
        names = [_bib_name(a) for a in record["authors"]] + (
            ["others"] if _incomplete(record) else []
        )
        fields.append(("author", " and ".join(names)))
    pages = re.sub(r"\s*[-–]+\s*", "--", str(record.get("pages") or ""))
    for key, value in (
        ("journal", record["journal"]),
        ("year", record["year"]),
        ("volume", record.get("volume")),
        ("number", record.get("issue")),
        ("pages", pages),
    ):
        if value:
            fields.append((key, latex(str(value))))
    for key in ("doi", "pmid"):  # verbatim fields: a backslash would end up in the link
        if record.get(key):
            fields.append((key, _verbatim(record[key])))
    if record.get("unverified"):
        fields.append(("note", latex(_unverified_note(record))))
    body = [f"  {name} = {{{value}}}" for name, value in fields]
    date = _date_parts(record) if record["year"] else []
    if len(date) > 1 and 1 <= date[1] <= 12:  # a macro, unbraced, after the year
        body.insert(
            next(i for i, (n, _) in enumerate(fields) if n == "year") + 1,
            f"  month = {_MONTHS[date[1] - 1]}",
        )
    key = re.sub(r"[^A-Za-z0-9]", "", record["id"].title())
    return f"@article{{{key},\n" + ",\n".join(body) + "\n}\n"


def _bib_name(author: str) -> str:
    parts = _split_name(author)
    if parts is None:
        return "{" + latex(author) + "}"  # a group or a lone family name, kept whole
    family = latex(parts[0])
    if re.search(r"\sand\s", f" {family} ", re.IGNORECASE):  # BibTeX splits names at "and"
        family = "{" + family + "}"
    return f"{family}, {' '.join(_latex_char(c) + '.' for c in parts[1])}"


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # not \{: BibTeX counts every brace, escaped or not
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "–": "--",
    "—": "---",
    "\u00a0": "~",
    "®": r"\textregistered{}",
    "©": r"\textcopyright{}",
    "™": r"\texttrademark{}",
    "°": r"\textdegree{}",
    "±": r"$\pm$",
    "×": r"$\times$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
    "α": r"$\alpha$",
    "β": r"$\beta$",
    "γ": r"$\gamma$",
    "κ": r"$\kappa$",
    "µ": r"$\mu$",
    "μ": r"$\mu$",
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ı": r"{\i}",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
}
# combining mark -> LaTeX accent command, for letters such as á (a + U+0301)
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}


def latex(text: str) -> str:
    """Text as a BibTeX field value: whitespace runs become one space, control characters
    go, the LaTeX specials (\\ { } & % $ # _ ~ ^) are escaped so that braces always
    balance, accented Latin letters become accent commands ({\\'a}) and a few symbols their
    LaTeX names; any other non-ASCII character stays as it is (UTF-8)."""
    return "".join(_latex_char(c) for c in _one_line(text))


def _one_line(text: str) -> str:
    """Whitespace runs (line breaks too) as one space; other control characters dropped."""
    return " ".join("".join(c for c in text if c.isspace() or c.isprintable()).split())


def _latex_char(char: str) -> str:
    if char in _LATEX_SPECIAL:
        return _LATEX_SPECIAL[char]
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if len(marks) == 1 and marks[0] in _ACCENTS and base.isascii() and base.isalpha():
        command = _ACCENTS[marks[0]]
        return f"{{\\{command}{base}}}" if not command.isalpha() else f"{{\\{command}{{{base}}}}}"
    return char


def _verbatim(value: str) -> str:
    """A DOI or PMID as written, unless it holds what would break the entry."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0 or char == "\\" or not char.isprintable() or char.isspace():
            return latex(value)
    return value if depth == 0 else latex(value)


# ------------------------------------------------------------------ RIS


def ris(record: dict) -> str:
    """One RIS record, TY first and ER last; a field never spans lines."""
    lines = [("TY", "JOUR"), ("TI", record["title"])]
    lines += [("AU", _ris_name(a)) for a in record["authors"]]
    date = _date_parts(record) if record["year"] else []
    for tag, value in (
        ("T2", record["journal"]),
        ("J2", record.get("journal_abbreviation")),
        ("PY", record["year"]),
        ("DA", len(date) > 1 and "/".join(f"{p:02d}" for p in date) + "/" * (4 - len(date))),
        ("VL", record.get("volume")),
        ("IS", record.get("issue")),
    ):
        if value:
            lines.append((tag, value))
    if record.get("pages"):
        start, *end = re.split(r"\s*[-–]+\s*", str(record["pages"]), maxsplit=1)
        lines.append(("SP", start))
        lines += [("EP", e) for e in end if e]
    if record.get("doi"):
        lines.append(("DO", record["doi"]))
    if record.get("pmid"):
        lines.append(("AN", f"PMID:{record['pmid']}"))
    if _incomplete(record):
        lines.append(("N1", "Author list incomplete: only the authors listed were seen."))
    if record.get("unverified"):
        lines.append(("N1", _unverified_note(record)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(str(value))}\r\n" for tag, value in lines)


def _ris_name(author: str) -> str:
    parts = _split_name(author)
    if parts is None:
        return author
    return f"{parts[0]}, {' '.join(c + '.' for c in parts[1])}"
