"""The pages in a real browser: Debian's headless Chromium, driven by Selenium through
Debian's chromedriver, against `kg serve` on 127.0.0.1 with the real graph.

Each test does what a user does (paste the seed article and open a sentence's evidence, ask
and follow a study link, run a query in YASGUI, look at the network) and writes a screenshot
under build/screenshots/. Every page must log no console error, load nothing from outside
the service, and show no serious or critical accessibility violation (axe-core, vendored in
tests/browser/). Skipped when Chromium or chromedriver is missing, unless KG_REQUIRE_BROWSER=1
(set by .ci/run, after scripts/install-browser) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests import curated
from tests.conftest import QUERIES, ROOT
from tests.serving import kg_serve

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        raise RuntimeError("KG_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed")
    pytest.skip("chromium and chromedriver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as seen  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = ROOT / "build" / "screenshots"
AXE = (ROOT / "tests" / "browser" / "axe.min.js").read_text(encoding="utf-8")
ARTICLE = ROOT / "graph" / "documents" / "apex-msc-knee-oa-guide" / "article.txt"


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    with kg_serve(
        "--build", str(built), "--queries", str(QUERIES), cwd=tmp_path_factory.mktemp("serve")
    ) as served:
        yield served


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,1600", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _settled(browser, url: str) -> None:
    """The page's own checks: nothing fetched from another host, no console error, and no
    serious or critical accessibility violation."""
    host = urlsplit(url).netloc
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    foreign = [r for r in resources if urlsplit(r).netloc not in (host, "")]
    assert not foreign, f"fetched from outside the service: {foreign}"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"
    browser.execute_script(AXE)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));"
    )
    serious = [
        f"{v['id']}: {v['help']} ({len(v.get('nodes', []))} elements)"
        for v in result
        if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, "accessibility: " + "; ".join(serious)


def _shot(browser, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    return path


def _wait(browser, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(browser, seconds)


def test_home_page(server, browser):
    browser.get(server.url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Evidence on stem cell")
    _settled(browser, server.url)
    _shot(browser, "home")


def test_pasting_the_seed_article_marks_its_sentences_and_a_click_shows_evidence(server, browser):
    text = ARTICLE.read_text(encoding="utf-8")
    report = httpx.post(server.url + "/check/document", json={"text": text}, timeout=120).json()
    checked = [u for u in report["sentences"] if u["status"] == "checked"]
    browser.get(server.url + "/check")
    box = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1];", box, text)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(browser, 120).until(seen.presence_of_element_located((By.CSS_SELECTOR, "details.panel")))
    panels = browser.find_elements(By.CSS_SELECTOR, "details.panel")
    assert len(panels) == len(checked)
    units = browser.find_elements(By.CSS_SELECTOR, "span.unit")
    assert len(units) == len(report["sentences"])
    first = next(p for p in panels if p.find_elements(By.CSS_SELECTOR, "ol.evidence li"))
    first.find_element(By.TAG_NAME, "summary").click()
    assert first.get_attribute("open") is not None
    evidence = first.find_element(By.CSS_SELECTOR, "ol.evidence li")
    assert evidence.find_element(By.TAG_NAME, "blockquote").text.strip()
    cite = evidence.find_element(By.CSS_SELECTOR, ".cite details")
    cite.find_element(By.TAG_NAME, "summary").click()
    assert cite.find_element(By.TAG_NAME, "pre").text.strip()
    assert cite.find_element(By.CSS_SELECTOR, "button.copy").is_displayed()  # script ran
    _settled(browser, server.url)
    _shot(browser, "check")


def test_asking_returns_rows_that_link_to_study_pages(server, browser):
    browser.get(server.url + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("randomised trials of adipose cells")
    box.submit()
    _wait(browser).until(seen.presence_of_element_located((By.CSS_SELECTOR, "table.studies")))
    links = browser.find_elements(By.CSS_SELECTOR, "table.studies tbody a")
    api = httpx.get(
        server.url + "/ask", params={"q": "randomised trials of adipose cells"}, timeout=60
    ).json()
    assert {a.get_attribute("href").rsplit("/", 1)[1] for a in links} == {
        r["id"] for r in api["results"]
    }
    _settled(browser, server.url)
    _shot(browser, "ask")
    study = links[0].get_attribute("href").rsplit("/", 1)[1]
    links[0].click()
    _wait(browser).until(seen.title_contains(curated.studies()[study]["label"][:20]))
    assert browser.find_element(By.TAG_NAME, "h1").text == curated.studies()[study]["label"]
    _settled(browser, server.url)
    _shot(browser, "study")


def test_the_sparql_page_runs_a_query_and_shows_rows(server, browser):
    query = (
        "PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#>\n"
        "SELECT ?s WHERE { ?s a ev:Study } LIMIT 7"
    )
    browser.get(server.url + "/query?" + httpx.QueryParams({"query": query}).__str__())
    _wait(browser).until(seen.presence_of_element_located((By.CSS_SELECTOR, ".yasqe")))
    browser.execute_script("document.querySelector('.yasqe_queryButton').click()")
    _wait(browser).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) == 7
    )
    _settled(browser, server.url)
    _shot(browser, "sparql")


def test_the_network_picture_renders(server, browser):
    browser.get(server.url + "/network")
    lines = browser.find_elements(By.CSS_SELECTOR, "figure.network svg line")
    network = httpx.get(server.url + "/network", params={"format": "json"}, timeout=60).json()
    assert len(lines) >= len(network["comparisons"])
    assert browser.find_element(By.CSS_SELECTOR, "figure.network svg").size["width"] > 300
    _settled(browser, server.url)
    _shot(browser, "network")


def test_the_other_pages_pass_the_same_checks(server, browser, graph):
    from kg.records import list_claims

    claim = next(c for c in list_claims(graph) if c["evidence_count"])
    publication = curated.studies()["bennell-2021"]["publications"][0]["id"]
    for path in (
        "/studies",
        f"/id/claim/{claim['id']}",
        f"/id/publication/{publication}",
        "/check",
    ):
        browser.get(server.url + path)
        assert browser.find_element(By.TAG_NAME, "h1").text, path
        _settled(browser, server.url)
