"""A damaged dump is never served: `kg serve` (and every command that loads the build)
verifies it against the checksum the build recorded, and refuses with one line and exit 2.

Before, a truncated dump left the two-process server respawning workers forever, and a dump
cut at a line boundary, emptied, or with one number edited was served with /health "ok" and
the genuine release's checksum."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess

import pytest

from kg.errors import StoreError
from kg.release import DUMP_NAME
from kg.store import open_built_store
from tests.conftest import QUERIES
from tests.serving import KG


def _truncated_mid_line(text: str) -> str:
    return text[: len(text) // 2]


def _cut_at_a_line_boundary(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[: len(lines) // 2] + lines[-12:])  # the release lines kept


def _emptied(text: str) -> str:
    return ""


def _one_number_edited(text: str) -> str:
    match = re.search(r'"(\d+)"\^\^<http://www.w3.org/2001/XMLSchema#integer>', text)
    digits = match.group(1)
    edited = str(int(digits) + 1)
    return text[: match.start(1)] + edited + text[match.end(1) :]


def _release_removed(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if "/source/release>" not in line)


def _not_n_quads(text: str) -> str:
    return "this is not RDF\n" + text


DAMAGE = {
    f.__name__.strip("_"): f
    for f in (_truncated_mid_line, _cut_at_a_line_boundary, _emptied, _one_number_edited,
              _release_removed, _not_n_quads)
}  # fmt: skip


@pytest.fixture
def damaged(built, tmp_path, request):
    folder = tmp_path / "build"
    folder.mkdir()
    text = (built / DUMP_NAME).read_text(encoding="utf-8")
    (folder / DUMP_NAME).write_text(DAMAGE[request.param](text), encoding="utf-8")
    return folder


@pytest.mark.parametrize("damaged", sorted(DAMAGE), indirect=True)
def test_loading_a_damaged_dump_is_refused(damaged):
    with pytest.raises(StoreError, match=r"kg\.nq: .*run `kg build`"):
        open_built_store(damaged)


@pytest.mark.parametrize("damaged", sorted(DAMAGE), indirect=True)
def test_kg_serve_refuses_a_damaged_dump_with_one_line(damaged, tmp_path):
    done = subprocess.run(
        [str(KG), "serve", "--build", str(damaged), "--queries", str(QUERIES),
         "--processes", "2", "--port", "9"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("kg: error")]
    assert len(errors) == 1 and "kg.nq" in errors[0] and "kg build" in errors[0], done.stderr


def test_the_genuine_dump_loads_and_is_readable_by_others(built, tmp_path):
    copy = tmp_path / DUMP_NAME
    shutil.copy(built / DUMP_NAME, copy)
    assert open_built_store(tmp_path).release()["checksum"]
    mode = stat.S_IMODE((built / DUMP_NAME).stat().st_mode)
    assert mode & 0o044 == 0o044, oct(mode)  # not 0600: a server running as another user reads it
