"""Citations on the real graph: every publication in every format; the APA and Vancouver
references as their styles define them; BibTeX and RIS that parse back; publications found by
id, IRI and DOI; the `kg cite` command and GET /citations/{id}.

Expected values are computed here from the curated YAML (tests.curated), not from kg.cite.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kg import cite, records
from kg.api.app import create_app
from kg.cli import main
from kg.errors import NotAcceptableError, NotFoundError
from kg.namespaces import ID
from tests import curated

PUBLICATIONS = {
    p["id"]: p for study in curated.studies().values() for p in study.get("publications", [])
}
# an abbreviation belongs to the journal, so one publication's holds for all in that journal
ABBREVIATIONS = {
    p["journal"]: p["journal_abbrev"] for p in PUBLICATIONS.values() if "journal_abbrev" in p
}
WITH_DOI = sorted(pid for pid, p in PUBLICATIONS.items() if p.get("doi"))
MAUTNER = "mautner-2023-nat-med"
DOI = "10.1038/s41591-023-02632-w"


@pytest.fixture(scope="module")
def record(graph):
    cache: dict[str, dict] = {}

    def get(pid: str) -> dict:
        if pid not in cache:
            cache[pid] = records.get_publication(graph, pid)
        return cache[pid]

    return get


@pytest.fixture(scope="module")
def client(settings, store):
    with TestClient(create_app(settings, store)) as client:
        yield client


def kg(capsys, settings, *args) -> tuple[int, str, str]:
    common = ["--build", str(settings.build_dir), "--queries", str(settings.queries_dir)]
    code = main(["cite", *args, *common])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ parsing BibTeX and RIS


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields) of each entry. BibTeX counts every brace, a backslash before it
    or not, so that is how braces are counted here; unbalanced ones fail the test."""
    entries, pos = [], 0
    while (start := text.find("@", pos)) != -1:
        head = re.compile(r"@(\w+)\{([A-Za-z0-9]+),\n").match(text, start)
        assert head, f"no entry head at {text[start : start + 40]!r}"
        fields, pos = {}, head.end()
        while True:
            field = re.compile(r"\s*(\w+) = ").match(text, pos)
            assert field, f"no field at {text[pos : pos + 40]!r}"
            pos = field.end()
            if text[pos] == "{":
                value, pos = _braced(text, pos)
            else:
                macro = re.compile(r"\w+").match(text, pos)
                value, pos = macro[0], macro.end()
            fields[field[1]] = value
            if text.startswith(",\n", pos):
                pos += 2
            elif text.startswith("\n}\n", pos):
                pos += 3
                break
            else:
                raise AssertionError(f"unexpected {text[pos : pos + 20]!r}")
        entries.append((head[1], head[2], fields))
    assert not text[pos:].strip(), f"trailing text {text[pos:]!r}"
    return entries


def _braced(text: str, start: int) -> tuple[str, int]:
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    raise AssertionError("unbalanced braces")


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{f"\\{c}": c for c in "&%$#_"},
}


def unlatex(value: str) -> str:
    """Undo the escaping of ASCII specials (enough for ASCII text)."""
    return re.sub("|".join(map(re.escape, _UNESCAPE)), lambda m: _UNESCAPE[m[0]], value)


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    """Records as lists of (tag, value); every line is `XX  - value` and ends CRLF."""
    assert text.endswith("\r\n")
    out, current = [], None
    for line in text[:-2].split("\r\n"):
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match and len(line.splitlines()) == 1, f"bad RIS line {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = []
        assert current is not None, f"{tag} outside a record"
        current.append((tag, value))
        if tag == "ER":
            out.append(current)
            current = None
    assert current is None, "record without ER"
    return out


# ------------------------------------------------------------------ what the YAML says


def one_line(text: str) -> str:
    return " ".join(text.split())


def apa_name(author: str) -> str:
    family, initials = author.rsplit(" ", 1)
    return f"{family}, {' '.join(c + '.' for c in initials)}"


# ------------------------------------------------------------------ every publication


def test_the_graph_has_publications():
    assert len(PUBLICATIONS) > 40 and MAUTNER in PUBLICATIONS


@pytest.mark.parametrize("fmt", list(cite.FORMATS))
@pytest.mark.parametrize("pid", sorted(PUBLICATIONS))
def test_every_publication_renders_in_every_format(record, pid, fmt):
    source, text = PUBLICATIONS[pid], cite.cite(record(pid), fmt)
    title, doi = one_line(source["title"]), source.get("doi")
    year = str(source["year"]) if "year" in source else None  # None: unverified, absent
    assert text.endswith("\n") and text.strip()
    if fmt == "bibtex":
        [(kind, _, fields)] = parse_bibtex(text)
        assert kind == "article" and fields.get("year") == year
        assert fields.get("doi") == doi and fields.get("pmid") == source.get("pmid")
        if title.isascii():
            assert unlatex(fields["title"]) == "{" + title + "}"
        if source.get("pages"):
            assert fields["pages"] == source["pages"].replace("-", "--")
        authors = fields["author"].split(" and ") if "author" in fields else []
        goes_on = ["others"] if source.get("authors_complete") is False else []
        assert authors[len(authors) - len(goes_on) :] == goes_on
        assert len(authors) - len(goes_on) == len(source.get("authors", []))
    elif fmt == "ris":
        [fields] = parse_ris(text)
        assert fields[0] == ("TY", "JOUR") and fields[-1] == ("ER", "")
        tags = dict(fields)
        assert tags["TI"] == title and tags.get("PY") == year and tags.get("DO") == doi
        assert tags.get("T2") == source.get("journal")
        assert sum(tag == "AU" for tag, _ in fields) == len(source.get("authors", []))
        if source.get("pages"):
            assert "-".join(v for t, v in fields if t in ("SP", "EP")) == source["pages"]
    elif fmt == "csl-json":
        [item] = json.loads(text)
        assert item["id"] == pid and item["title"] == source["title"]
        assert item.get("issued", {}).get("date-parts", [[None]])[0][0] == source.get("year")
        assert item.get("DOI") == doi and item.get("page") == source.get("pages")
    else:
        reference = text.rstrip("\n")
        assert "\n" not in reference and title.rstrip("?") in reference
        assert year is None or year in reference
        if fmt == "apa":
            assert f"({year or 'n.d.'})." in reference
            assert doi is None or f"https://doi.org/{doi}" in reference
        else:
            assert doi is None or f"doi:{doi}" in reference
            journal = one_line(source.get("journal", ""))
            assert ABBREVIATIONS.get(journal, journal) in reference


# ------------------------------------------------------------------ the styles' rules


def test_apa_reference_follows_apa_7(record):
    """APA 7: 21 or more authors give the first 19, an ellipsis and the last; then (year),
    title, journal, volume(issue), the page range with an en dash, and the DOI as a URL."""
    source = PUBLICATIONS[MAUTNER]
    authors = source["authors"]
    assert len(authors) >= 21
    expected = (
        ", ".join(map(apa_name, authors[:19]))
        + f", … {apa_name(authors[-1])} ({source['year']}). {one_line(source['title'])}. "
        + f"{source['journal']}, {source['volume']}({source['issue']}), "
        + f"{source['pages'].replace('-', '–')}. https://doi.org/{source['doi']}\n"
    )
    assert cite.cite(record(MAUTNER), "apa") == expected
    assert "Nature Medicine, 29(12), 3120–3126. https://doi.org/10.1038/s41591-023-02632-w" in (
        expected
    )


def test_apa_lists_up_to_twenty_authors_with_an_ampersand(record):
    source = PUBLICATIONS["bennell-2021-jama"]
    assert len(source["authors"]) <= 20
    names = [apa_name(a) for a in source["authors"]]
    expected = ", ".join(names[:-1]) + f", & {names[-1]} ({source['year']})."
    assert cite.cite(record("bennell-2021-jama"), "apa").startswith(expected)


def test_apa_puts_the_title_first_when_no_author_is_known(record):
    pid = next(
        p
        for p in sorted(PUBLICATIONS)
        if not PUBLICATIONS[p].get("authors") and PUBLICATIONS[p].get("year")
    )
    title = one_line(PUBLICATIONS[pid]["title"])
    reference = cite.cite(record(pid), "apa")
    assert reference.startswith(f"{title}. ({PUBLICATIONS[pid]['year']}).")
    assert reference.count(title) == 1


def test_vancouver_reference_follows_citing_medicine(record):
    """NLM: up to six authors then "et al.", family name and initials without periods;
    journal abbreviation; year;volume(issue):pages with repeated leading digits dropped;
    then the DOI, PMID and PMCID as the style writes them."""
    source = PUBLICATIONS[MAUTNER]
    expected = (
        ", ".join(source["authors"][:6])
        + f", et al. {one_line(source['title'])}. Nat Med. 2023;29(12):3120–6. "
        + f"doi:{DOI} PubMed PMID: {source['pmid']}; PubMed Central PMCID: {source['pmcid']}.\n"
    )
    assert cite.cite(record(MAUTNER), "vancouver") == expected


def test_text_is_the_vancouver_reference(record):
    assert cite.DEFAULT_STYLE == "vancouver"
    for pid in (MAUTNER, "bennell-2021-jama"):
        assert cite.cite(record(pid), "text") == cite.cite(record(pid), "vancouver")


def test_a_title_ending_in_a_question_mark_gets_no_period(record):
    pid = next(p for p in sorted(PUBLICATIONS) if one_line(PUBLICATIONS[p]["title"])[-1] == "?")
    for fmt in ("apa", "vancouver"):
        assert "?." not in cite.cite(record(pid), fmt)


def test_bibtex_escapes_ampersands_and_accents(record):
    [(_, key, fields)] = parse_bibtex(
        cite.cite(record("dilogo-2020-eur-j-orthop-surg-traumatol"), "bibtex")
    )
    assert fields["journal"] == r"European Journal of Orthopaedic Surgery \& Traumatology"
    [(_, _, fields)] = parse_bibtex(cite.cite(record("gunay-2022-medicine"), "bibtex"))
    assert fields["author"].startswith(r"G{\"u}nay, A. E. and ")
    assert fields["month"] == "sep" and key


# ------------------------------------------------------------------ many at once


SAMPLE = [
    "vega-2015-transplantation",
    MAUTNER,
    "pers-2016-stem-cells-transl-med",
    "bennell-2021-jama",
]


def test_cite_many_vancouver_numbers_in_the_order_given(record):
    found = [record(p) for p in SAMPLE]
    lines = cite.cite_many(found, "vancouver").splitlines()
    assert lines == [f"{n}. {cite.cite(r, 'vancouver').strip()}" for n, r in enumerate(found, 1)]
    assert cite.cite_many(found, "text") == cite.cite_many(found, "vancouver")


def test_cite_many_apa_orders_by_first_author(record):
    lines = cite.cite_many([record(p) for p in SAMPLE], "apa").splitlines()
    firsts = [PUBLICATIONS[p]["authors"][0].rsplit(" ", 1)[0] for p in SAMPLE]
    assert [line.split(",")[0] for line in lines] == sorted(firsts)


def test_cite_many_data_formats_hold_every_record_once(record):
    found = [record(p) for p in [*SAMPLE, MAUTNER]]  # a repeat is dropped
    entries = parse_bibtex(cite.cite_many(found, "bibtex"))
    dois = [PUBLICATIONS[p].get("doi") for p in SAMPLE]
    assert [fields.get("doi") for _, _, fields in entries] == dois
    assert len({key for _, key, _ in entries}) == len(SAMPLE)
    ris = parse_ris(cite.cite_many(found, "ris"))
    assert [dict(r).get("DO") for r in ris] == dois
    assert [i["id"] for i in json.loads(cite.cite_many(found, "csl-json"))] == SAMPLE


def test_cite_many_of_nothing_is_empty():
    assert cite.cite_many([], "apa") == "" and json.loads(cite.cite_many([], "csl-json")) == []


def test_unknown_format_names_the_valid_ones(record):
    with pytest.raises(NotAcceptableError, match="bibtex, ris, csl-json, text, apa, vancouver"):
        cite.cite_many([record(MAUTNER)], "mla")


# ------------------------------------------------------------------ finding publications


@pytest.mark.parametrize("pid", WITH_DOI)
def test_every_doi_resolves_in_three_spellings(graph, pid):
    doi = PUBLICATIONS[pid]["doi"]
    for spelling in (doi.upper(), f"doi:{doi}", f"https://doi.org/{doi}"):
        assert records.resolve_publication(graph, spelling) == pid, spelling


def test_ids_and_iris_resolve(graph):
    iri = str(ID[f"publication/{MAUTNER}"])
    assert iri.startswith("https://w3id.org/msc-knee-oa/id/publication/")
    for spelling in (
        MAUTNER,
        iri,
        f"  {MAUTNER} ",
        "DOI: " + DOI,
        "https://dx.doi.org/" + DOI,
        "https:/doi.org/" + DOI.replace("/", "%2F"),
    ):
        assert records.resolve_publication(graph, spelling) == MAUTNER


def test_unknown_id_names_the_nearest(graph):
    with pytest.raises(NotFoundError, match=f"did you mean '{MAUTNER}'"):
        records.resolve_publication(graph, "mautner-2023-nat-mde")
    with pytest.raises(NotFoundError):
        records.resolve_publication(graph, "")


def test_unknown_doi_names_the_nearest_with_their_ids(graph):
    with pytest.raises(NotFoundError, match=re.escape(f"'{DOI}' ({MAUTNER})")):
        records.resolve_publication(graph, DOI[:-1] + "x")


# ------------------------------------------------------------------ kg cite


def test_cli_cites_one_publication(capsys, settings, record):
    code, out, err = kg(capsys, settings, MAUTNER, "--format", "apa")
    assert code == 0 and out == cite.cite(record(MAUTNER), "apa") and not err


def test_cli_doi_spellings_are_one_publication(capsys, settings):
    code, out, _ = kg(
        capsys, settings, DOI.upper(), f"doi:{DOI}", f"https://doi.org/{DOI}", "-f", "bibtex"
    )
    [(_, _, fields)] = parse_bibtex(out)
    assert code == 0 and fields["doi"] == DOI


def test_cli_cites_several_as_a_bibliography(capsys, settings):
    code, out, _ = kg(capsys, settings, *SAMPLE)
    assert code == 0 and [line[:3] for line in out.splitlines()] == ["1. ", "2. ", "3. ", "4. "]


def test_cli_unknown_id_exits_2_with_one_line(capsys, settings):
    code, out, err = kg(capsys, settings, MAUTNER, "mautner-2023-nat-mde")
    assert code == 2 and not out
    assert err.count("\n") == 1 and err.startswith("kg: error: ") and MAUTNER in err


def test_cli_offers_every_format(capsys, settings):
    with pytest.raises(SystemExit):
        main(["cite", MAUTNER, "--format", "mla"])
    assert ", ".join(map(repr, cite.FORMATS)) in capsys.readouterr().err


# ------------------------------------------------------------------ GET /citations/{id}


@pytest.mark.parametrize("fmt", list(cite.FORMATS))
def test_http_media_types(client, record, fmt):
    response = client.get(f"/citations/{MAUTNER}", params={"format": fmt})
    assert response.status_code == 200 and response.text == cite.cite(record(MAUTNER), fmt)
    assert response.headers["content-type"].split(";")[0] == {
        "bibtex": "application/x-bibtex",
        "ris": "application/x-research-info-systems",
        "csl-json": "application/vnd.citationstyles.csl+json",
    }.get(fmt, "text/plain")


@pytest.mark.parametrize("spelling", [DOI, DOI.upper(), f"doi:{DOI}", f"https://doi.org/{DOI}"])
def test_http_takes_dois_in_the_path(client, spelling):
    by_id = client.get(f"/citations/{MAUTNER}", params={"format": "apa"}).text
    response = client.get(f"/citations/{spelling}", params={"format": "apa"})
    assert response.status_code == 200 and response.text == by_id
    iri = str(ID[f"publication/{MAUTNER}"])
    assert client.get(f"/citations/{iri}", params={"format": "apa"}).text == by_id


def test_http_accept_header_chooses_when_format_is_absent(client, record):
    apa = client.get(f"/citations/{MAUTNER}", headers={"accept": "text/x-bibliography; style=apa"})
    assert apa.text == cite.cite(record(MAUTNER), "apa")
    assert apa.headers["content-type"].startswith("text/x-bibliography")
    bib = client.get(f"/citations/{MAUTNER}", headers={"accept": "application/x-bibtex"})
    assert bib.text.startswith("@article{")
    both = client.get(
        f"/citations/{MAUTNER}",
        params={"format": "ris"},
        headers={"accept": "application/x-bibtex"},
    )
    assert both.text.startswith("TY  - JOUR")  # an explicit format wins
    assert client.get(f"/citations/{MAUTNER}", headers={"accept": "*/*"}).text == cite.cite(
        record(MAUTNER), "vancouver"
    )


def test_http_unknown_format_is_named(client):
    pdf = client.get(f"/citations/{MAUTNER}", headers={"accept": "application/pdf"})
    assert pdf.status_code == 406 and "application/x-bibtex (format=bibtex)" in pdf.text
    style = client.get(
        f"/citations/{MAUTNER}", headers={"accept": "text/x-bibliography; style=mla"}
    )
    assert style.status_code == 406 and "apa, vancouver" in style.text
    mla = client.get(f"/citations/{MAUTNER}", params={"format": "mla"})
    assert mla.status_code == 422 and "'apa' or 'vancouver'" in mla.text


def test_http_unknown_id_or_doi_is_404_with_suggestions(client):
    missing = client.get("/citations/mautner-2023-nat-mde")
    assert missing.status_code == 404 and MAUTNER in missing.json()["detail"]
    missing = client.get(f"/citations/{DOI[:-1]}x")
    assert missing.status_code == 404 and DOI in missing.json()["detail"]


def test_openapi_lists_the_formats(client):
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/citations/{publication_id}"]["get"]
    [param] = [p for p in operation["parameters"] if p["name"] == "format"]
    schema = param["schema"]["anyOf"][0]  # one enum of formats, kg.cite.CitationFormat
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert schema["enum"] == list(cite.FORMATS)
    content = operation["responses"]["200"]["content"]
    assert set(cite.FORMATS.values()) | {"text/x-bibliography"} <= set(content)
    assert {"404", "406", "422"} <= set(operation["responses"])


# ------------------------------------------------------------------ escaping, for any text


def _record(title: str, authors: list[str], journal: str) -> dict:
    return {
        "id": "any-2024",
        "title": title,
        "authors": authors,
        "journal": journal,
        "year": "2024",
        "pages": "1-9",
        "doi": "10.1000/x{y}",
    }


names = st.one_of(
    st.text(),
    st.builds(
        lambda family, initials: f"{family} {initials}",
        st.text(min_size=1).filter(lambda s: s.strip() == s),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÍÉ", min_size=1, max_size=3),
    ),
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text())
def test_latex_escaping_balances_braces_for_any_text(text):
    escaped = cite.latex(text)
    assert balanced(escaped) and "\n" not in escaped and "\r" not in escaped
    text_mode = re.sub(r"\$\\[a-z]+\$", "", escaped)  # symbols such as ± are $\pm$
    assert not re.search(r"(?<!\\)[&%$#_]", text_mode)
    printable = "".join(c for c in text if c.isascii() and (c.isprintable() or c.isspace()))
    if printable == text:
        assert unlatex(escaped) == one_line(text)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.lists(names, max_size=4), st.text(min_size=1))
def test_any_bibtex_entry_parses_back(title, authors, journal):
    entry = cite.bibtex(_record(title, authors, journal))
    assert balanced(entry)
    [(_, _, fields)] = parse_bibtex(entry)
    if authors:
        # BibTeX splits the author list at " and " outside braces: one part per author
        depth, parts = 0, 1
        for i, char in enumerate(fields["author"]):
            depth += {"{": 1, "}": -1}.get(char, 0)
            parts += depth == 0 and fields["author"].startswith(" and ", i)
        assert parts == len(authors)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.lists(names, max_size=4), st.text(min_size=1))
def test_any_ris_record_keeps_each_field_on_its_line(title, authors, journal):
    [fields] = parse_ris(cite.ris(_record(title, authors, journal)))
    tags = [tag for tag, _ in fields]
    assert tags[0] == "TY" and tags[-1] == "ER" and tags.count("AU") == len(authors)
    assert dict(fields)["TI"] == " ".join(
        "".join(c for c in title if c.isspace() or c.isprintable()).split()
    )


# ------------------------------------------------------------------ dates and style files


def test_dates_outside_the_year_are_not_printed(record):
    """The year is the issue's; a full date in another year is an online-first date."""
    for pid, source in PUBLICATIONS.items():
        if "year" not in source:
            continue  # unverified: no date at all
        date, year = str(source.get("date") or ""), source["year"]
        [item] = json.loads(cite.cite(record(pid), "csl-json"))
        ris = dict(parse_ris(cite.cite(record(pid), "ris"))[0])
        [(_, _, fields)] = parse_bibtex(cite.cite(record(pid), "bibtex"))
        if date.startswith(f"{year}-"):
            parts = [int(p) for p in date.split("-")]
            assert item["issued"]["date-parts"] == [parts], pid
            assert ris["DA"] == "/".join(date.split("-")) + "/" * (4 - len(parts)), pid
            assert fields["month"] == calendar.month_abbr[parts[1]].lower(), pid
        else:
            assert item["issued"]["date-parts"] == [[year]], pid
            assert "DA" not in ris and "month" not in fields, pid


def test_style_files_are_the_upstream_ones():
    """kg/styles/README.md records each file's SHA-256; CC BY-SA files are shipped unchanged."""
    folder = Path(cite.__file__).parent / "styles"
    listed = dict(
        reversed(line.split())
        for line in (folder / "README.md").read_text(encoding="utf-8").splitlines()
        if re.fullmatch(r"\s+[0-9a-f]{64}  \S+\.csl", line)
    )
    assert set(listed) == {style.file for style in cite.STYLES.values()}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "Attribution-ShareAlike 3.0" in (folder / "LICENSE").read_text(encoding="utf-8")


# ------------------------------------------------------------------ incomplete author lists


INCOMPLETE = sorted(pid for pid, p in PUBLICATIONS.items() if p.get("authors_complete") is False)
SHORT_AND_WHOLE = sorted(
    pid
    for pid, p in PUBLICATIONS.items()
    if p.get("authors") and len(p["authors"]) <= 6 and "authors_complete" not in p
)


def test_the_graph_marks_incomplete_author_lists():
    assert len(INCOMPLETE) >= 5 and SHORT_AND_WHOLE


@pytest.mark.parametrize("pid", INCOMPLETE)
def test_an_incomplete_author_list_is_said_to_go_on_in_every_format(record, pid):
    data = record(pid)
    assert data["authors_complete"] is False
    for style in ("apa", "vancouver", "text"):
        text = cite.cite(data, style)
        assert "et al." in text and "& et al." not in text and "and et al." not in text, style
    assert " and others}" in cite.cite(data, "bibtex")
    (entry,) = parse_ris(cite.cite(data, "ris"))
    assert any(tag == "N1" and "incomplete" in value for tag, value in entry)
    authors = json.loads(cite.cite(data, "csl-json"))[0]["author"]
    assert authors[-1] == {"literal": "et al."}


@pytest.mark.parametrize("pid", SHORT_AND_WHOLE)
def test_a_whole_short_author_list_gets_no_et_al(record, pid):
    assert "et al." not in cite.cite(record(pid), "vancouver")
    assert "others" not in cite.cite(record(pid), "bibtex")


UNVERIFIED = sorted(pid for pid, p in PUBLICATIONS.items() if p.get("unverified"))


def test_the_graph_holds_a_publication_with_unverified_fields():
    # ADIPOA2: its title, PMID and DOI were seen; its authors, journal and year were not
    assert "adipoa2-2025-pubmed-40885690" in UNVERIFIED


@pytest.mark.parametrize("pid", UNVERIFIED)
def test_fields_no_page_showed_are_said_to_be_unverified_in_every_format(record, pid):
    data = record(pid)
    fields = PUBLICATIONS[pid]["unverified"]
    assert data["unverified"] == sorted(fields)
    for field in fields:
        assert not data[field], f"{field} is unverified yet recorded"
    for style in ("apa", "vancouver", "text"):
        text = cite.cite(data, style)
        assert "not verified on a public page" in text and data["title"][:40] in text, style
    assert "not verified" in cite.cite(data, "bibtex")
    (entry,) = parse_ris(cite.cite(data, "ris"))
    assert any(tag == "N1" and "not verified" in value for tag, value in entry)
    assert "not verified" in json.loads(cite.cite(data, "csl-json"))[0]["note"]
