"""Build-time guards: each broken input stops the build with a message that says what to do."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
import uuid

import pytest
import yaml

from sitebuild import diagrams, notebooks, offline, palette, vendor_assets
from sitebuild import math as math_hook
from sitebuild import words as words_module
from sitebuild.build import BuildError, PageRef
from sitebuild.cache import DiskCache
from tests.support.site import ROOT, one_build_at_a_time


def test_page_loading_a_cdn_script_fails_the_build():
    html = '<html><script src="https://unpkg.com/mermaid@11/dist/mermaid.min.js"></script></html>'
    with pytest.raises(BuildError) as excinfo:
        offline.Offline().page(html, PageRef("math/index.md", "math/"))
    assert str(excinfo.value) == (
        "offline: page 'math/index.md' loads from another host: "
        "https://unpkg.com/mermaid@11/dist/mermaid.min.js. "
        "Serve the asset from the site (see sitebuild/vendor_assets.py)."
    )


@pytest.mark.parametrize(
    "html",
    [
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        "<style>@import url('//cdn.example.org/x.css');</style>",
        '<script type="module">await import("https://cdn.jsdelivr.net/npm/mermaid/+esm")</script>',
        '<img src="https://example.org/chart.png">',
    ],
)
def test_other_third_party_loads_are_detected(html):
    assert len(offline.third_party_loads(html)) == 1


def test_links_to_other_sites_are_not_loads():
    assert offline.third_party_loads('<a href="https://arxiv.org/abs/2001.08361">paper</a>') == []


def test_notebook_snippet_without_a_translation_fails(tmp_path):
    snippet = tmp_path / "demo.py"
    snippet.write_text('# %% [markdown] lang="zh"\n# # 标题\n\n# %%\nprint(1)\n', encoding="utf-8")
    with pytest.raises(
        BuildError, match=r"demo.py has markdown cells for \['zh'\] but none for 'en'"
    ):
        notebooks.notebook_for_language(snippet, "en")


def test_code_only_notebook_snippet_that_no_page_includes_fails(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home { #home }\n", encoding="utf-8")
    with pytest.raises(
        BuildError,
        match=r"snippets/practice/orphan_torch.py has only code cells, so its notebook page takes "
        r"its title from the page that includes it, but no page in docs/ includes it",
    ):
        notebooks.including_section("practice/orphan_torch.py", "en", tmp_path / "docs")


def test_code_only_notebook_gets_its_title_and_link_from_the_including_page(tmp_path):
    docs = tmp_path / "docs"
    (docs / "practice").mkdir(parents=True)
    (docs / "practice" / "xor.md").write_text(
        '# XOR { #xor }\n\n## Code { #code }\n\n=== "TensorFlow"\n\n'
        '    ```python\n    --8<-- "practice/xor_tf.py"\n    ```\n',
        encoding="utf-8",
    )
    found = notebooks.including_section("practice/xor_tf.py", "en", docs)
    assert found == {"title": "XOR", "tab": "TensorFlow", "href": "../../practice/xor/#code"}


def test_two_examples_of_one_framework_on_a_page_get_their_sections_in_the_title(tmp_path):
    docs = tmp_path / "docs"
    (docs / "practice").mkdir(parents=True)
    (docs / "practice" / "post-training.md").write_text(
        "# Post-training { #post-training }\n\n"
        + "".join(
            f'## {name} example {{ #{name.lower()}-example }}\n\n=== "PyTorch"\n\n'
            f'    ```python\n    --8<-- "practice/{name.lower()}_torch.py"\n    ```\n\n'
            for name in ("DPO", "GRPO")
        ),
        encoding="utf-8",
    )
    found = notebooks.including_section("practice/grpo_torch.py", "en", docs)
    assert found == {
        "title": "Post-training: GRPO example",
        "tab": "PyTorch",
        "href": "../../practice/post-training/#grpo-example",
    }
    assert notebooks.including_section("practice/dpo_torch.py", "zh", docs)["title"] == (
        "Post-training：DPO example"
    )


def test_missing_npm_packages_fail_with_the_command_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(vendor_assets, "NODE_MODULES", tmp_path / "node_modules")
    monkeypatch.setattr(vendor_assets, "ROOT", tmp_path)
    with pytest.raises(
        BuildError, match=r"node_modules/pyodide/pyodide.mjs is missing. Run `npm ci`"
    ):
        vendor_assets.vendor_files()
    monkeypatch.setattr(diagrams, "MERMAID", tmp_path / "node_modules" / "mermaid")
    with pytest.raises(BuildError, match=r"node_modules/mermaid is missing. Run `npm ci`"):
        diagrams.Diagrams().configure()
    monkeypatch.setattr(math_hook, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(BuildError, match=r"node_modules/mathjax-full is missing. Run `npm ci`"):
        math_hook.mathjax_version()


def typeset(formulas, stage=None):
    """Feed (tex, display, page) to one Node process, as a build does; return the typeset HTML
    (and add it to `stage`, a math stage, when given)."""
    typesetter = math_hook.Typesetter("../vendor/mathjax-fonts")
    for tex, display, page in formulas:
        typesetter.add(tex, display, page)
    found, css = typesetter.finish()
    if stage is not None:
        stage.add(found, css)
    return {(tex, display): found[(tex, display)] for tex, display, _ in formulas}


@pytest.mark.parametrize(
    ("tex", "error"),
    [
        (r"\frca{a}{b}", r"Undefined control sequence \frca"),
        (r"\frac{1}{N}}", "Extra close brace or missing open brace"),
        (r"\frac{1}{N", "Missing close brace"),
        (r"\begin{aligned} a \end{align}", r"\begin{aligned} ended with \end{align}"),
    ],
)
def test_tex_error_fails_naming_the_pages_and_the_formula(tex, error):
    with pytest.raises(BuildError) as excinfo:
        pages = ["math/index.md", "startup/moe.md"]
        typeset([("x = 1", False, pages[0])] + [(tex, True, page) for page in pages])
    assert str(excinfo.value) == (
        f"math: TeX error in 'math/index.md', 'startup/moe.md': {error} in $${tex}$$"
    )


def test_formula_is_typeset_with_assistive_mathml_and_its_tex():
    found = typeset([(r"\hat{y}_n < 1 \;\&\; \boldsymbol{x}", False, "math/index.md")])
    html = next(iter(found.values()))
    assert html.startswith('<mjx-container class="MathJax" jax="CHTML"')
    assert '<mjx-math class=" MJX-TEX" aria-hidden="true">' in html
    assert "<mjx-assistive-mml" in html and "<mjx-merror" not in html
    assert html.endswith(
        r'<annotation encoding="application/x-tex">\hat{y}_n &lt; 1 \;\&amp;\; \boldsymbol{x}'
        "</annotation></semantics></math></mjx-assistive-mml></mjx-container>"
    )


def test_a_typeset_formula_is_not_typeset_again(tmp_path):
    sent, started = [], []

    class Recorder:
        def __init__(self, font_url):
            started.append(font_url)

        def add(self, tex, display, page):
            sent.append((tex, display, page))

    stage = math_hook.Formulas(DiskCache(tmp_path / "math"), typesetter=Recorder)
    typeset([("e^{i\\pi} + 1 = 0", True, "math/index.md")], stage)
    display = '<div class="arithmatex">\\[\ne^{i\\pi} + 1 = 0\n\\]</div>'
    stage.collect(display, "startup/index.md")
    assert started == [] and sent == []  # cached: no Node process at all
    inline = '<p><span class="arithmatex">\\(e^{i\\pi} + 1 = 0\\)</span></p>'
    stage.collect(display + inline, "startup/index.md")
    assert sent == [("e^{i\\pi} + 1 = 0", False, "startup/index.md")]  # inline: not typeset yet
    assert len(started) == 1


def test_typeset_formulas_are_kept_on_disk_for_the_next_build(tmp_path):
    disk = DiskCache(tmp_path / "math")
    stage = math_hook.Formulas(disk)
    stage.start("3.2.2")
    stage.collect('<span class="arithmatex">\\(a^2 + b^2 = c^2\\)</span>', "math/index.md")
    css = stage.stylesheet_of_build()
    found = stage.typeset
    assert css and found and disk.path("mathjax-full-3.2.2").is_file()
    again = math_hook.Formulas(disk)  # the next build
    again.start("3.2.2")
    assert again.typeset == found and list(again.stylesheets.values()) == [css]
    # Another MathJax version has its own file; a damaged file is ignored, not trusted.
    again.start("9.9.9")
    assert again.typeset == {}
    disk.path("mathjax-full-3.2.2").write_text("{not json", encoding="utf-8")
    damaged = math_hook.Formulas(disk)
    damaged.start("3.2.2")
    assert damaged.typeset == {} and damaged.stylesheets == {}


def test_the_stylesheet_depends_only_on_the_builds_formulas(tmp_path):
    """A build's mathjax.css is the same whether its formulas were typeset in this build or
    earlier, with other formulas (the other language's build, an earlier edit)."""
    page = '<p><span class="arithmatex">\\(\\sum_i x_i\\)</span></p>'
    other = '<div class="arithmatex">\\[\n\\mathbb{E}[\\hat{y}] \\ne \\sqrt{2}\n\\]</div>'

    def build(stage, *pages):
        stage.start("3.2.2")
        for html in pages:
            stage.collect(html, "page.md")
        return stage.stylesheet_of_build()

    cold = build(math_hook.Formulas(DiskCache(tmp_path / "cold")), page)
    warm = math_hook.Formulas(DiskCache(tmp_path / "warm"))
    both = build(warm, page, other)  # another language first: more formulas, more CSS
    assert both != cold
    assert build(warm, page) == cold  # then this build's formulas alone


FLOWCHART = "flowchart LR\n    A[Data] --> B[Model]\n"


@pytest.fixture
def fresh_diagrams(tmp_path):
    """A diagrams stage with empty caches (memory and disk) and Material's configuration."""
    stage = diagrams.Diagrams(DiskCache(tmp_path / "diagrams"))
    stage.configure()
    return stage


def draw_pages(stage, pages):
    """Feed {page: [diagram source, ...]} through the stage as a build does; return the HTML."""
    html = {
        uri: "".join(f'<pre class="mermaid"><code>{s}</code></pre>' for s in sources)
        for uri, sources in pages.items()
    }
    for uri, text in html.items():
        stage.collect(text, uri)
    stage.draw()
    return {uri: stage.replace(text, uri) for uri, text in html.items()}


@pytest.mark.slow
def test_diagram_mermaid_cannot_parse_fails_naming_the_pages_and_the_diagram(fresh_diagrams):
    broken = "flowchart TD\n    A --> --> B(("
    with pytest.raises(BuildError) as excinfo:
        draw_pages(
            fresh_diagrams, {"math/index.md": [FLOWCHART, broken], "company/team.md": [broken]}
        )
    message = str(excinfo.value)
    assert message.startswith(
        "diagrams: Mermaid error in 'math/index.md', 'company/team.md', "
        "diagram 'flowchart TD ...': Parse error on line 2:"
    ), message
    assert message.count("Mermaid error") == 1  # the good diagram was drawn and kept
    assert list(fresh_diagrams.drawn) == [FLOWCHART]


@pytest.mark.slow
def test_diagrams_are_drawn_once_with_ids_unique_on_the_page(fresh_diagrams):
    # Two flowcharts with an edge between nodes of the same names, and a sequence diagram whose
    # arrowhead marker Mermaid does not name after the diagram
    other = "flowchart TD\n    A[Start] --> B[End]\n"
    sequence = "sequenceDiagram\n    participant U as User\n    U->>M: question\n"
    page = draw_pages(fresh_diagrams, {"math/index.md": [FLOWCHART, other, sequence]})
    page = page["math/index.md"]
    assert page.count('<div class="mermaid"><template shadowrootmode="open"><svg') == 3
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and {"diagram-1", "diagram-2", "diagram-3"} <= set(ids)
    assert "L_A_B_0-diagram-1" in ids and "L_A_B_0-diagram-2" in ids
    assert 'marker-end="url(#arrowhead-diagram-3)"' in page
    assert "#diagram-3 #arrowhead-diagram-3 path{" in page  # the diagram's CSS follows
    assert diagrams.PLACEHOLDER not in page
    # Drawn once: the next build (here, the disk cache in a new process) starts no browser
    next_build = diagrams.Diagrams(
        fresh_diagrams.disk, drawer=lambda *args: pytest.fail("drew a cached diagram")
    )
    next_build.configure()
    again = draw_pages(next_build, {"math/index.md": [FLOWCHART, other, sequence]})
    again = again["math/index.md"]
    assert again == page


def test_drawing_without_a_browser_says_how_to_install_one(fresh_diagrams, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "/no/such/chromium")
    with pytest.raises(BuildError, match=r"^diagrams: no Chromium to draw with") as e:
        draw_pages(fresh_diagrams, {"math/index.md": [FLOWCHART]})
    assert "`make browser`" in str(e.value) and "$CHROMIUM" in str(e.value)


def strict_build(tmp_path, docs, settings=""):
    """Build `docs` strictly with the site's configuration (plus `settings`, YAML); return the
    finished process."""
    # A config next to mkdocs.yml, so that INHERIT and the relative paths resolve as usual
    config = ROOT / f".fault-{uuid.uuid4().hex}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {docs}\n{settings}", encoding="utf-8")
    try:
        with one_build_at_a_time():
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--strict",
                    "-f",
                    str(config),
                    "-d",
                    str(tmp_path / "site"),
                ],
                cwd=ROOT,
                env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                capture_output=True,
                text=True,
                timeout=300,
            )
    finally:
        config.unlink()


@pytest.mark.slow
def test_strict_build_fails_on_a_tex_error(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs" / "zh", docs)
    math = docs / "math" / "index.md"
    source = math.read_text(encoding="utf-8")
    math.write_text(source + "\n\n错别字：$\\frca{a}{b}$。\n", encoding="utf-8")
    done = strict_build(tmp_path, docs)
    assert done.returncode != 0
    assert (
        "math: TeX error in 'math/index.md': Undefined control sequence \\frca in $\\frca{a}{b}$"
        in done.stderr
    )


@pytest.mark.slow
def test_strict_build_fails_on_a_missing_snippet(tmp_path):
    docs = tmp_path / "docs"
    # The Chinese pages (the notebook pages need the pages that include their code) with a
    # broken home page.
    shutil.copytree(ROOT / "docs" / "zh", docs)
    (docs / "index.md").write_text(
        textwrap.dedent(
            """
            # Home { #home }

            ```python
            --8<-- "math/no_such_file.py"
            ```
            """
        ),
        encoding="utf-8",
    )
    done = strict_build(tmp_path, docs)
    assert done.returncode != 0
    assert "Snippet at path 'math/no_such_file.py' could not be found" in done.stderr


def test_link_checker_names_broken_links_and_anchors(tmp_path):
    from tests.support.links import check_site

    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="costs">Costs</h2><a href="guide/">ok</a><a href="#costs">ok</a>'
        '<a href="guide/#missing">bad anchor</a><a href="nowhere/">bad page</a>'
        '<a href="https://arxiv.org/abs/2001.08361">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "guide" / "index.html").write_text('<h1 id="guide">Guide</h1>', encoding="utf-8")
    report = check_site(tmp_path)
    assert report.broken == [
        "index.html: link 'guide/#missing' points to #missing, "
        "which guide/index.html does not have",
        "index.html: link 'nowhere/' points to a file that does not exist",
    ]
    assert report.external == {"https://arxiv.org/abs/2001.08361"}


def test_palette_rule_is_removed_once_and_a_changed_theme_stops_the_build(tmp_path):
    css = tmp_path / "palette.abc.min.css"
    css.write_text(f"a{{color:red}}{palette.RULE}b{{color:blue}}", encoding="utf-8")
    palette.strip_rule(css)
    assert css.read_text(encoding="utf-8") == f"a{{color:red}}{palette.MARK}b{{color:blue}}"
    palette.strip_rule(css)  # a dirty rebuild finds the file already done
    assert css.read_text(encoding="utf-8") == f"a{{color:red}}{palette.MARK}b{{color:blue}}"
    css.write_text("[data-md-color-switching] *{transition:none}", encoding="utf-8")
    with pytest.raises(BuildError) as excinfo:
        palette.strip_rule(css)
    assert str(excinfo.value) == (
        "sitebuild/palette.py: palette.abc.min.css no longer holds Material's "
        "[data-md-color-switching] rule as expected; check what the palette switch costs "
        "a page load with this Material version and update or remove the stage."
    )


def broken_words(tmp_path, drop: str, lang: str = "en"):
    """A copy of sitebuild/words.yml whose `lang` entry lacks the key `drop`."""
    entries = yaml.safe_load(words_module.WORDS_FILE.read_text(encoding="utf-8"))
    del entries[lang][drop]
    path = tmp_path / "words.yml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def test_a_word_missing_in_one_language_stops_the_build_naming_language_and_key(tmp_path):
    path = broken_words(tmp_path, "pdf_download")
    for lang in ("zh", "en"):  # either language's build stops: the file is checked whole
        with pytest.raises(BuildError) as excinfo:
            words_module.words(lang, path)
        assert str(excinfo.value) == (
            f"words: language 'en' has no word for 'pdf_download' in {path} ('zh' has one); "
            "add 'pdf_download:' to its 'en:' entry"
        )
    # a key no language has (a misspelt name in the theme or the build)
    with pytest.raises(BuildError, match="^words: language 'zh' has no word for 'serch' in "):
        words_module.words("zh")["serch"]
    # a format asking for a field the build does not fill
    with pytest.raises(BuildError, match="uses the field 'weekday', which the build does not"):
        words_module.Words("en", {"date": "{weekday} {day}"}).fill("date", day=1)


def test_the_pdf_script_stops_before_printing_when_a_word_is_missing(tmp_path, monkeypatch, capsys):
    from scripts import build_pdf

    path = broken_words(tmp_path, "pdf_contents", lang="zh")
    monkeypatch.setattr(build_pdf, "words", lambda lang: words_module.words(lang, path))
    assert build_pdf.main(["--site", str(tmp_path), "--lang", "en"]) == 1
    assert capsys.readouterr().err == (
        f"build_pdf: words: language 'zh' has no word for 'pdf_contents' in {path} "
        "('en' has one); add 'pdf_contents:' to its 'zh:' entry\n"
    )


def test_a_language_without_words_stops_the_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Accueil { #home }\n", encoding="utf-8")
    done = strict_build(tmp_path, docs, "theme:\n  language: fr\n")
    assert done.returncode != 0
    assert (
        "words: sitebuild/words.yml has no words for language 'fr'; add a 'fr:' entry with "
        "the keys of the others" in done.stderr
    ), done.stderr
