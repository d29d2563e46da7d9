"""The built site: both languages, strict, self-hosted assets, working language links."""

import json
import re
from collections import Counter
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest

from sitebuild.formulas import FORMULA
from sitebuild.languages import LANGUAGES
from sitebuild.notebooks import is_notebook_snippet, notebook_for_language
from sitebuild.offline import third_party_loads
from tests.support.links import check_site
from tests.support.site import ROOT
from tests.support.snippets import SNIPPETS

# The training examples written as notebook cells; the distributed ones are started by torchrun.
PRACTICE = [p for p in sorted((SNIPPETS / "practice").glob("*.py")) if is_notebook_snippet(p)]
FIGURES = sorted(SNIPPETS.rglob("*.png"))

pytestmark = pytest.mark.slow

SWITCH = re.compile(
    r'<a href="(?P<href>[^"]*)" hreflang="(?P<lang>\w+)"[^>]*class="md-select__link"'
)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>")
SOURCE = re.compile(r'\b(?:data-)?src="([^"]+)"')
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')
DIAGRAM = re.compile(
    r'<div class="mermaid"><template shadowrootmode="open">(<svg\b.*?</svg>)</template></div>',
    re.DOTALL,
)


def script_sources(html):
    """Every script a page loads, or loads later (a `data-src`)."""
    return [src for tag in SCRIPT_TAG.findall(html) for src in SOURCE.findall(tag)]


def test_strict_build_has_no_warnings(built_site):
    # MkDocs' own log lines; a kernel's "[IPKernelApp] WARNING" about its local TCP link is not one
    for lang, log in built_site.logs.items():
        warnings = re.findall(r"^WARNING\s+-.*$", log, re.MULTILINE)
        assert warnings == [], f"{lang} build warned: {warnings}"


def test_both_languages_have_the_same_pages(built_site):
    zh, en = built_site.pages("zh"), built_site.pages("en")
    assert set(zh) == set(en)
    assert {
        "index.html",
        "math/index.html",
        "math/gradient_check/index.html",
        "reference/api/index.html",
    } <= set(zh)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_declares_its_language(built_site, lang):
    for rel, html in built_site.pages(lang).items():
        assert f'<html lang="{lang}"' in html.read_text(encoding="utf-8"), rel


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switch_lands_on_the_same_page(built_site, lang):
    pages = built_site.pages(lang)
    assert "index.html" in pages and "reference/api/index.html" in pages
    for rel, html in pages.items():
        links = {m["lang"]: m["href"] for m in SWITCH.finditer(html.read_text(encoding="utf-8"))}
        assert set(links) == set(LANGUAGES), rel
        for target_lang, href in links.items():
            page_dir = PurePosixPath(html.parent.relative_to(built_site.root).as_posix())
            target = (built_site.root / page_dir / href).resolve() / "index.html"
            expected = built_site.lang_root(target_lang) / rel
            assert target == expected.resolve(), (
                f"{lang}/{rel}: {target_lang} link {href!r} goes to {target}"
            )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_loads_anything_from_another_host(built_site, lang):
    for rel, html in built_site.pages(lang).items():
        assert third_party_loads(html.read_text(encoding="utf-8")) == [], rel


@pytest.mark.parametrize("lang", LANGUAGES)
def test_math_css_and_diagram_script_load_only_where_used_and_from_the_site(built_site, lang):
    seen = {"math": 0, "diagrams": 0}
    for rel, html in built_site.pages(lang).items():
        text = html.read_text(encoding="utf-8")
        scripts = script_sources(text)
        has_math = 'class="arithmatex"' in text
        has_diagram = 'class="mermaid"' in text
        # Formulas are typeset and diagrams drawn at build time: no page loads MathJax or Mermaid
        assert not any("mathjax" in s.lower() or "mermaid" in s.lower() for s in scripts), rel
        styles = STYLESHEET.findall(text)
        assert any(s.endswith("assets/stylesheets/mathjax.css") for s in styles) == has_math, rel
        assert "mathjax-fonts" not in text or has_math, rel
        # Pages with a diagram load the small fallback for browsers without declarative shadow DOM
        assert any(s.endswith("assets/javascripts/shadow-root.js") for s in scripts) == has_diagram
        seen["math"] += has_math
        seen["diagrams"] += has_diagram
        for src in scripts + styles:
            assert (html.parent / urlsplit(src).path).resolve().is_file(), (
                f"{rel}: {src} is missing"
            )
    assert seen["math"] >= 1 and seen["diagrams"] >= 1
    assert not (built_site.root / "assets" / "vendor" / "mermaid").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_diagram_is_an_svg_in_a_declared_shadow_root_with_ids_unique_on_its_page(
    built_site, lang
):
    drawn = 0
    for rel, html in built_site.pages(lang).items():
        text = html.read_text(encoding="utf-8")
        assert '<pre class="mermaid">' not in text, f"{rel}: a diagram was left as source"
        diagrams = DIAGRAM.findall(text)
        assert len(diagrams) == text.count('class="mermaid"'), rel
        for number, svg in enumerate(diagrams, start=1):
            assert f'id="diagram-{number}"' in svg.split(">", 1)[0], f"{rel}: diagram {number}"
            # Colours come from Material's variables, so light and dark schemes both apply
            assert "var(--md-mermaid-node-bg-color)" in svg, f"{rel}: diagram {number}"
        # Every id inside a diagram is unique on the whole page (the edges' too)
        ids = Counter(re.findall(r'\sid="([^"]+)"', text))
        inside = {i for svg in diagrams for i in re.findall(r'\sid="([^"]+)"', svg)}
        repeated = sorted(i for i in inside if ids[i] > 1)
        assert repeated == [], f"{rel}: ids used twice: {repeated}"
        drawn += len(diagrams)
    assert drawn >= 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_formula_is_typeset_with_its_tex(built_site, lang):
    typeset = 0
    for rel, html in built_site.pages(lang).items():
        text = html.read_text(encoding="utf-8")
        for match in FORMULA.finditer(text):
            body = match["body"]
            typeset_html = body.startswith('<mjx-container class="MathJax" jax="CHTML"')
            assert typeset_html, f"{rel}: {body[:80]}"
            assert "<mjx-merror" not in body, f"{rel}: {body[:200]}"
            assert '<annotation encoding="application/x-tex">' in body, f"{rel}: {body[:80]}"
            typeset += 1
    assert typeset > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_math_css_names_fonts_that_are_served(built_site, lang):
    css_file = built_site.lang_root(lang) / "assets" / "stylesheets" / "mathjax.css"
    css = css_file.read_text(encoding="utf-8")
    fonts = re.findall(r'url\("([^"]+)"\)', css)
    assert fonts and all(f.startswith("../vendor/mathjax-fonts/") for f in fonts)
    for font in fonts:
        assert (css_file.parent / font).resolve().is_file(), font
    assert third_party_loads(f"<style>{css}</style>") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_palette_switch_does_not_restyle_every_element(built_site, lang):
    # sitebuild/palette.py: no rule keyed on the attribute Material toggles on <body> at each load
    stylesheets = built_site.lang_root(lang) / "assets" / "stylesheets"
    (palette,) = stylesheets.glob("palette.*.min.css")
    assert "data-md-color-switching" not in palette.read_text(encoding="utf-8")
    for css in stylesheets.glob("*.css"):
        assert "[data-md-color-switching]" not in css.read_text(encoding="utf-8"), css.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_page_is_rendered_with_its_download(built_site, lang):
    page_dir = built_site.lang_root(lang) / "math" / "gradient_check"
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    assert "jp-Notebook" in html and "# %%" not in html  # rendered, not written out raw
    assert "largest difference &lt; 1e-9: the analytic gradient passes the check" in html
    title = "梯度检验" if lang == "zh" else "Gradient check"
    assert f"<title>{title}" in html
    assert '<a href="gradient_check.ipynb" download' in html
    notebook = json.loads((page_dir / "gradient_check.ipynb").read_text(encoding="utf-8"))
    markdown = "".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )
    other = "Gradient check" if lang == "zh" else "梯度检验"
    assert title in markdown and other not in markdown
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_generated_notebooks_are_the_same_bytes_every_build(lang):
    # mkdocs-jupyter caches a rendered notebook under the hash of its bytes: random cell ids
    # (nbformat's default) would miss that cache and render every notebook on every build.
    for snippet in [SNIPPETS / "math" / "gradient_check.py", *PRACTICE]:
        docs = ROOT / "docs" / lang
        first = notebook_for_language(snippet, lang, docs)
        assert first == notebook_for_language(snippet, lang, docs), snippet
        ids = [cell["id"] for cell in json.loads(first)["cells"]]
        assert ids == [f"cell-{n}" for n in range(len(ids))], snippet


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_pages_share_one_cached_stylesheet(built_site, lang):
    root = built_site.lang_root(lang)
    pages = [root / "math" / "gradient_check" / "index.html"] + [
        root / "practice" / p.stem / "index.html" for p in PRACTICE
    ]
    links = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<style" not in html.split('<article class="md-content__inner')[-1], page
        found = re.findall(r'<link rel="stylesheet" href="([^"]*assets/notebook/\w+\.css)">', html)
        assert len(found) == 1, f"{page}: {found}"
        links.add((page.parent / found[0]).resolve())
    assert len(links) == 1  # one file for all notebook pages, fetched once
    (css,) = links
    assert css.is_file() and css.stat().st_size > 100_000  # nbconvert's JupyterLab theme
    assert ".jp-Notebook" in css.read_text(encoding="utf-8")
    # Other pages do not load it.
    assert "assets/notebook/" not in (root / "practice" / "xor" / "index.html").read_text("utf-8")


def code_lines(text):
    return [line for line in text.splitlines() if line.strip() and not line.startswith("# %%")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_notebooks_show_the_snippet_code_without_running_it(built_site, lang):
    assert len(PRACTICE) >= 9
    for snippet in PRACTICE:
        page_dir = built_site.lang_root(lang) / "practice" / snippet.stem
        html = (page_dir / "index.html").read_text(encoding="utf-8")
        assert "jp-Notebook" in html, f"{snippet.name}: no notebook page"
        # Training runs in the tests, not in the build: the notebook has no outputs.
        assert 'class="jp-OutputArea' not in html, f"{snippet.name} was executed by the build"
        notebook = json.loads((page_dir / f"{snippet.stem}.ipynb").read_text(encoding="utf-8"))
        cells = notebook["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert code_lines(code) == code_lines(snippet.read_text(encoding="utf-8"))
        assert all(not c["outputs"] for c in cells if c["cell_type"] == "code")
        header = "".join(cells[0]["source"])
        assert cells[0]["cell_type"] == "markdown" and header.startswith("# ")
        assert ("PyTorch" if snippet.stem.endswith("_torch") else "TensorFlow") in header
        assert re.search(r"\]\(\.\./\.\./practice/[\w-]+/#[\w-]+\)", header), header


def test_figures_are_served_as_committed(built_site):
    assert FIGURES, "no committed figures"
    for figure in FIGURES:
        rel = figure.relative_to(SNIPPETS).as_posix()
        for lang in LANGUAGES:
            served = built_site.lang_root(lang) / "figures" / rel
            assert served.read_bytes() == figure.read_bytes(), f"{lang}: figures/{rel}"


def test_the_build_changes_nothing_under_snippets(built_site):
    # Figures come from the snippet test runs and are committed; the build only copies them.
    assert built_site.snippet_changes == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_api_reference_is_generated_from_docstrings(built_site, lang):
    html = (built_site.lang_root(lang) / "reference" / "api" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "training_flops" in html
    assert "Estimate the floating-point operations needed to train a dense transformer" in html


def test_search_indexes_segment_chinese_and_keep_english(built_site):
    zh = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads(
        (built_site.root / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    zh_text = " ".join(doc["text"] for doc in zh["docs"])
    assert "交叉\u200b熵" in zh_text or "\u200b交叉熵\u200b" in zh_text  # jieba word boundaries
    assert any("cross-entropy" in doc["text"].lower() for doc in en["docs"])


def test_no_broken_internal_links_or_anchors(built_site, built_pdfs):
    # built_pdfs: every page links to its language's PDF
    report = check_site(built_site.root)
    assert report.pages >= 10 and report.links > 100
    assert report.broken == []
    print(f"\nlinks: {report.links} checked in {report.pages} pages; external, not fetched:")
    print("\n".join(f"  {url}" for url in sorted(report.external)))
