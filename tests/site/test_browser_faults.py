"""A broken diagram, malformed TeX or a CDN script is reported by the browser checks,
naming the page and the problem. Each fault is planted in a copy of the built math page."""

import re
import shutil

import pytest

from tests.support import browser as B

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket]


@pytest.fixture(scope="module")
def faulty_site(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("faulty") / "site"
    shutil.copytree(built_site.root, root, ignore=shutil.ignore_patterns("en"))
    math = (root / "math" / "index.html").read_text(encoding="utf-8")

    def plant(name, html):
        assert html != math, f"fault {name} was not planted"
        (root / name).mkdir()
        (root / name / "index.html").write_text(html, encoding="utf-8")

    plant(
        "broken-diagram",
        re.sub(r'(<pre class="mermaid"><code>)flowchart TD', r"\1flowchart TD\n    A --> --> B((", math, count=1),
    )
    plant("broken-tex", math.replace(r"\frac{1}{N}", r"\frac{1}{N", 1))
    plant("tex-error", math.replace(r"\frac{1}{N}", r"\frac{1}{N}}", 1))
    plant(
        "cdn-script",
        math.replace(
            "</head>", '<script src="https://cdn.jsdelivr.net/npm/lodash@4/lodash.min.js"></script></head>', 1
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


def test_broken_mermaid_diagram_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "broken-diagram", B.mermaid_problems)
    assert problems and problems[0].startswith("/broken-diagram/: diagram 1 ")


def test_malformed_tex_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "broken-tex", B.math_problems)
    # An unbalanced brace swallows the closing \\]: MathJax leaves the formula as raw TeX
    assert "/broken-tex/: formula not typeset: \\[\n\\mathrm{MSE} = \\frac{1}{N \\sum" in problems[0]


def test_tex_error_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "tex-error", B.math_problems)
    assert problems[0].startswith('/tex-error/: MathJax error "Extra close brace or missing open brace"')


def test_script_from_a_cdn_is_reported(browser, faulty_site):
    problems = problems_on(browser, faulty_site, "cdn-script", None)
    assert (
        "/cdn-script/: request to another host: https://cdn.jsdelivr.net/npm/lodash@4/lodash.min.js"
        in problems
    )


def test_the_unbroken_page_passes_the_same_checks(browser, server):
    context = B.new_context(browser, server.origin)
    try:
        page, visit = B.visit(context, f"{server.origin}/math/", server.origin)
        assert visit.network_problems() == []
        assert B.mermaid_problems(page, "/math/") == []
        assert B.math_problems(page, "/math/") == []
    finally:
        context.close()
