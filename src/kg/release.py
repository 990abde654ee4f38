"""The dump's layout and its integrity: where `kg build` writes, and how a reader knows that
what it loads is what the build wrote.

The dump is N-Quads: the sorted lines of every source graph, then the lines of the `release`
graph, which records the SHA-256 of those source lines (ev:sha256). The build writes that
checksum; the store recomputes it at load and refuses a dump that does not match, so a
truncated, emptied or edited dump is never served under the genuine release's name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.errors import StoreError
from kg.namespaces import BASE, PREFIXES, SOURCE

DUMP_NAME = "kg.nq"
RELEASE_GRAPH = str(SOURCE["release"])
# The release a store holds (version and checksum), asked the same way of every store
RELEASE_QUERY = f"""
SELECT ?version ?checksum WHERE {{
  <{BASE}release> <{PREFIXES["dcterms"]}hasVersion> ?version ;
                  <{PREFIXES["ev"]}sha256> ?checksum .
}} LIMIT 1"""
RELEASE_NODE = BASE + "release"
_RELEASE_SUFFIX = f" <{RELEASE_GRAPH}> .\n".encode()
_CHECKSUM_LINE = re.compile(
    rf'<{re.escape(RELEASE_NODE)}> <{re.escape(PREFIXES["ev"])}sha256> "([0-9a-f]{{64}})"'.encode()
)


def content_checksum(lines: list[str]) -> str:
    """The checksum of the source lines, as the build records it."""
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def verify_dump(path: Path) -> str:
    """The checksum recorded in the dump at `path`, once its source lines are shown to have
    it; StoreError (one line, naming the file and the fix) otherwise."""
    digest = hashlib.sha256()
    recorded: list[bytes] = []
    try:
        with open(path, "rb") as dump:
            for line in dump:
                if line.endswith(_RELEASE_SUFFIX):
                    match = _CHECKSUM_LINE.match(line)
                    if match:
                        recorded.append(match.group(1))
                else:
                    digest.update(line)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror}); run `kg build`") from exc
    if len(recorded) != 1:
        raise StoreError(
            f"{path}: damaged or not a build of this project: it holds no release checksum; "
            "run `kg build` to write it again"
        )
    if digest.hexdigest() != recorded[0].decode():
        raise StoreError(
            f"{path}: damaged: its content does not match the checksum recorded when it was "
            "built (truncated or edited since); run `kg build` to write it again"
        )
    return recorded[0].decode()
