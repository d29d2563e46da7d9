"""Cut a Python process off the network; loaded by the snippet runner through PYTHONPATH.

Python's audit hooks see every socket operation that goes through the standard library
(and so through requests, urllib3, huggingface_hub, ...). Any attempt to resolve a name
or open a connection that is not a Unix socket ends the operation with an error that says
what was attempted, so a snippet that needs the network fails loudly in the test suite.
"""

import socket
import sys

_BLOCKED_EVENTS = {
    "socket.connect",
    "socket.bind",
    "socket.sendto",
    "socket.sendmsg",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
}


_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class NetworkAccessBlocked(RuntimeError):
    pass


def _guard(event, args):
    if event not in _BLOCKED_EVENTS:
        return
    if event in {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}:
        sock = args[0]
        if getattr(sock, "family", None) == socket.AF_UNIX:
            return
        target = args[1] if len(args) > 1 else ""
        if event == "socket.bind" and isinstance(target, tuple) and target[0] in _LOOPBACK:
            return  # binding a local port (TensorFlow does at import) reaches no other host
    else:
        target = args[0] if args else ""
    message = f"network access blocked in tests: {event} {target!r}"
    print(message, file=sys.stderr)
    raise NetworkAccessBlocked(message)


sys.addaudithook(_guard)
