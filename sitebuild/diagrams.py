"""Draw every Mermaid diagram at build time: pages ship SVG, not the 2.6 MB Mermaid script.

pymdownx.superfences turns a ```mermaid fence into `<pre class="mermaid"><code>...</code></pre>`.
As each page's content is rendered, this stage collects the diagrams it has not drawn before.
Before the pages are written, it draws them all in one headless Chromium (Mermaid from
node_modules, with the configuration Material for MkDocs gives it in the browser, read from
Material's own bundle), and a diagram Mermaid cannot parse stops the build, naming the page
and the diagram. Each `<pre class="mermaid">` is then replaced by

    <div class="mermaid"><template shadowrootmode="open"><svg id="diagram-N">...</svg>
    </template></div>

the same shadow root Material's script would have built, declared in the HTML: the page's CSS
cannot reach into the diagram, the diagram's CSS cannot leak out, its colours are Material's
`--md-mermaid-*` variables (so light and dark schemes both work) and its labels are text a
reader can select and search. Ids are unique on a page (diagram-1, diagram-2, ...).

Text is measured with the fonts of the machine that builds: Chromium maps the site's system
font stack (Helvetica, Arial) to Liberation Sans, which has Arial's metrics.

Drawn diagrams are kept in memory (`mkdocs serve` rebuilds) and in .cache/diagrams/ (the other
language's build, later builds), keyed by the diagram source, the Mermaid version and
Material's configuration: a build whose diagrams are all cached starts no browser.
"""

import hashlib
import html
import json
import re
from pathlib import Path

from sitebuild.browser import NoChromium, in_chromium
from sitebuild.build import BuildError, PageRef, Site, SiteFile, add_to_body, relative_url
from sitebuild.cache import DiskCache, under_cache

ROOT = Path(__file__).resolve().parent.parent
MERMAID = ROOT / "node_modules" / "mermaid"
PLACEHOLDER = "DIAGRAM_ID"
SHADOW_ROOT_SCRIPT = "assets/javascripts/shadow-root.js"
FENCE = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.DOTALL)


def material_setup() -> tuple[dict, str]:
    """Material's `mermaid.initialize` options and its stylesheet, read from its installed files.

    The options come from Material's JavaScript bundle (its theme CSS maps Mermaid's colours to
    `--md-mermaid-*` variables); the stylesheet defines those variables and the fonts.
    """
    import material

    assets = Path(material.__file__).parent / "templates" / "assets"
    bundle = next((assets / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    call = re.search(
        r"mermaid\.initialize\(\{startOnLoad:!1,themeCSS:(\w+),sequence:(\{[^}]*\})", bundle
    )
    theme = call and re.search(rf'\b{call[1]}=("(?:[^"\\]|\\.)*")', bundle)
    if not theme:
        raise BuildError(
            "diagrams: could not find Mermaid's options in Material's bundle; "
            "this Material version draws diagrams differently, update sitebuild/diagrams.py"
        )
    sequence = json.loads(re.sub(r"(\w+):", r'"\1":', call[2]))
    options = {"startOnLoad": False, "themeCSS": json.loads(theme[1]), "sequence": sequence}
    css = "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted((assets / "stylesheets").glob("*.min.css"))
    )
    return options, css


def cache_key(options: dict) -> str:
    version = json.loads((MERMAID / "package.json").read_text(encoding="utf-8"))["version"]
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:12]
    return f"mermaid-{version}-{digest}"


def draw(sources: list[str], options: dict, css: str) -> dict[str, str]:
    """Draw each source in one browser: {source: SVG} or {source: "error: ..."}."""

    def task(page) -> dict[str, str]:
        results = {}
        page.set_content('<!doctype html><html><body class="md-typeset"></body></html>')
        page.add_style_tag(content=css)
        page.add_script_tag(path=str(MERMAID / "dist" / "mermaid.min.js"))
        page.evaluate("(options) => mermaid.initialize(options)", options)
        for source in sources:
            results[source] = page.evaluate(
                """async ([id, text]) => {
                  try { return (await mermaid.render(id, text)).svg; }
                  catch (error) {
                    document.getElementById('d' + id)?.remove();
                    return 'error: ' + (error.message || String(error));
                  }
                }""",
                [PLACEHOLDER, source],
            )
        return results

    try:
        return in_chromium(task, "diagrams")
    except NoChromium as error:
        raise BuildError(str(error)) from None


def scope_ids(svg: str) -> str:
    """Make every id in a drawn diagram unique on its page.

    Mermaid prefixes some ids with the diagram's (its markers), but not all: two flowcharts
    with an edge between nodes of the same names both have `L_A_B_0`, and a sequence diagram
    has a bare `arrowhead`. Those get the diagram's id as a suffix (a suffix, so that CSS
    selectors such as `[id^=entity]` still match), in the ids, the references to them and the
    diagram's own CSS.
    """
    ids = {i for i in re.findall(r'\sid="([^"]+)"', svg) if not i.startswith(PLACEHOLDER)}
    if not ids:
        return svg
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    svg = re.sub(rf'(\sid="|url\(#|href="#)({names})(?=[")])', rf"\1\2-{PLACEHOLDER}", svg)

    def style(match: re.Match) -> str:
        return re.sub(rf"#({names})(?![\w-])", rf"#\1-{PLACEHOLDER}", match[0])

    return re.sub(r"<style>.*?</style>", style, svg, flags=re.DOTALL)


class Diagrams:
    """The diagrams stage: what it has drawn, kept across the builds of one process (`mkdocs
    serve` rebuilds) and in a disk cache (the other language's build, later builds).

    A build calls `configure`, then `collect` on each page's HTML as it is rendered, `draw`
    before the pages are written (one browser for every new diagram), and `replace` on each
    page's HTML.
    """

    def __init__(self, disk: DiskCache | None = None, drawer=None):
        self.disk = disk or under_cache("diagrams")
        self.drawer = drawer or draw
        self.drawn: dict[str, str] = {}  # diagram source -> SVG with PLACEHOLDER for its id
        self.key: str | None = None
        self.options: dict = {}
        self.css = ""
        self.pending: dict[str, list[str]] = {}  # source -> the pages that show it

    def configure(self, site: Site | None = None) -> None:
        if not (MERMAID / "dist" / "mermaid.min.js").is_file():
            raise BuildError(
                "diagrams: node_modules/mermaid is missing. "
                "Run `npm ci` in the repository root to install Mermaid."
            )
        self.options, self.css = material_setup()
        key = cache_key(self.options)
        if key != self.key:  # another Mermaid or Material: draw everything again
            self.drawn.clear()
            self.key = key
            saved = self.disk.load(key)
            if isinstance(saved, dict):
                self.drawn.update({str(k): str(v) for k, v in saved.items()})
        self.pending = {}

    def collect(self, html_: str, where: str) -> None:
        for match in FENCE.finditer(html_):
            source = html.unescape(match["source"])
            if source not in self.drawn:
                self.pending.setdefault(source, []).append(where)

    def draw(self) -> None:
        pending, self.pending = self.pending, {}
        if not pending:
            return
        drawn = self.drawer(list(pending), self.options, self.css)
        errors = []
        for source, svg in drawn.items():
            if svg.startswith("error: "):
                where = ", ".join(f"'{uri}'" for uri in pending[source])
                first = source.strip().splitlines()[0] if source.strip() else "(empty)"
                errors.append(f"Mermaid error in {where}, diagram '{first} ...': {svg[7:].strip()}")
            else:
                self.drawn[source] = scope_ids(svg)
        self.disk.save(self.key, dict(sorted(self.drawn.items())))
        if errors:
            raise BuildError("diagrams: " + "\n".join(errors))

    def replace(self, html_: str, where: str) -> str:
        count = 0

        def replace(match: re.Match) -> str:
            nonlocal count
            source = html.unescape(match["source"])
            if source not in self.drawn:
                raise BuildError(f"diagrams: page '{where}' has a diagram not drawn")
            count += 1
            svg = self.drawn[source].replace(PLACEHOLDER, f"diagram-{count}")
            return f'<div class="mermaid"><template shadowrootmode="open">{svg}</template></div>'

        return FENCE.sub(replace, html_)

    # -- the stage (sitebuild/build.py) ---------------------------------------------------------

    def content(self, html_: str, page: PageRef) -> str:
        self.collect(html_, page.source)
        return html_

    def finish(self, site: Site) -> list[SiteFile]:
        self.draw()
        return []

    def page(self, html_: str, page: PageRef) -> str:
        """The page with its diagrams drawn and, when it has one, the script that attaches
        declarative shadow roots in browsers that predate them."""
        drawn = self.replace(html_, page.source)
        if drawn == html_:
            return html_
        script = relative_url(SHADOW_ROOT_SCRIPT, page.url)
        return add_to_body(drawn, f'<script src="{script}" defer></script>')
