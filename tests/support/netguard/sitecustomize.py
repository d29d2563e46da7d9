"""Cut a Python process off the network; loaded by the snippet runner through PYTHONPATH.

Python's audit hooks see every socket operation that goes through the standard library
(and so through requests, urllib3, huggingface_hub, ...). Any attempt to resolve a name
or open a connection that is not a Unix socket ends the operation with an error that says
what was attempted, so a snippet that needs the network fails loudly in the test suite.

Two test-only additions load here too, each when its variable is set: figure_data.py (saved
figures carry their plotted data) and weight_jitter.py (initial weights nudged by a relative
amount, for the robustness check). Neither changes what a snippet computes unless asked.
"""

import os
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
# This machine's own name: torchrun's rendezvous looks it up (socket.getfqdn) to name the node.
_OWN_NAMES = {socket.gethostname()}
# Binding to every interface (a local server, such as the rendezvous store of
# `torchrun --standalone`) reaches no other host either.
_ANY = {"", "0.0.0.0", "::"}


def _local(host) -> bool:
    host = host.decode() if isinstance(host, bytes) else host
    return isinstance(host, str) and (
        host in _LOOPBACK or host in _OWN_NAMES or host.startswith("127.")
    )


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
        host = target[0] if isinstance(target, tuple) and target else None
        if event == "socket.bind" and (_local(host) or host in _ANY):
            return  # a port on this machine (TensorFlow binds one at import) reaches no host
    else:
        target = args[0] if args else ""
        if event == "socket.getnameinfo":
            host = target[0] if isinstance(target, tuple) and target else None
        else:
            host = target
        if _local(host):
            return  # resolving this machine's own name or a loopback address
    message = f"network access blocked in tests: {event} {target!r}"
    print(message, file=sys.stderr)
    raise NetworkAccessBlocked(message)


sys.addaudithook(_guard)

if os.environ.get("SNIPPET_FIGURE_DATA"):
    # Figures carry what they show as data, for the tests to compare (figure_data.py).
    import figure_data  # noqa: F401
if os.environ.get("SNIPPET_WEIGHT_JITTER"):
    # The robustness check nudges the initial weights (see weight_jitter.py beside this file).
    import weight_jitter  # noqa: F401
