"""Media types of SPARQL answers and citations, and content negotiation (Accept header,
`format` parameter).

Kept apart from the handlers so the tables are read in one place and tested on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg import render
from kg.cite import FORMATS as CITATION_FORMATS
from kg.cite import STYLES as CITATION_STYLES
from kg.errors import NotAcceptableError

# format name -> (media type served, other media types a client may ask with); the names and
# media types are kg.render's
RESULT_FORMATS = {name: render.MEDIA_TYPES[name] for name in render.RESULT_FORMATS}
GRAPH_FORMATS = {name: render.MEDIA_TYPES[name] for name in render.GRAPH_FORMATS}
DEFAULT = {"results": render.ResultFormat.JSON, "graph": render.GraphFormat.TURTLE}


@dataclass(frozen=True, order=True)
class _Range:
    q: float
    specificity: int
    media: str


def parse_accept(header: str | None) -> list[_Range]:
    """Media ranges by preference (q-value, then specificity), ignoring q=0.

    Raises NotAcceptableError when the header names media types and refuses them all
    (`*/*;q=0`): nothing may be sent."""
    ranges = []
    refused = False
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
            ranges.append(_Range(q, specificity, media))
        else:
            refused = True
    if not ranges and refused:
        raise NotAcceptableError(f"Accept: {header} refuses every media type; nothing can be sent")
    return sorted(ranges, reverse=True)


def choose(kind: str, accept: str | None, format_param: str | None) -> tuple[str, str]:
    """(format name, media type) for an answer of `kind` ('results' or 'graph').

    The Accept header decides; the `format` parameter is the fallback for clients that cannot
    set headers (browsers, plain links), used when Accept is absent or only a wildcard.
    """
    table = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    ranges = parse_accept(accept)
    specific = [r for r in ranges if r.specificity == 2]
    if format_param and (not specific or not _match(table, specific)):
        name = format_param.lower()
        if name in table:
            return name, table[name][0]
        raise NotAcceptableError(_offer(kind, f"format {format_param!r} is not offered"))
    if not ranges:
        return DEFAULT[kind], table[DEFAULT[kind]][0]
    for r in ranges:
        if r.media == "*/*":
            return DEFAULT[kind], table[DEFAULT[kind]][0]
        for name, (media, aliases) in table.items():
            if r.media in (media, *aliases) or (
                r.specificity == 1 and media.startswith(r.media[:-1])
            ):
                return name, media
    raise NotAcceptableError(_offer(kind, f"no offered format matches Accept: {accept}"))


def _match(table, ranges) -> bool:
    return any(r.media in (m, *a) for r in ranges for m, a in table.values())


def _offer(kind: str, why: str) -> str:
    table = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    offered = ", ".join(f"{media} (format={name})" for name, (media, _) in table.items())
    what = "SELECT/ASK results" if kind == "results" else "CONSTRUCT/DESCRIBE graphs"
    return f"{why}; for {what} this endpoint offers {offered}"


# ------------------------------------------------------------------ citations

# media types a client may ask for a citation with, besides the ones kg.cite.FORMATS serves
CITATION_ALIASES: dict[str, str] = {
    "text/x-bibliography": "text",  # DOI content negotiation's; takes style=apa or vancouver
    "text/x-bibtex": "bibtex",
    "application/json": "csl-json",
}


def choose_citation(accept: str | None, format_param: str | None) -> tuple[str, str]:
    """(citation format, Content-Type) for GET /citations/{id}.

    Unlike a SPARQL answer, an explicit `format` parameter wins: it is what a citation link
    names. Otherwise the Accept header decides, and `text/x-bibliography; style=apa` picks a
    style as DOI content negotiation does. Neither, or only wildcards, gives `text`.
    """
    default = "text", _charset(CITATION_FORMATS["text"])
    if format_param:
        if format_param not in CITATION_FORMATS:
            raise NotAcceptableError(_offer_citations(f"format {format_param!r} is not offered"))
        return format_param, _charset(CITATION_FORMATS[format_param])
    ranges = parse_accept(accept)
    for r in ranges:
        if r.media == "*/*":
            return default
        chosen = _citation_for(r, accept or "")
        if chosen:
            return chosen
    if ranges:
        raise NotAcceptableError(_offer_citations(f"no offered format matches Accept: {accept}"))
    return default


def _citation_for(r: _Range, accept: str) -> tuple[str, str] | None:
    for name, media in CITATION_FORMATS.items():
        if r.media == media or (r.specificity == 1 and media.startswith(r.media[:-1])):
            return name, _charset(media)
    alias = CITATION_ALIASES.get(r.media)
    if alias is None:
        return None
    style = _accept_param(accept, r.media, "style") if alias == "text" else None
    if style and style not in CITATION_STYLES:
        styles = ", ".join(CITATION_STYLES)
        raise NotAcceptableError(_offer_citations(f"style {style!r} is not one of {styles}"))
    return style or alias, _charset(r.media)


def _accept_param(accept: str, media: str, name: str) -> str | None:
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() == media:
            for param in fields[1:]:
                key, _, value = param.partition("=")
                if key.strip().lower() == name:
                    return value.strip().strip('"').lower() or None
    return None


def _charset(media: str) -> str:
    return media if media.endswith("json") else f"{media}; charset=utf-8"


def _offer_citations(why: str) -> str:
    offered = ", ".join(f"{media} (format={name})" for name, media in CITATION_FORMATS.items())
    styles = "|".join(CITATION_STYLES)
    return f"{why}; citations are offered as {offered}, or text/x-bibliography; style={styles}"


def wants_html(accept: str | None) -> bool:
    """Whether a client asks for a page: text/html named before any other specific type (a
    browser's Accept), never merely through */*."""
    for r in parse_accept(accept):
        if r.media in ("text/html", "application/xhtml+xml"):
            return True
        if r.specificity == 2:
            return False
    return False
