"""`kg serve`'s processes, each listening on a socket of its own on the shared port.

uvicorn's supervisor hands every process the same listening socket; whichever process wakes
first accepts every pending connection, so keep-alive clients all ended up on one process
(32 of 32 connections in 7 of 10 rounds, measured by benchmarks/load_fault.py) while the other
idled, and that one process refused work as busy. Here each process gets its own socket, bound
to the same port with SO_REUSEPORT, and the kernel spreads new connections over them by their
addresses. The supervisor keeps the sockets, so connections that arrive for a process being
replaced wait in its socket's queue for the new process instead of being refused.

Built on uvicorn's supervisor (the process start, health check and signal handling are its);
only which socket a process gets is ours.
"""

from __future__ import annotations

import logging
import socket

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

log = logging.getLogger("uvicorn.error")


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets bound to host:port with SO_REUSEPORT (port 0: one free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    for _ in range(count):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        port = sock.getsockname()[1]
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


class Supervisor(Multiprocess):
    """uvicorn's Multiprocess with process `i` always started on socket `i`."""

    def __init__(self, config: Config, sockets: list[socket.socket]):
        super().__init__(config, sockets=sockets)
        self.processes_num = len(sockets)

    def _start(self, index: int) -> Process:
        process = Process(self.config, [self.sockets[index]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._start(index) for index in range(self.processes_num)]

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung, or gone
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # it would fail the same way again
                log.error("process [%s] failed to start; stopping", process.pid)
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.info("process [%s] ended; starting another on its socket", process.pid)
            self.processes[index] = self._start(index)

    def restart_all(self) -> None:
        """SIGHUP: replace each process in turn, on its own socket."""
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            old.terminate()
            old.join()
            self.processes[index] = self._start(index)
