"""The built site served from 127.0.0.1, as a host serves it: for the browser tests, the
benchmark and the PDF script.

With ``gzip`` on (the default), the files GitHub Pages compresses go out gzip-compressed to a
browser that accepts it, so a page's transferred bytes are the ones a reader's browser sees.
"""

import functools
import gzip
import http.server
import threading
from pathlib import Path

# What GitHub Pages compresses. WebAssembly too: a reader's capture of a .wasm served gzipped
# by GitHub Pages, https://github.com/maxence-charriere/go-app/issues/866 (August 2023).
# scripts/benchmark.py prints the calculator's bytes with and without it.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".ipynb", ".wasm"}


def compress(data: bytes) -> bytes:
    """The bytes gzip-compressed as the server sends them (level 6, no timestamp)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static files, as they are on disk, with no log lines."""

    def log_message(self, *args):
        pass


class _Gzip(_Quiet):
    """Static files, gzip-compressed where the browser accepts it (as GitHub Pages does)."""

    cache: dict[str, bytes] = {}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to the slashed URL
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().do_GET()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = compress(path.read_bytes())
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StaticServer:
    """Serve a folder on 127.0.0.1 (a free port) from a background thread, while in a `with`.

    ``gzip``: compress what GitHub Pages compresses (COMPRESSIBLE) for a browser that accepts
    it; off, every file goes out as it is on disk.
    """

    def __init__(self, directory: Path, gzip: bool = True):
        handler = functools.partial(_Gzip if gzip else _Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
