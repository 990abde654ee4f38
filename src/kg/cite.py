"""Citations of a publication record: BibTeX, RIS, CSL-JSON and a formatted reference.

The record is the dict `kg.records.get_publication` returns, so every field printed here is
a verified one; absent fields are left out, never filled.
"""

from __future__ import annotations

import json
import re

FORMATS = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
    "text": "text/plain",
}


def cite(record: dict, fmt: str) -> str:
    return {"bibtex": bibtex, "ris": ris, "csl-json": csl_json, "text": text}[fmt](record)


def csl_json(record: dict) -> str:
    return json.dumps([_csl(record)], ensure_ascii=False, indent=2)


def _csl(record: dict) -> dict:
    item = {"id": record["id"], "type": "article-journal", "title": record["title"]}
    if record["authors"]:
        item["author"] = [_csl_name(a) for a in record["authors"]]
    if record["journal"]:
        item["container-title"] = record["journal"]
    if record.get("journal_abbreviation"):
        item["container-title-short"] = record["journal_abbreviation"]
    if record["year"]:
        parts = [int(p) for p in (record.get("date") or str(record["year"])).split("-")]
        item["issued"] = {"date-parts": [parts]}
    for key in ("volume", "issue"):
        if record.get(key):
            item[key] = record[key]
    if record.get("pages"):
        item["page"] = record["pages"]
    for key, csl_key in (("doi", "DOI"), ("pmid", "PMID"), ("pmcid", "PMCID")):
        if record.get(key):
            item[csl_key] = record[key]
    return item


def _csl_name(author: str) -> dict:
    family, _, initials = author.rpartition(" ")
    if not family or not initials.isupper():
        return {"literal": author}
    return {"family": family, "given": " ".join(f"{c}." for c in initials)}


def bibtex(record: dict) -> str:
    fields = [("title", "{" + record["title"] + "}")]
    if record["authors"]:
        names = [_bib_name(a) for a in record["authors"]]
        fields.append(("author", " and ".join(names)))
    for key, value in (
        ("journal", record["journal"]),
        ("year", record["year"]),
        ("volume", record.get("volume")),
        ("number", record.get("issue")),
        ("pages", (record.get("pages") or "").replace("-", "--") or None),
        ("doi", record.get("doi")),
        ("pmid", record.get("pmid")),
    ):
        if value:
            fields.append((key, str(value)))
    key = re.sub(r"[^A-Za-z0-9]", "", record["id"].title())
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{key},\n{body}\n}}\n"


def _bib_name(author: str) -> str:
    family, _, initials = author.rpartition(" ")
    if not family or not initials.isupper():
        return "{" + author + "}"
    return f"{family}, {' '.join(c + '.' for c in initials)}"


def ris(record: dict) -> str:
    lines = ["TY  - JOUR", f"TI  - {record['title']}"]
    lines += [f"AU  - {_bib_name(a).strip('{}')}" for a in record["authors"]]
    for tag, value in (
        ("JO", record["journal"]),
        ("J2", record.get("journal_abbreviation")),
        ("PY", record["year"]),
        ("DA", record.get("date")),
        ("VL", record.get("volume")),
        ("IS", record.get("issue")),
    ):
        if value:
            lines.append(f"{tag}  - {value}")
    pages = record.get("pages")
    if pages:
        start, _, end = pages.partition("-")
        lines.append(f"SP  - {start}")
        if end:
            lines.append(f"EP  - {end}")
    if record.get("doi"):
        lines.append(f"DO  - {record['doi']}")
    if record.get("pmid"):
        lines.append(f"AN  - PMID:{record['pmid']}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def text(record: dict) -> str:
    """A Vancouver-style reference (the CSL processor for APA and others comes with `kg cite`)."""
    authors = record["authors"]
    names = ", ".join(authors[:6]) + (", et al" if len(authors) > 6 else "")
    parts = [f"{names}." if names else "", f"{record['title']}."]
    source = record.get("journal_abbreviation") or record["journal"] or ""
    when = str(record["year"] or "")
    locator = ""
    if record.get("volume"):
        locator = f";{record['volume']}" + (f"({record['issue']})" if record.get("issue") else "")
    if record.get("pages"):
        locator += f":{record['pages']}"
    parts.append(f"{source}. {when}{locator}.")
    if record.get("doi"):
        parts.append(f"doi:{record['doi']}")
    return " ".join(p for p in parts if p).strip() + "\n"
