"""A diagram not attached, in fixed colours or with unselectable labels, a formula left untypeset
or drawn as an error, a CDN script, a page wider than a phone or text that loses its contrast
in the dark scheme is reported by the browser checks, naming the page and the problem. Each
fault is planted in a copy of a built page of the math chapter: its first page (a diagram) or
the mean squared error (formulas), kept at the same depth so that their links to the site's
assets still resolve.
(A TeX error or a diagram Mermaid cannot parse fails the build itself: see
test_build_faults.py.)"""

import html
import re
import shutil

import pytest

from sitebuild.formulas import FORMULA
from tests.support import browser as B

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket]

MSE = r"\mathrm{MSE} = \frac{1}{N} \sum_{n=1}^{N} \left(\hat{y}_n - y_n\right)^2"


@pytest.fixture(scope="module")
def faulty_site(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("faulty") / "site"
    shutil.copytree(built_site.root, root, ignore=shutil.ignore_patterns("en"))
    math = (root / "math" / "index.html").read_text(encoding="utf-8")
    mse_page = (root / "math" / "mse" / "index.html").read_text(encoding="utf-8")

    def plant(name, page):
        assert page not in (math, mse_page), f"fault {name} was not planted"
        (root / name).mkdir()
        (root / name / "index.html").write_text(page, encoding="utf-8")

    # The math chapter's diagram, drawn at build time. (A diagram Mermaid cannot parse fails the
    # build itself: see test_build_faults.py.)
    shadow = '<template shadowrootmode="open">'
    plant("diagram-not-attached", math.replace(shadow, "<template>", 1))
    plant(
        "diagram-fixed-colours",
        math.replace("fill:var(--md-mermaid-node-bg-color)", "fill:#ECECFF"),
    )
    plant(
        "diagram-unselectable",
        math.replace("<style>", "<style>#diagram-1 .nodeLabel{user-select:none}", 1),
    )
    # The display formula for the mean squared error, as the build typeset it
    mse = next(
        m for m in FORMULA.finditer(mse_page) if m["tag"] == "div" and r"\mathrm{MSE}" in m["body"]
    )
    tex = html.unescape(re.search(r'x-tex">(.*?)</annotation>', mse["body"], re.DOTALL)[1])
    raw = f'<div class="arithmatex">\\[\n{html.escape(tex, quote=False)}\n\\]</div>'
    plant("math/not-typeset", mse_page.replace(mse[0], raw, 1))
    error = (
        '<mjx-merror data-mjx-error="Extra close brace or missing open brace">'
        '<mjx-mtext class="mjx-n"><mjx-c class="mjx-c45"></mjx-c></mjx-mtext></mjx-merror>'
    )
    glyphs = re.compile(r"(<mjx-math[^>]*>).*?(</mjx-math>)", re.DOTALL)
    tex_error = glyphs.sub(rf"\1{error}\2", mse[0], count=1)
    plant("math/tex-error", mse_page.replace(mse[0], tex_error, 1))
    plant("math/no-glyphs", mse_page.replace(mse[0], glyphs.sub(r"\1\2", mse[0], count=1), 1))
    plant(
        "cdn-script",
        math.replace(
            "</head>",
            '<script src="https://cdn.jsdelivr.net/npm/lodash@4/lodash.min.js"></script></head>',
            1,
        ),
    )
    plant(
        "too-wide",
        math.replace(
            '<article class="md-content__inner md-typeset">',
            '<article class="md-content__inner md-typeset"><div style="width: 1000px">wide</div>',
            1,
        ),
    )
    # Text that reads in the light scheme and almost vanishes in the dark one
    plant(
        "dark-low-contrast",
        math.replace(
            "</head>",
            "<style>[data-md-color-scheme=slate] .md-typeset p{color:#2a2a3a}</style></head>",
            1,
        ),
    )
    with B.StaticServer(root) as server:
        yield server


def problems_on(browser, server, name, check):
    """Open the planted page and return what `check` (or the network record) reports."""
    context = B.new_context(browser, server.origin)
    try:
        page, visit = B.visit(context, f"{server.origin}/{name}/", server.origin)
        return visit.network_problems() if check is None else check(page, f"/{name}/")
    finally:
        context.close()


def test_diagram_whose_shadow_root_is_not_attached_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "diagram-not-attached", B.mermaid_problems)
    assert problems == ["/diagram-not-attached/: diagram 1 was not rendered"]


def test_diagram_in_fixed_colours_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "diagram-fixed-colours", B.mermaid_problems)
    assert problems == [
        "/diagram-fixed-colours/: diagram 1: boxes are rgb(236, 236, 255), "
        "not the scheme's --md-mermaid-node-bg-color"
    ]


def test_diagram_with_unselectable_labels_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "diagram-unselectable", B.mermaid_problems)
    assert len(problems) == 1
    assert problems[0].startswith("/diagram-unselectable/: diagram 1: label ")
    assert problems[0].endswith(" cannot be selected")


def test_formula_left_as_tex_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "math/not-typeset", B.math_problems)
    assert problems[0] == "/math/not-typeset/: formula not typeset: " + f"\\[\n{MSE}\n\\]"[:80]
    assert any(p.startswith("/math/not-typeset/: raw TeX left in the page: \\[") for p in problems)


def test_tex_error_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "math/tex-error", B.math_problems)
    assert problems == [
        '/math/tex-error/: MathJax error "Extra close brace or missing open brace" in ' + MSE
    ]


def test_formula_without_glyphs_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "math/no-glyphs", B.math_problems)
    assert problems == ["/math/no-glyphs/: formula has no glyphs: " + MSE]


def test_script_from_a_cdn_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "cdn-script", None)
    url = "https://cdn.jsdelivr.net/npm/lodash@4/lodash.min.js"
    # Where the page carries the site's policy (sitebuild/csp.py) the browser refuses the script
    # before any request: the refusal is the console error the visit reports.
    reported = [p for p in problems if url in p]
    kinds = ("/cdn-script/: request to another host:", "/cdn-script/: console error:")
    assert reported and all(p.startswith(kinds) for p in reported), problems


def test_page_wider_than_a_phone_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "too-wide", B.phone_problems)
    assert len(problems) == 1
    assert re.fullmatch(r"/too-wide/ scrolls sideways by \d+px on a phone", problems[0])


def test_text_without_contrast_in_the_dark_scheme_is_reported(browser, faulty_site):
    def contrast(page, name):
        return B.axe_problems(page, name, rules=("color-contrast",))

    assert problems_on(browser, faulty_site, "dark-low-contrast", contrast) == []  # light scheme
    context = B.new_context(browser, faulty_site.origin, color_scheme="dark")
    try:
        page, _ = B.visit(context, f"{faulty_site.origin}/dark-low-contrast/", faulty_site.origin)
        problems = contrast(page, "/dark-low-contrast/")
    finally:
        context.close()
    assert len(problems) == 1
    assert problems[0].startswith(
        "/dark-low-contrast/: serious accessibility violation color-contrast: "
    )


def test_an_unknown_axe_rule_is_an_error_not_a_pass(browser, server):
    context = B.new_context(browser, server.origin)
    try:
        page, _ = B.visit(context, f"{server.origin}/math/", server.origin)
        with pytest.raises(Exception, match="unknown-rule"):
            B.axe_problems(page, "/math/", rules=("unknown-rule",))
    finally:
        context.close()


def test_the_unbroken_page_passes_the_same_checks(browser, server):
    context = B.new_context(browser, server.origin)
    try:
        for path in ("/math/", "/math/mse/"):
            page, visit = B.visit(context, f"{server.origin}{path}", server.origin)
            assert visit.network_problems() == []
            assert B.mermaid_problems(page, path) == []
            assert B.math_problems(page, path) == []
            assert B.phone_problems(page, path) == []
    finally:
        context.close()
