"""The web pages (kg.web, kg.api.pages) on the real graph, through the app: what a browser
gets for each page, and that API clients of the shared paths still get the API."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from tests import curated
from tests.conftest import ROOT

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ARTICLE = ROOT / "graph" / "documents" / "apex-msc-knee-oa-guide" / "article.txt"


class _Page(HTMLParser):
    """The parts of a page the tests read: links, elements by class, text by id."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.classes: list[tuple[str, str]] = []  # (tag, class attribute)
        self.forms: list[dict] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("class"):
            self.classes.append((tag, attrs["class"]))
        if tag == "form":
            self.forms.append(attrs)

    def handle_data(self, data):
        self.text.append(data)

    def count(self, tag: str, cls: str) -> int:
        return sum(1 for t, c in self.classes if t == tag and cls in c.split())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def client(settings, store):
    return TestClient(create_app(settings, store))


@pytest.fixture(scope="module")
def release(client) -> str:
    return client.get("/health").headers["x-graph-release"]


def test_home_shows_what_the_graph_holds_and_the_two_boxes(client, release):
    r = client.get("/")  # any client: the home is a page
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = parse(r.text)
    assert f"{len(curated.studies())} studies" in " ".join(" ".join(page.text).split())
    assert {f["action"] for f in page.forms} == {"/ask", "/check"}
    assert release in r.text
    for link in ("/check", "/ask", "/studies", "/docs"):
        assert link in page.links


def test_every_page_names_the_release_and_loads_its_stylesheet(client, release):
    for path in ("/", "/check", "/ask", "/studies", "/id/study/bennell-2021", "/ask?q=RCTs"):
        r = client.get(path, headers=BROWSER)
        assert r.status_code == 200, path
        assert release in r.text and "/static/site.css" in r.text, path
    css = client.get("/static/site.css")
    assert css.status_code == 200 and "--supported" in css.text


def test_api_clients_of_shared_paths_still_get_the_api(client):
    assert client.get("/ask?q=RCTs").headers["content-type"] == "application/json"
    assert client.get("/studies").headers["content-type"] == "application/json"
    r = client.post("/check", json={"text": "BM-MSCs are safe"})
    assert r.status_code == 200 and "verdict" in r.json()
    assert client.get("/ask").status_code == 422  # the API still requires q
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "get" not in paths["/check"]


def test_ask_page_lists_the_answers_studies_linking_to_their_pages(client):
    question = "randomised trials of adipose cells"
    api = client.get("/ask", params={"q": question}).json()
    r = client.get("/ask", params={"q": question}, headers=BROWSER)
    page = parse(r.text)
    linked = {
        link.removeprefix("/id/study/") for link in page.links if link.startswith("/id/study/")
    }
    assert {row["id"] for row in api["results"]} == linked
    assert "The SPARQL that ran" in r.text and "Adipose-derived MSCs" in r.text  # labels


def test_ask_page_sorts_by_a_column(client):
    r = client.get(
        "/ask", params={"q": "randomised trials", "sort": "size", "order": "desc"}, headers=BROWSER
    )
    sizes = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', r.text)]
    assert len(sizes) > 5 and sizes == sorted(sizes, reverse=True)


def test_ask_page_downloads_the_citations(client):
    r = client.get(
        "/ask",
        params={"q": "randomised trials of adipose cells", "download": "ris"},
        headers=BROWSER,
    )
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.text.count("TY  - ") >= 3


def test_the_checked_article_marks_every_unit_and_opens_a_panel_per_checked_one(client):
    text = ARTICLE.read_text(encoding="utf-8")
    report = client.post("/check/document", json={"text": text}).json()
    r = client.post("/check", data={"text": text}, headers=BROWSER)
    assert r.status_code == 200
    page = parse(r.text)
    assert page.count("span", "unit") == len(report["sentences"])
    checked = [u for u in report["sentences"] if u["status"] == "checked"]
    assert page.count("details", "panel") == len(checked) > 20
    for status, n in report["statuses"].items():
        assert page.count("span", status) == n, status
    # each verdict is a word as well as a colour
    first = checked[0]
    assert f">{first['verdict']}</a>" in r.text
    assert "<blockquote>" in r.text and "Copy APA" in r.text and "Deciding evidence" in r.text


def test_the_report_downloads_as_json_and_html(client):
    text = "MSC injections reduce knee pain compared with placebo."
    as_json = client.post("/check", data={"text": text, "download": "json"})
    assert "attachment" in as_json.headers["content-disposition"]
    api = client.post("/check/document", json={"text": text}).json()
    assert json.loads(as_json.text)["sentences"] == api["sentences"]
    as_html = client.post("/check", data={"text": text, "download": "html"})
    assert as_html.headers["content-type"].startswith("text/html")
    assert "attachment" in as_html.headers["content-disposition"]


def test_an_uploaded_page_is_read_as_its_visible_text(client):
    markup = (
        b"<html><head><style>p{}</style></head><body><h1>Stem cells</h1>"
        b"<p>MSC injections reduce knee pain compared with placebo.</p>"
        b"<script>steal()</script></body></html>"
    )
    r = client.post("/check", files={"file": ("page.html", markup, "text/html")}, headers=BROWSER)
    assert r.status_code == 200
    assert "reduce knee pain" in r.text and "steal()" not in r.text
    assert parse(r.text).count("details", "panel") == 1


@pytest.mark.parametrize(
    ("files", "data", "needle"),
    [
        ({"file": ("slides.pdf", b"%PDF-1.4", "application/pdf")}, {}, ".txt, .md or .html"),
        ({"file": ("notes.txt", b"\xff\xfe\x00bad", "text/plain")}, {}, "UTF-8"),
        (None, {"text": "   "}, "Paste some text"),
    ],
)
def test_bad_input_gets_the_form_back_with_the_fix(client, files, data, needle):
    r = client.post("/check", files=files, data=data, headers=BROWSER)
    assert r.status_code == 422 and needle in r.text and 'role="alert"' in r.text


def test_pasted_markup_is_shown_never_run(client):
    text = 'MSCs are safe. <script>alert("x")</script> <img src=x onerror=alert(1)>'
    r = client.post("/check", data={"text": text}, headers=BROWSER)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;" in r.text


def test_the_study_page_shows_its_arms_results_plot_and_sources(client):
    study = curated.studies()["bennell-2021"]
    r = client.get("/id/study/bennell-2021", headers=BROWSER)
    page = parse(r.text)
    body = r.text
    for arm in study["arms"]:
        assert arm["label"] in body
    plotted = [
        res for res in study.get("results", [])
        if res.get("value") is not None and res.get("ci") and res.get("comparator")
    ]  # fmt: skip
    assert plotted and body.count('class="point"') == len(plotted)
    for url in study["sources"]:
        assert url in page.links
    assert f"https://doi.org/{study['publications'][0]['doi']}" in page.links
    assert "?format=turtle" in page.links  # the triples stay a click away


def test_a_review_page_lists_what_includes_it_and_the_trial_page_its_reviews(client):
    including = [
        sid for sid, s in curated.studies().items() if "freitag-2019" in s.get("includes", [])
    ]
    assert including
    page = parse(client.get("/id/study/freitag-2019", headers=BROWSER).text)
    assert {f"/id/study/{sid}" for sid in including} <= set(page.links)


def test_studies_page_lists_every_study(client):
    page = parse(client.get("/studies", headers=BROWSER).text)
    listed = {
        link.removeprefix("/id/study/") for link in page.links if link.startswith("/id/study/")
    }
    assert listed == set(curated.studies())


def test_other_nodes_keep_their_plain_page(client):
    r = client.get("/concept/bm-msc", headers=BROWSER)
    assert r.status_code == 200 and "Bone marrow MSCs" in r.text


def test_the_templates_are_in_the_package():
    web = Path(__file__).resolve().parent.parent / "src" / "kg" / "web"
    assert (web / "templates" / "base.html").is_file() and (web / "static" / "site.css").is_file()


def test_network_page_draws_every_comparison_and_marks_the_gaps(client):
    network = client.get("/network", params={"format": "json"}).json()
    r = client.get("/network", headers=BROWSER)
    assert r.status_code == 200
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    for c in network["comparisons"]:
        assert f"{c['a_label']} vs {c['b_label']}" in svg
    cell_rows = len([n for n in network["nodes"] if n["id"] in curated.under("cell-therapy")])
    gaps = network["gaps"]
    # every gap shows in its row (and in the other's, when both are cell therapies)
    assert r.text.count('class="gap"') >= len(gaps) and cell_rows >= 3
    cca = network["review_overlap"]["cca"]
    assert f"{cca['cca'] * 100:.1f}% ({cca['level']})" in r.text


@pytest.mark.parametrize("drawing", ["gaps", "overlap"])
def test_the_gap_matrix_and_the_overlap_download_as_svg_and_png(client, drawing):
    network = client.get("/network", params={"format": "json"}).json()
    svg = client.get(f"/network/{drawing}.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    if drawing == "gaps":
        assert svg.text.count(">gap</text>") >= len(network["gaps"])
    else:
        reviews = network["review_overlap"]["reviews"]
        ticks = sum(len(r["studies"]) for r in reviews)
        assert svg.text.count(">✓</text>") == ticks
    png = client.get(f"/network/{drawing}.png")
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert client.get(f"/network/{drawing}.gif").status_code == 404


def test_network_picture_downloads_as_svg_and_png(client):
    svg = client.get("/network/picture.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg")
    png = client.get("/network/picture.png")
    assert png.headers["content-type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n" and len(png.content) > 10_000


def test_sparql_page_carries_the_query_and_offers_the_named_queries(client, graph):
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
    r = client.get("/sparql", params={"query": query}, headers=BROWSER)
    assert r.status_code == 200 and "yasgui.min.js" in r.text
    assert 'data-query="SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"' in r.text
    page = parse(r.text)
    examples = [link for link in page.links if link.startswith("/query?query=")]
    assert len(examples) == len(graph.catalog.names())
    api = client.get("/sparql", params={"query": query})  # a SPARQL client: results
    assert api.headers["content-type"].startswith("application/sparql-results+json")
    vendored = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert vendored.status_code == 200 and len(vendored.content) > 500_000
    assert "MIT" in client.get("/static/vendor/yasgui/LICENSE.md").text


def test_ask_page_shows_what_a_named_study_found(client):
    r = client.get("/ask", params={"q": "What did the MILES trial show?"}, headers=BROWSER)
    statement = curated.studies()["mautner-2023"]["findings"][0]["statement"]
    assert "What they found" in r.text and statement in r.text.replace("&#39;", "'")
    page = parse(r.text)
    runnable = [link for link in page.links if link.startswith("/query?query=")]
    assert runnable and "VALUES" in httpx_unquote(runnable[0])


def httpx_unquote(link: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(link)


def test_claim_publication_and_finding_pages_are_readable(client, graph):
    from kg.records import get_claim, list_claims

    cited = next(c for c in list_claims(graph) if c["evidence_count"])
    document, claim_id = cited["id"].split("/")
    claim = get_claim(graph, document, claim_id)
    r = client.get(f"/id/claim/{cited['id']}", headers=BROWSER)
    assert r.status_code == 200 and claim["quote"] in r.text.replace("&#39;", "'")
    page = parse(r.text)
    assert {f"/id/study/{e['study']}" for e in claim["evidence"]} <= set(page.links)
    study = curated.studies()["bennell-2021"]
    pub = study["publications"][0]
    r = client.get(f"/id/publication/{pub['id']}", headers=BROWSER)
    assert r.status_code == 200 and "TY  - " in r.text and "@article" in r.text  # RIS, BibTeX
    assert f"https://doi.org/{pub['doi']}" in parse(r.text).links
    finding = study["findings"][0] if study.get("findings") else None
    some = next(s for s in curated.studies().values() if s.get("findings"))
    finding = some["findings"][0]
    r = client.get(f"/id/study/{some['id']}/finding/{finding['id']}", headers=BROWSER)
    assert r.status_code == 200 and f"/id/study/{some['id']}" in parse(r.text).links


def test_a_study_page_lists_the_claims_that_cite_it(client, graph):
    from kg.records import get_claim, list_claims

    citing: dict[str, set[str]] = {}
    for c in list_claims(graph):
        document, claim_id = c["id"].split("/")
        for e in get_claim(graph, document, claim_id)["evidence"]:
            citing.setdefault(e["study"], set()).add(c["id"])
    study, claims = max(citing.items(), key=lambda item: len(item[1]))
    page = parse(client.get(f"/id/study/{study}", headers=BROWSER).text)
    assert {f"/id/claim/{c}" for c in claims} <= set(page.links)


def test_each_understood_part_can_be_dropped(client):
    question = "RCTs of umbilical cord MSCs versus hyaluronic acid"
    r = client.get("/ask", params={"q": question}, headers=BROWSER)
    from urllib.parse import parse_qs, urlsplit

    again = [
        parse_qs(urlsplit(link).query)["q"][0]
        for link in parse(r.text).links
        if link.startswith("/ask?q=") and "sort=" not in link and "download=" not in link
    ]
    assert len(again) == 3  # the design, and each of the two treatments
    for text in again:
        interp = client.get("/ask", params={"q": text}).json()["interpretation"]
        kept = {c["id"] for c in interp["designs"] + interp["interventions"]}
        assert len(kept) == 2, (text, kept)


def test_a_result_pooled_over_arms_names_each_arm_on_the_study_page(client):
    """ADIPOA2's responder result pools its two cell doses against placebo: the page says
    both arms against the placebo arm, not a bare comparator."""
    study = curated.studies()["adipoa2-2025"]
    pooled = next(r for r in study["results"] if isinstance(r.get("arm"), list))
    labels = {a["id"]: a["label"] for a in study["arms"]}
    body = client.get("/id/study/adipoa2-2025", headers=BROWSER).text
    sides = " and ".join(sorted(labels[a] for a in pooled["arm"]))
    assert f"{sides} vs {labels[pooled['comparator']]}" in body
