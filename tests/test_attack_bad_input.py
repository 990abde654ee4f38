"""Bad input is a client error with a message, never a 500; a server fault is a 500 with an
error id and nothing of the server in it; the named queries are checked once, at start."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings
from kg.errors import KgError
from tests.conftest import QUERIES
from tests.serving import KG

BAD_IDS = ["a b", 'a"b', "a<b", "a{b", "a\\b", "a%00b", "%ff%fe", "a%0Ab", "x" * 3000]
ID_ROUTES = [
    "/studies/{}",
    "/publications/{}",
    "/citations/{}",
    "/id/study/{}",
    "/concept/{}",
    "/scheme/{}",
    "/claims/{}/x",
]


@pytest.fixture(scope="module")
def client(settings, store):
    with TestClient(create_app(settings, store), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("route", ID_ROUTES)
def test_ids_that_cannot_be_iris_are_not_found(client, route):
    for bad in BAD_IDS:
        response = client.get(route.format(bad))
        assert response.status_code == 404, (route, bad, response.text)
        assert response.json()["error"] in ("NotFoundError", "NotFound")


@pytest.mark.parametrize(
    "body",
    [
        '{"text": NaN}',
        '{"text": Infinity}',
        '{"text": "MSCs reduce pain", "cite": NaN}',
        '{"text": "\\ud800"}',
        '{"text": "MSCs reduce \\udfff pain"}',
        '{"text": 12}',
        '{"text": ""}',
        "[1]",
        "{not json",
    ],
)
@pytest.mark.parametrize("path", ["/check", "/check/document"])
def test_bodies_that_are_not_text_are_422_with_what_is_wrong(client, path, body):
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["error"] == "ValidationError" and error["problems"]
    assert all(p["where"] and p["problem"] for p in error["problems"])


@pytest.mark.parametrize(
    "path",
    ["/studies?desing=rct", "/ask?q=msc&qq=1", "/network?formt=json", "/health?x=1",
     "/claims?assesment=supported", "/id/study/vega-2015?fromat=turtle"],
)  # fmt: skip
def test_an_unknown_query_parameter_is_named_in_a_422(client, path):
    response = client.get(path)
    assert response.status_code == 422
    unknown = path.split("?")[1].split("=")[0].split("&")[-1]
    assert repr(unknown.split("=")[0]) in response.json()["detail"] or unknown in response.text


@pytest.mark.parametrize(
    "path", ["/sparql?query=ASK%20%7B%7D", "/citations/vega-2015-transplantation"]
)
def test_an_accept_header_that_refuses_everything_is_406(client, path):
    response = client.get(path, headers={"accept": "*/*;q=0"})
    assert response.status_code == 406
    assert "refuses every media type" in response.json()["detail"]


class _BrokenStore:
    """A store that fails as a bug would: with a message holding a server path."""

    backend = "embedded"

    def __init__(self, real):
        self.real = real

    def query(self, *args, **kwargs):
        raise RuntimeError("/srv/secret/build/kg.nq: something inside broke")

    def release(self):
        return self.real.release()


def test_a_server_fault_is_a_500_with_an_id_and_no_path(settings, store, caplog):
    with TestClient(create_app(settings, _BrokenStore(store)), raise_server_exceptions=False) as c:
        response = c.get("/studies/vega-2015")
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "ServerError" and len(body["id"]) == 12
    assert "/srv/secret" not in response.text and "kg.nq" not in response.text
    assert body["id"] in caplog.text and "/srv/secret" in caplog.text  # the operator's log has it


def _queries_copy(tmp_path):
    folder = tmp_path / "queries"
    shutil.copytree(QUERIES, folder)
    return folder


def test_a_broken_named_query_stops_the_start_naming_file_and_line(settings, store, tmp_path):
    folder = _queries_copy(tmp_path)
    path = folder / "studies.rq"
    path.write_text(path.read_text().replace("WHERE {", "WHERE {{", 1))
    with pytest.raises(KgError, match=r"studies\.rq: malformed SPARQL at line \d+"):
        create_app(Settings(build_dir=settings.build_dir, queries_dir=folder), store)


def test_a_missing_service_query_stops_the_start(settings, store, tmp_path):
    folder = _queries_copy(tmp_path)
    (folder / "describe-node.rq").unlink()
    with pytest.raises(KgError, match="describe-node are missing"):
        create_app(Settings(build_dir=settings.build_dir, queries_dir=folder), store)


def test_kg_serve_with_a_broken_query_exits_with_one_line(built, tmp_path):
    folder = _queries_copy(tmp_path)
    (folder / "claims.rq").write_text("#+ summary: broken\nSELECT ?x WHERE { ?x ")
    done = subprocess.run(
        [str(KG), "serve", "--build", str(built), "--queries", str(folder), "--port", "9"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith("kg: error")]
    assert len(lines) == 1 and "claims.rq" in lines[0] and "line 2" in lines[0], done.stderr


def test_openapi_documents_the_error_answers(client):
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/studies/{study_id}"]["get"]
    for status in ("404", "413", "422", "500", "503"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorBody"}


def _raw_chunked_post(url: str, path: str, total: int, chunk: int = 1 << 16) -> int:
    """POST `total` bytes as a chunked body; return the status the server answers with,
    possibly before the body is all sent (the server stops reading at its limit)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        sent = 0
        sock.setblocking(False)
        piece = b"#" * chunk
        answer = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and b"\r\n" not in answer:
            try:
                answer += sock.recv(4096)
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            if sent < total:
                try:
                    sock.sendall(f"{chunk:x}\r\n".encode() + piece + b"\r\n")
                    sent += chunk
                except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                    time.sleep(0.01)
            else:
                time.sleep(0.01)
        return int(answer.split(b" ", 2)[1])


def test_a_chunked_body_over_the_limit_is_refused_while_reading(settings, store):
    from tests.live import live_server

    app = create_app(Settings(build_dir=settings.build_dir, queries_dir=QUERIES), store)
    with live_server(app) as url:
        assert _raw_chunked_post(url, "/sparql", total=8 << 20) == 413
        assert _raw_chunked_post(url, "/check/document", total=8 << 20) == 413
