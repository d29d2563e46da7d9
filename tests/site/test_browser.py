"""Every page, in both languages, works in headless Chromium against the built site."""

import json
import os
from pathlib import Path

import pytest

from sitebuild.languages import LANGUAGES
from tests.support import browser as B
from tests.support.site import site_paths

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket]

PAGES = [(lang, path) for lang in LANGUAGES for path in site_paths()]
IDS = [f"{lang}:/{path}" for lang, path in PAGES]
# One page of each kind (home, formulas, diagrams, executed and unexecuted notebooks, content
# tabs with figures, long tables, generated API): the checks that depend on the theme and not
# on a page's own content run on these. Every page gets the full light-scheme and phone-width
# checks, and the built HTML of every page is checked for its language link (test_build.py).
KINDS = [
    "",
    "math/cross-entropy/",
    "math/gradient_check/",
    "company/users/",
    "practice/digits/",
    "practice/digits_cnn_torch/",
    "startup/",
    "resources/faq/",
    "reference/api/",
]
SAMPLE = [(lang, path) for lang in LANGUAGES for path in KINDS]
SAMPLE_IDS = [f"{lang}:/{path}" for lang, path in SAMPLE]


def url(server, lang, path):
    return f"{server.origin}/{'en/' if lang == 'en' else ''}{path}"


def test_built_site_has_exactly_the_pages_under_test(built_site):
    for lang in LANGUAGES:
        built = {rel[: -len("index.html")] for rel in built_site.pages(lang)}
        assert built == set(site_paths())


@pytest.mark.parametrize(("lang", "path"), PAGES, ids=IDS)
def test_page_renders_without_errors(browser, server, lang, path):
    context = B.new_context(browser, server.origin)
    try:
        page, visit = B.visit(context, url(server, lang, path), server.origin)
        name = visit.name
        problems = (
            visit.network_problems()
            + B.csp_problems(page, name)
            + B.math_problems(page, name)
            + B.mermaid_problems(page, name)
            # axe first: the "copied" toast that the copy check raises fades in and out, and
            # axe would measure it half-transparent. The colour-contrast rule, over half of
            # axe's time, runs on the Chinese pages: the English ones have the same structure
            # (test_pages checks it) and the same stylesheet, so the same colours.
            + B.axe_problems(page, name, skip=("color-contrast",) if lang == "en" else ())
            + B.copy_button_problems(page, name)
        )
        # Formulas come typeset and diagrams drawn: no page loads MathJax's script or Mermaid,
        # and only pages with a formula load its CSS (and fonts).
        has_math = page.locator(".arithmatex").count() > 0
        assert not any("mathjax" in r.lower() and r.endswith(".js") for r in visit.requests), name
        css = any(r.endswith("/assets/stylesheets/mathjax.css") for r in visit.requests)
        assert css == has_math, name
        if not has_math:
            assert not any("/vendor/mathjax-fonts/" in r for r in visit.requests), name
        assert not any("mermaid" in r for r in visit.requests), name
        # The search index waits until the reader reaches for search (search-on-demand.js)
        assert not any("search_index" in r for r in visit.requests), name
        # Last, as it narrows the window: the same page at phone width. (A page loaded in an
        # emulated phone, touch and mobile viewport included, is checked for each kind of page
        # in test_phone_viewport: loading every page twice was a fifth of the test time.)
        problems += B.phone_problems(page, name)
    finally:
        context.close()
    assert problems == []


def test_the_sample_of_page_kinds_exists():
    assert set(KINDS) <= set(site_paths())


@pytest.mark.parametrize(("lang", "path"), SAMPLE, ids=SAMPLE_IDS)
def test_dark_scheme_and_language_switch(browser, server, lang, path):
    """In the dark scheme the page's colours pass axe's contrast check and its diagrams take
    the dark colours; then the language switch lands on the same page in the other language.
    (One visit for both: each page load costs the suite seconds of CPU. Only the contrast rule
    runs here, and on the Chinese pages only: the scheme changes colours, not the document,
    every other rule ran on the same document in test_page_renders_without_errors, and the
    English pages share the Chinese ones' structure and stylesheet.)"""
    other = next(each for each in LANGUAGES if each != lang)
    context = B.new_context(browser, server.origin, color_scheme="dark")
    try:
        page, visit = B.visit(context, url(server, lang, path), server.origin)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        contrast = (
            B.axe_problems(page, visit.name, rules=("color-contrast",)) if lang == "zh" else []
        )
        assert contrast + B.mermaid_problems(page, visit.name) == []
        page.locator(".md-header .md-select").hover()
        # Wait for the document request itself: navigation.tracking rewrites the URL's
        # fragment with the History API while a page settles, and Playwright reports such a
        # same-document change as a navigation without a response.
        with page.expect_response(
            lambda r: r.request.is_navigation_request() and r.frame == page.main_frame
        ) as nav:
            page.locator(f'a.md-select__link[hreflang="{other}"]').click()
        response = nav.value
        assert response.ok, f"switch from /{path} gave {response.status} for {response.url}"
        assert response.url == url(server, other, path)
        page.wait_for_load_state("load")
        assert page.url.split("#")[0] == url(server, other, path)
        assert page.evaluate("document.documentElement.lang") == other
    finally:
        context.close()


def test_framework_tab_choice_follows_the_reader(browser, server):
    context = B.new_context(browser, server.origin)
    try:
        page, _ = B.visit(context, url(server, "zh", "math/cross-entropy/"), server.origin)
        page.locator(".tabbed-set .tabbed-labels label", has_text="TensorFlow").first.click()

        def selected(p):
            return p.evaluate(
                """() => [...document.querySelectorAll('.tabbed-set')].map(set => {
                    const input = set.querySelector(':scope > input:checked');
                    return set.querySelector(`label[for="${input.id}"]`).textContent.trim();
                })"""
            )

        assert set(selected(page)) == {"TensorFlow"}  # linked: every tab set on the page
        page.locator(".md-nav a", has_text="参与贡献").first.click()
        page.wait_for_load_state("load")
        page.go_back()
        page.wait_for_load_state("load")
        assert set(selected(page)) == {"TensorFlow"}  # and remembered across pages
        fresh, _ = B.visit(context, url(server, "zh", "math/cross-entropy/"), server.origin)
        assert set(selected(fresh)) == {"TensorFlow"}
    finally:
        context.close()


@pytest.mark.parametrize(
    ("lang", "query", "how", "found"),
    [
        ("zh", "交叉熵", "click", "math/cross-entropy/"),
        ("zh", "反向传播", "key", "math/backprop/"),
        ("en", "cross-entropy", "key", "math/cross-entropy/"),
        ("en", "softmax", "phone", "math/forward/"),
    ],
)
def test_search_finds_the_math_page(browser, server, lang, query, how, found):
    """The index is requested only when the reader reaches for search: clicking the field,
    pressing Material's search key, or tapping the search button on a phone."""
    phone = {"viewport": B.PHONE, "is_mobile": True, "has_touch": True} if how == "phone" else {}
    context = B.new_context(browser, server.origin, **phone)
    try:
        page, visit = B.visit(context, url(server, lang, ""), server.origin)
        assert not any("search_index" in r for r in visit.requests)
        if how == "click":
            page.locator(".md-search__input").click()
        elif how == "key":
            page.keyboard.press("s")
        else:
            page.locator("label[for='__search']").first.tap()
        page.locator(".md-search__input").fill(query)
        page.keyboard.press("End")  # Material searches on key events; an IME ends with one too
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=15000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert any(found in href for href in hrefs), f"{query!r} found {hrefs}"
        assert sum("search_index" in r for r in visit.requests) == 1
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "path"), SAMPLE, ids=SAMPLE_IDS)
def test_phone_viewport(browser, server, lang, path):
    # Loaded in an emulated phone (mobile viewport, touch); every page is also checked at phone
    # width by test_page_renders_without_errors.
    context = B.new_context(
        browser, server.origin, viewport=B.PHONE, is_mobile=True, has_touch=True
    )
    try:
        page, visit = B.visit(context, url(server, lang, path), server.origin)
        assert B.phone_problems(page, visit.name) == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["", "math/cross-entropy/"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots(browser, server, lang, path, device):
    """Written to test-results/screenshots/ for a person to look at."""
    options = {"viewport": B.PHONE, "is_mobile": True} if device == "phone" else {}
    context = B.new_context(browser, server.origin, **options)
    try:
        page, _ = B.visit(context, url(server, lang, path), server.origin)
        B.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = f"{lang}-{path.strip('/').replace('/', '-') or 'home'}-{device}.png"
        page.screenshot(path=B.SCREENSHOTS / name, full_page=(device == "desktop"))
        assert (B.SCREENSHOTS / name).stat().st_size > 10_000
    finally:
        context.close()


def test_page_weight(browser, server):
    """Requests and bytes on first load; the numbers are printed and written for the benchmark."""
    weights = {}
    for path in ["about/contributing/", "math/cross-entropy/", "math/gradient_check/"]:
        context = B.new_context(browser, server.origin)
        try:
            _, visit = B.visit(context, url(server, "zh", path), server.origin)
        finally:
            context.close()
        weights[path] = {"requests": len(visit.requests), "bytes": sum(visit.bytes_by_url.values())}
    B.SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (B.SCREENSHOTS.parent / "page-weight.json").write_text(json.dumps(weights, indent=2))
    print("\nfirst load (uncompressed):", json.dumps(weights))
    plain = weights["about/contributing/"]
    assert plain["requests"] <= 15 and plain["bytes"] < 600_000


def source_formulas(lang: str, src: str) -> list[tuple[str, bool]]:
    """The (TeX, display) of each formula of a page, as arithmatex reads its Markdown source."""
    import markdown
    from mkdocs.config import load_config

    from sitebuild.formulas import formulas
    from tests.support.site import CONFIGS, ROOT

    config = load_config(str(CONFIGS[lang]))
    renderer = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)  # the snippets' base path is relative
        text = renderer.convert((Path(config.docs_dir) / src).read_text(encoding="utf-8"))
    finally:
        os.chdir(cwd)
    return formulas(text)


# The math chapter's Markdown pages (its first page has a diagram and no formulas)
MATH_PAGES = sorted(
    p.stem
    for p in (Path(__file__).parents[2] / "docs" / "en" / "math").glob("*.md")
    if p.stem != "index"
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_formulas_are_drawn_and_keep_their_tex(browser, server, lang):
    context = B.new_context(browser, server.origin)
    try:
        total = 0
        for name in MATH_PAGES:
            expected = source_formulas(lang, f"math/{name}.md")
            page, visit = B.visit(context, url(server, lang, f"math/{name}/"), server.origin)
            total += formulas_keep_their_tex(page, visit.name, expected)
        assert total > 100  # every formula of the math chapter
        selected_formulas_copy_as_tex(page)
    finally:
        context.close()


def formulas_keep_their_tex(page, name, expected) -> int:
    """Every formula of the page is drawn, with its TeX as the Markdown source has it."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('.arithmatex')].map(el => {
            const box = el.querySelector('mjx-container > mjx-math')?.getBoundingClientRect();
            return {
              tex: el.querySelector('annotation[encoding="application/x-tex"]')?.textContent,
              display: el.querySelector('mjx-container')?.getAttribute('display') === 'true',
              glyphs: el.querySelectorAll('mjx-container > mjx-math mjx-c').length,
              drawn: box ? box.width * box.height : 0,
            };
        })"""
    )
    assert expected, f"{name} has no formulas in its source"
    assert [(f["tex"], f["display"]) for f in found] == expected, name
    assert all(f["glyphs"] > 0 and f["drawn"] > 0 for f in found), name
    assert page.locator("mjx-merror").count() == 0, name
    fonts = page.evaluate(
        """() => [...document.fonts]
            .filter(f => f.family.startsWith('MJX') && f.status === 'loaded')
            .map(f => f.family)"""
    )
    assert "MJXTEX" in fonts and "MJXTEX-I" in fonts, (name, fonts)
    return len(found)


def selected_formulas_copy_as_tex(page) -> None:
    """Selecting a paragraph with formulas and copying it gives their TeX."""
    paragraph = page.locator(".md-content p:has(span.arithmatex)").first
    paragraph.scroll_into_view_if_needed()
    paragraph.evaluate(
        """p => {
            const range = document.createRange();
            range.selectNodeContents(p);
            document.getSelection().removeAllRanges();
            document.getSelection().addRange(range);
        }"""
    )
    page.keyboard.press("Control+C")
    copied = ""
    for _ in range(20):  # the clipboard is asynchronous: give it up to 2 s
        copied = page.evaluate("() => navigator.clipboard.readText()")
        if copied:
            break
        page.wait_for_timeout(100)
    # ... the paragraph's text with each formula as $TeX$
    expected_text = paragraph.evaluate(
        """p => {
            const copy = p.cloneNode(true);
            copy.querySelectorAll('span.arithmatex').forEach(el => el.replaceWith(
              '$' + el.querySelector('annotation').textContent + '$'));
            return copy.textContent;
        }"""
    )
    assert "$" in expected_text and copied.strip() == expected_text.strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_policy_blocks_a_script_injected_into_a_page(browser, server, lang):
    context = B.new_context(browser, server.origin)
    try:
        page, visit = B.visit(context, url(server, lang, ""), server.origin)
        assert B.csp_problems(page, visit.name) == []
        # what an injection would add: an inline script, and a script from another origin
        page.evaluate(
            """() => {
                const inline = document.createElement("script");
                inline.textContent = "window.__injected = true";
                document.body.append(inline);
                const data = document.createElement("script");
                data.src = "data:text/javascript,window.__injectedData=true";
                document.body.append(data);
            }"""
        )
        page.wait_for_timeout(200)
        assert page.evaluate("window.__injected === undefined && !window.__injectedData")
        blocked = B.csp_problems(page, visit.name)
        assert len(blocked) == 2 and all("script-src-elem blocked" in b for b in blocked), blocked
        assert any("blocked inline" in b for b in blocked) and any(
            "blocked data" in b for b in blocked
        )
    finally:
        context.close()
