"""The text of an uploaded file, as the check reads it: plain text and Markdown as they
are (Markdown's heading marks dropped), HTML as the words a reader sees, one block a line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kg.errors import ParameterError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_BLOCKS = frozenset(
    (
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "tr",
        "table",
        "blockquote",
        "pre",
        "main",
        "aside",
        "nav",
        "title",
        "dd",
        "dt",
        "figcaption",
    )
)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible words of an HTML page, a line per block (scripts and styles dropped)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def file_text(name: str, data: bytes) -> str:
    """The text to check in an uploaded file; a ParameterError names what is wrong."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SUFFIXES:
        raise ParameterError(
            f"{name!r} is not a text file the check reads: upload a .txt, .md or .html file, "
            "or paste the text"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParameterError(
            f"{name!r} is not UTF-8 text: save it as UTF-8, or paste the text"
        ) from None
    if suffix in (".html", ".htm"):
        return html_text(text)
    if suffix in (".md", ".markdown"):
        return re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
    return text
