"""The second wall: a served process that cannot open a network connection.

The first wall is the parse (kg.sparql_syntax): SERVICE, LOAD and updates never reach the
engine. But Oxigraph has an HTTP client built in and runs SERVICE itself, so if a query ever
slipped past the parse, the server would fetch a URL for its caller (with CORS `*`, for any web
page). Here the kernel makes that impossible: once `kg serve` has its listening socket and its
embedded store, a seccomp filter (libseccomp, through pyseccomp) makes every later attempt to
create an IPv4 or IPv6 socket fail with EACCES, in every thread of the process, Oxigraph's
included. Accepting connections on the listening socket needs no new socket, and Unix sockets
(the event loop's self-pipe, the supervisor's pipes) stay allowed. io_uring is refused too, as
it can create sockets without the socket system call.

A process serving a remote store must reach that store, so it gets no filter; the parse still
refuses SERVICE there. Where seccomp is not available (not Linux, no libseccomp), the process
serves with the parse alone and says so once in its log and in /health.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
import sys

log = logging.getLogger("kg.serve")

_state = {"blocked": False}


def forbid_outbound_connections() -> bool:
    """Install the filter in this process; True when it is in force. Cannot be undone."""
    if _state["blocked"]:
        return True
    if not sys.platform.startswith("linux"):
        log.warning(
            "outbound connections cannot be blocked on %s; SERVICE is still refused by the parse",
            sys.platform,
        )
        return False
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread, not only this one
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(
                seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family)
            )
        # A libseccomp too old to name io_uring_setup runs on kernels without IORING_OP_SOCKET.
        with contextlib.suppress(Exception):
            rules.add_rule(seccomp.ERRNO(errno.EPERM), "io_uring_setup")
        rules.load()
    except Exception as exc:  # no libseccomp, or a kernel without seccomp
        log.warning(
            "outbound connections could not be blocked (%s); SERVICE is still refused by the parse",
            exc,
        )
        return False
    _state["blocked"] = True
    return True


def outbound_blocked() -> bool:
    """Whether this process runs under the filter (reported by /health)."""
    return _state["blocked"]
