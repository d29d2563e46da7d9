"""The site builds the same with ProperDocs, the maintained fork of MkDocs 1.6.

MkDocs 1.6.1 has had no release since 2024 and MkDocs 2 drops plugins; every stage of this
build is a plugin or hook. ProperDocs reads the same configuration and runs the same plugins and
hooks. Rather than run every built-site check a second time, this builds both languages with
ProperDocs and requires every file to equal the MkDocs build's, byte for byte, except the one
tag that names the generator: the checks on the MkDocs build then hold for this one too.
"""

import re
from pathlib import Path

import pytest

from sitebuild.languages import LANGUAGES
from tests.support.site import build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def properdocs_site(built_site, tmp_path_factory) -> Path:
    # after the MkDocs build, so both use the same warm caches (formulas, diagrams, charts)
    root = tmp_path_factory.mktemp("properdocs")
    for lang in LANGUAGES:
        done = build(root, lang, renderer="properdocs")
        assert done.returncode == 0, f"ProperDocs build of {lang} failed:\n{done.stderr[-4000:]}"
        warnings = re.findall(r"^WARNING\s+-.*$", done.stderr, re.MULTILINE)
        assert warnings == [], f"ProperDocs build of {lang} warned: {warnings}"
    return root


def files(root: Path) -> set[str]:
    # the PDFs are printed into the MkDocs build by another fixture, from that build
    found = (p for p in root.rglob("*") if p.is_file() and p.suffix != ".pdf")
    return {p.relative_to(root).as_posix() for p in found}


def differences(left: Path, right: Path) -> list[str]:
    found = []
    for rel in sorted(files(left) ^ files(right)):
        found.append(f"{rel}: only in {'MkDocs' if (left / rel).exists() else 'ProperDocs'}")
    for rel in sorted(files(left) & files(right)):
        a, b = (left / rel).read_bytes(), (right / rel).read_bytes()
        if rel.endswith(".html"):
            a, b = GENERATOR.sub(b"", a, count=1), GENERATOR.sub(b"", b, count=1)
        if a != b:
            found.append(f"{rel}: differs")
    return found


def test_properdocs_builds_the_same_site(built_site, properdocs_site):
    html = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in GENERATOR.search(html.encode()).group().decode()
    assert differences(built_site.root, properdocs_site) == []


def test_a_difference_is_named(tmp_path):
    left, right = tmp_path / "a", tmp_path / "b"
    for root, body in ((left, "mkdocs-1.6.1"), (right, "mkdocs-ProperDocs 1.6.7")):
        (root / "en").mkdir(parents=True)
        (root / "index.html").write_text(f'<meta name="generator" content="{body}"><p>same</p>')
        (root / "guide.pdf").write_text(body)
    (left / "en" / "index.html").write_text("<p>one</p>")
    (right / "en" / "index.html").write_text("<p>two</p>")
    (left / "sitemap.xml").write_text("<urlset/>")
    assert differences(left, right) == ["sitemap.xml: only in MkDocs", "en/index.html: differs"]
