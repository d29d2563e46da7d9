"""The checks the browser tests make on a page of the built site, visited in headless Chromium
(sitebuild/visit.py).

Each check returns messages that name the page and the problem, so the same code serves the
real pages and the fault tests.
"""

from pathlib import Path

# The visit and the server are the site's (sitebuild/visit.py, sitebuild/serve.py); re-exported
# (`x as x`) for the tests that reach them through this module
from sitebuild.serve import StaticServer as StaticServer
from sitebuild.visit import DESKTOP as DESKTOP
from sitebuild.visit import PHONE
from sitebuild.visit import Visit as Visit
from sitebuild.visit import new_context as new_context
from sitebuild.visit import visit as visit
from sitebuild.visit import wait_until as wait_until

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"


def csp_problems(page, name: str) -> list[str]:
    """What the page's Content-Security-Policy blocked since it loaded (as recorded by
    RECORD_CSP, which `new_context` adds)."""
    found = page.evaluate("window.__cspViolations || []")
    return [f"{name}: Content-Security-Policy: {v}" for v in found]


def math_problems(page, name: str) -> list[str]:
    """Every formula typeset (at build time, by MathJax), with no error node and no raw TeX left."""
    return page.evaluate(
        """(name) => {
        const out = [];
        const tex_of = el => el.querySelector('annotation[encoding="application/x-tex"]')
                             ?.textContent || el.textContent;
        document.querySelectorAll('.arithmatex').forEach(el => {
          if (!el.querySelector('mjx-container'))
            out.push(`${name}: formula not typeset: ${el.textContent.trim().slice(0, 80)}`);
          else if (!el.querySelector('mjx-container > mjx-math mjx-c'))
            out.push(`${name}: formula has no glyphs: ${tex_of(el).slice(0, 80)}`);
        });
        document.querySelectorAll('mjx-merror').forEach(el => {
          const tex = tex_of(el.closest('mjx-container') || el);
          const error = el.getAttribute('data-mjx-error');
          out.push(`${name}: MathJax error "${error}" in ${tex.slice(0, 80)}`);
        });
        const content = document.querySelector('.md-content') || document.body;
        const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const node = walker.currentNode;
          const skip = 'pre, code, script, style, mjx-container, .jupyter-wrapper';
          if (node.parentElement.closest(skip)) continue;
          const text = node.textContent;
          if (text.includes('$$') || text.includes('\\\\(') || text.includes('\\\\['))
            out.push(`${name}: raw TeX left in the page: ${text.trim().slice(0, 80)}`);
        }
        return out;
    }""",
        name,
    )


def mermaid_problems(page, name: str) -> list[str]:
    """Every diagram drawn as an SVG with no error text, its boxes in the colours of the page's
    scheme (Material's `--md-mermaid-*` variables) and its labels selectable text."""
    return page.evaluate(
        """(name) => {
        const out = [];
        const probe = document.createElement('span');
        document.body.append(probe);
        const resolve = (host, variable) => {  // a colour variable as the browser computes it
          probe.style.color = getComputedStyle(host).getPropertyValue(variable).trim();
          return getComputedStyle(probe).color;
        };
        document.querySelectorAll('pre.mermaid, div.mermaid').forEach((el, i) => {
          const where = `${name}: diagram ${i + 1}`;
          const svg = el.shadowRoot && el.shadowRoot.querySelector('svg');
          if (!svg) { out.push(`${where} was not rendered`); return; }
          const text = svg.textContent || '';
          const failed = svg.getAttribute('aria-roledescription') === 'error';
          if (failed || /Syntax error|Parse error/i.test(text)) {
            out.push(`${where} shows an error: ${text.trim().slice(0, 80)}`);
            return;
          }
          if (svg.getBoundingClientRect().height < 20) out.push(`${where} has no height`);
          const [box, variable] = svg.querySelector('.node rect')
            ? [svg.querySelector('.node rect'), '--md-mermaid-node-bg-color']
            : [svg.querySelector('rect.actor'), '--md-mermaid-sequence-actor-bg-color'];
          const fill = box && getComputedStyle(box).fill;
          if (!box || fill !== resolve(el, variable))
            out.push(`${where}: boxes are ${fill}, not the scheme's ${variable}`);
          const label = svg.querySelector('.nodeLabel, text.actor');
          const range = document.createRange();
          range.selectNodeContents(label);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          const bare = (text) => text.replace(/\\s+/g, '');  // a <br> selects as a newline
          const selected = bare(selection.toString());
          selection.removeAllRanges();
          if (!selected || selected !== bare(label.textContent)
              || getComputedStyle(label).userSelect === 'none')
            out.push(`${where}: label "${label.textContent.trim()}" cannot be selected`);
        });
        probe.remove();
        return out;
    }""",
        name,
    )


def phone_problems(page, name: str) -> list[str]:
    """At phone width (the page is resized if it is wider), nothing scrolls sideways and the
    menu button opens the navigation drawer. Run it last: it changes the viewport."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if page.viewport_size != PHONE:
        page.set_viewport_size(PHONE)
        wait_until(page, f"() => window.innerWidth === {PHONE['width']}")
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{name} scrolls sideways by {overflow}px on a phone")
    page.locator("label.md-header__button[for='__drawer']").click()
    try:
        page.locator(".md-nav--primary .md-nav__link", has_text="API").first.wait_for(
            state="visible", timeout=5000
        )
    except PlaywrightTimeout:
        problems.append(f"{name}: the menu button did not open the navigation drawer on a phone")
    return problems


def copy_button_problems(page, name: str) -> list[str]:
    """Every code block has a copy button, and the first visible one copies its block's text."""
    blocks = page.locator(".md-content pre:has(> code)")
    count = blocks.count()
    with_button = page.locator(
        '.md-content pre:has(> code):has(button[data-md-type="copy"])'
    ).count()
    problems = []
    if with_button != count:
        problems.append(f"{name}: {count - with_button} of {count} code blocks have no copy button")
    visible = page.locator('.md-content pre:has(> code):has(button[data-md-type="copy"]):visible')
    if visible.count():
        block = visible.first
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator('button[data-md-type="copy"]').click()
        expected = block.locator("> code").evaluate("e => e.textContent").strip()
        copied = ""
        for _ in range(20):  # the copy is asynchronous: give it up to 2 s
            copied = page.evaluate("() => navigator.clipboard.readText()")
            if copied.strip() == expected:
                break
            page.wait_for_timeout(100)
        if copied.strip() != expected:
            problems.append(f"{name}: the copy button copied {copied[:60]!r}, not the code block")
    return problems


def axe_problems(
    page, name: str, rules: tuple[str, ...] = (), skip: tuple[str, ...] = ()
) -> list[str]:
    """axe-core's serious and critical accessibility violations: every rule but `skip`, or
    only `rules`.

    Only violations are collected (axe's `resultTypes`): the passes' details are never read,
    and collecting them costs about a quarter of the run on a large page.
    """
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    results = Axe().run(page, options=options)
    return [
        f"{name}: {v['impact']} accessibility violation {v['id']}: {v['help']} "
        f"({len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
