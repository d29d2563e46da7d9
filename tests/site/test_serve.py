"""The static server of the built site (sitebuild/serve.py): types, gzip as GitHub Pages does it,
and none when asked for the files as they are."""

import gzip
import http.client
import urllib.request

import pytest

from sitebuild.serve import StaticServer, compress

pytestmark = pytest.mark.enable_socket  # 127.0.0.1 only

FILES = {
    "calc/index.html": ("<p>calculator</p>" * 50, "text/html"),
    "vendor/pyodide.mjs": ("export const x = 1;\n" * 50, "text/javascript"),
    "vendor/pyodide.wasm": ("\0asm" * 200, "application/wasm"),
    "figure.png": ("not compressed" * 50, "image/png"),
}


def get(url: str, accept_gzip: bool):
    headers = {"Accept-Encoding": "gzip"} if accept_gzip else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.headers, r.read()


@pytest.fixture
def site(tmp_path):
    for name, (text, _) in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(text.encode("latin-1"))
    return tmp_path


@pytest.mark.parametrize("use_gzip", [True, False])
def test_files_are_served_with_their_types_and_gzip_only_where_pages_uses_it(site, use_gzip):
    with StaticServer(site, gzip=use_gzip) as server:
        for name, (text, kind) in FILES.items():
            url = f"{server.origin}/{name.removesuffix('index.html')}"
            headers, body = get(url, accept_gzip=True)
            assert headers["Content-Type"].split(";")[0] == kind, name
            zipped = use_gzip and not name.endswith(".png")
            assert headers.get("Content-Encoding") == ("gzip" if zipped else None), name
            assert body == (compress(text.encode("latin-1")) if zipped else text.encode("latin-1"))
            assert (gzip.decompress(body) if zipped else body) == text.encode("latin-1")
            # A client that does not accept gzip gets the file as it is
            assert get(url, accept_gzip=False)[1] == text.encode("latin-1"), name


def test_a_folder_without_its_slash_is_redirected(site):
    with StaticServer(site) as server:
        connection = http.client.HTTPConnection(server.origin.removeprefix("http://"), timeout=10)
        connection.request("GET", "/calc", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        connection.close()
    assert (response.status, response.getheader("Location")) == (301, "/calc/")
