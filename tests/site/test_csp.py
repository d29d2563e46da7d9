"""The Content-Security-Policy every page carries (sitebuild/csp.py)."""

import base64
import hashlib
import re

import pytest

from sitebuild import csp
from sitebuild.build import BuildError
from sitebuild.languages import DEFAULT, LANGUAGES

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = """<!doctype html><html><head>
<meta charset="utf-8">
<script>var a = 1;</script>
<script type="module">import "./x.js";</script>
<script src="assets/app.js"></script>
<script id="__config" type="application/json">{"x": 1}</script>
</head><body><script>var a = 1;</script></body></html>"""


def test_inline_scripts_that_run_are_hashed_once_data_blocks_and_files_are_not():
    assert csp.inline_script_hashes(PAGE) == sorted([sha("var a = 1;"), sha('import "./x.js";')])


def test_the_policy_goes_first_in_head_and_allows_webassembly_only_with_pyodide():
    out = csp.with_policy(PAGE, "x.md")
    assert out.index("Content-Security-Policy") < out.index("<script")
    (policy,) = META.findall(out)
    assert "script-src 'self' 'sha256-" in policy and "'wasm-unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in policy.split("; ")[1]  # scripts: never inline by default
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    calculator = PAGE.replace("<body>", '<body><form data-pyodide="../vendor/pyodide/">')
    assert "'wasm-unsafe-eval'" in META.findall(csp.with_policy(calculator, "c.md"))[0]


def test_a_page_without_charset_or_with_a_policy_already_stops_the_build():
    with pytest.raises(BuildError, match=r'^csp: x.md has no <meta charset="utf-8">'):
        csp.with_policy("<html><head></head></html>", "x.md")
    with pytest.raises(BuildError, match="^csp: x.md already has a Content-Security-Policy"):
        csp.with_policy(csp.with_policy(PAGE, "x.md"), "x.md")
    # a page that only mentions the header (as the contributing page does) is fine
    mention = PAGE.replace("<body>", "<body><p>The Content-Security-Policy of each page</p>")
    assert len(META.findall(csp.with_policy(mention, "x.md"))) == 1


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_built_page_carries_the_policy_for_its_own_scripts(built_site, lang):
    root = built_site.lang_root(lang)
    pages = [root / "404.html"] if lang == DEFAULT else []  # one 404 page, at the site's root
    pages += list(built_site.pages(lang).values())
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, path
        policy = dict(d.split(" ", 1) for d in found[0].split("; "))
        sources = policy["script-src"].split()
        hashes = [s for s in sources if s.startswith("'sha256-")]
        assert hashes == csp.inline_script_hashes(html), path
        assert ("'wasm-unsafe-eval'" in sources) == ("startup/calculator/" in path.as_posix()), path
        assert set(sources) - set(hashes) <= {"'self'", "'wasm-unsafe-eval'"}, path
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < head.index("<script"), path
