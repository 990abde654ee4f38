"""A scratch Virtuoso server on 127.0.0.1, loaded with a dump, for the remote-store tests.

`.ci/run` installs Debian's `virtuoso-opensource`; this module writes its own virtuoso.ini
in a temporary folder (database, ports, allowed directories), starts `virtuoso-t` in the
foreground, bulk-loads the N-Quads dump with `isql-vt` and stops the server afterwards.
Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.live import free_port, stop

SERVER = "virtuoso-t"
CLIENT = "isql-vt"
VAD_DIR = Path("/usr/share/virtuoso-opensource-7/vad")


def installed() -> bool:
    return shutil.which(SERVER) is not None and shutil.which(CLIENT) is not None


def _ini(folder: Path, sql_port: int, http_port: int, dump_dir: Path) -> str:
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dump_dir}, {VAD_DIR}
VADInstallDir = {VAD_DIR}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/vsp
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
DefaultGraph = http://example.org/default
"""


def _isql(sql_port: int, statement: str) -> str:
    done = subprocess.run(
        [CLIENT, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql-vt failed on {statement!r}: {done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def virtuoso(folder: Path, dump: Path) -> Iterator[str]:
    """Start Virtuoso in `folder` with `dump` (N-Quads) loaded; yield its /sparql URL."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    dump_dir = folder / "load"
    dump_dir.mkdir(exist_ok=True)
    shutil.copyfile(dump, dump_dir / "kg.nq")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder, sql_port, http_port, dump_dir))
    log = (folder / "stdout.log").open("w")
    server = subprocess.Popen(
        [SERVER, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(server, endpoint, folder)
        _isql(
            sql_port,
            f"ld_dir('{dump_dir}', 'kg.nq', 'http://example.org/default'); "
            "rdf_loader_run(); checkpoint;",
        )
        loaded = _isql(
            sql_port, "SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"
        )
        if not any(line.strip() == "0" for line in loaded.splitlines()):
            raise RuntimeError(f"Virtuoso failed to load {dump}: {loaded}")
        yield endpoint
    finally:
        stop(server, timeout=60)
        log.close()


def _wait(server: subprocess.Popen, endpoint: str, folder: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                "virtuoso-t exited at start: " + (folder / "stdout.log").read_text()[-2000:]
            )
        try:
            if httpx.get(endpoint, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"Virtuoso did not answer at {endpoint} within {seconds}s")
