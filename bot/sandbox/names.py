"""Attribute names the language layer treats specially (shared by the compiler and the guards)."""

from __future__ import annotations

from RestrictedPython.transformer import INSPECT_ATTRIBUTES

# Never read, written or defined: they only serve an escape (frames, code objects, globals,
# builtins, cells, the class graph, the pickle and copy protocols).
RESTRICTED: frozenset[str] = INSPECT_ATTRIBUTES | {
    "__code__", "__globals__", "__builtins__", "__closure__", "cell_contents", "__subclasses__",
    "__bases__", "__base__", "__mro__", "mro", "__reduce__", "__reduce_ex__", "__getstate__",
    "__setstate__", "__getnewargs__", "__getnewargs_ex__", "__import__", "__loader__", "__spec__",
    "__traceback__", "__forward_code__", "co_consts", "co_names", "f_trace_lines",
}  # fmt: skip
# Never assigned nor defined in a class body: besides the restricted names, `__class__`.
NO_WRITE: frozenset[str] = RESTRICTED | {"__class__"}


def public_name(name: object) -> bool:
    """A name helpers that take attribute names as strings may use (`attrgetter("salary")`):
    no underscore names at all, and none that reads or formats something unguarded."""
    return (
        type(name) is str  # a str subclass could lie in startswith / __eq__ / __hash__
        and not name.startswith("_")
        and name not in RESTRICTED
        and name not in ("format", "format_map")
    )


# Methods of objects that are not the member's own (asyncio's event loop, tasks) that reach
# descriptors, sockets, processes or threads, or hand out frames: never read.
FOREIGN_RESTRICTED: frozenset[str] = frozenset(
    {
        "connect_read_pipe", "connect_write_pipe", "add_reader", "add_writer", "remove_reader",
        "remove_writer", "sock_recv", "sock_recv_into", "sock_recvfrom", "sock_recvfrom_into",
        "sock_sendall", "sock_sendto", "sock_connect", "sock_accept", "sock_sendfile",
        "sendfile", "create_connection", "create_server", "create_unix_connection",
        "create_unix_server", "create_datagram_endpoint", "connect_accepted_socket",
        "subprocess_exec", "subprocess_shell", "run_in_executor", "set_default_executor",
        "getaddrinfo", "getnameinfo", "start_tls", "add_signal_handler", "remove_signal_handler",
        "get_stack", "print_stack", "set_task_factory",
    }
)  # fmt: skip
