"""Typeset every formula at build time: pages ship HTML and CSS, not the MathJax script.

pymdownx.arithmatex (generic mode) marks formulas as `<span class="arithmatex">\\(...\\)</span>`
and `<div class="arithmatex">\\[...\\]</div>`. As each page's content is rendered, this stage feeds
its new formulas to one Node process (scripts/typeset-math.mjs, MathJax 3 from node_modules),
which typesets them while the build goes on. Before the pages are written, it collects the
results; a TeX error stops the build, naming the page and the formula. Each page's formulas
are then replaced by MathJax's CommonHTML, with the MathML (and the TeX as an annotation) for
screen readers and for copying.

The CSS MathJax needs is written once, as assets/stylesheets/mathjax.css, and MathJax's fonts
are served from assets/vendor/mathjax-fonts/; only pages with a formula link the CSS (and
math-copy.js, which copies a formula as its TeX). Typeset formulas are kept in memory (`mkdocs
serve` rebuilds) and on disk, in .cache/math/ (the other language's build, later builds): a
formula with the same TeX, the same display mode and the same MathJax version is never typeset
twice, and a build whose formulas are all cached starts no Node process.
"""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from sitebuild.build import (
    BuildError,
    PageRef,
    Site,
    SiteFile,
    add_to_body,
    add_to_head,
    relative_url,
)
from sitebuild.cache import DiskCache, under_cache
from sitebuild.formulas import FORMULA, parse

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
SCRIPT = ROOT / "scripts" / "typeset-math.mjs"
PACKAGE = "mathjax-full"
FONTS = Path("es5/output/chtml/fonts/woff-v2")  # in the package: woff files
CSS_URI = "assets/stylesheets/mathjax.css"
COPY_SCRIPT = "assets/javascripts/math-copy.js"  # copies a formula as its TeX
KEEP_STYLESHEETS = 8
FONTS_URI = "assets/vendor/mathjax-fonts"


class Typesetter:
    """One Node process per build: formulas go in as pages render, results come out at the end."""

    def __init__(self, font_url: str):
        if shutil.which("node") is None:
            raise BuildError("math: Node.js is not installed; the build typesets formulas with it")
        self.pending: list[tuple[str, bool]] = []
        self.pages: dict[tuple[str, bool], list[str]] = {}
        self.process = subprocess.Popen(
            ["node", str(SCRIPT)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._send({"fontURL": font_url})

    def _send(self, message: dict) -> None:
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def add(self, tex: str, display: bool, page: str) -> None:
        key = (tex, display)
        if key not in self.pages:
            self.pages[key] = []
            self.pending.append(key)
            self._send({"tex": tex, "display": display})
        if page not in self.pages[key]:
            self.pages[key].append(page)

    def finish(self) -> tuple[dict[tuple[str, bool], str], list[str]]:
        """Wait for the results: ({(tex, display): HTML}, the CSS rules they need), or fail
        naming each bad formula."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            raise BuildError(f"math: {SCRIPT.relative_to(ROOT)} failed:\n{stderr.strip()}")
        output = json.loads(stdout)
        errors, typeset = [], {}
        for (tex, display), result in zip(self.pending, output["results"], strict=True):
            if "error" in result:
                shown = f"$${tex}$$" if display else f"${tex}$"
                where = ", ".join(f"'{page}'" for page in self.pages[(tex, display)])
                errors.append(f"TeX error in {where}: {result['error']} in {shown}")
            else:
                typeset[(tex, display)] = result["html"]
        if errors:
            raise BuildError("math: " + "\n".join(errors))
        return typeset, [block.strip() for block in re.split(r"\n\s*\n", output["css"])]


def mathjax_version() -> str:
    package = NODE_MODULES / PACKAGE / "package.json"
    if not (NODE_MODULES / PACKAGE / FONTS).is_dir() or not package.is_file():
        raise BuildError(
            f"math: node_modules/{PACKAGE} is missing. "
            "Run `npm ci` in the repository root to install MathJax."
        )
    return json.loads(package.read_text(encoding="utf-8"))["version"]


class Formulas:
    """The math stage: what it has typeset, kept across the builds of one process (`mkdocs
    serve` rebuilds) and in a disk cache (the other language's build, later builds).

    A build calls `start`, then `collect` on each page's HTML as it is rendered (new
    formulas go to one Typesetter at once), `stylesheet_of_build` before the pages are
    written (the CSS, or None when no page has a formula), and `replace` on each page's HTML;
    the stage methods below do so for sitebuild/build.py.
    """

    def __init__(self, disk: DiskCache | None = None, typesetter=None):
        self.disk = disk or under_cache("math")
        self.new_typesetter = typesetter or Typesetter
        self.typeset: dict[tuple[str, bool], str] = {}  # (tex, display) -> typeset HTML
        # The stylesheet of each set of formulas a build had, keyed by the set's hash: it is
        # computed from that set alone, in a fixed order, so that a build's CSS does not
        # depend on what was typeset before it (the other language, earlier builds).
        self.stylesheets: dict[str, str] = {}
        self.seen: set[tuple[str, bool]] = set()  # the formulas of this build
        self.version: str | None = None
        self.typesetter = None
        self.has_math = False

    def start(self, version: str) -> None:
        if version != self.version:  # another MathJax: typeset everything again
            self.typeset.clear()
            self.stylesheets.clear()
            self.version = version
            self.load()
        self.typesetter = None
        self.has_math = False
        self.seen = set()

    def key(self) -> str:
        return f"{PACKAGE}-{self.version}"

    def load(self) -> None:
        """Add the disk cache of this MathJax version, if there is a readable one."""
        try:
            saved = self.disk.load(self.key())
            typeset = [((tex, bool(display)), html_) for tex, display, html_ in saved["formulas"]]
            stylesheets = {str(k): str(v) for k, v in saved["stylesheets"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return  # no cache, an older format or an unreadable one: typeset again
        self.add(dict(typeset))
        self.stylesheets.update(stylesheets)

    def save(self) -> None:
        items = sorted(self.typeset.items())
        data = {
            "formulas": [[tex, display, html_] for (tex, display), html_ in items],
            # the most recent few sets: the two languages, and an edit or two back
            "stylesheets": dict(list(self.stylesheets.items())[-KEEP_STYLESHEETS:]),
        }
        self.disk.save(self.key(), data)

    def add(self, typeset: dict[tuple[str, bool], str], css: object = None) -> None:
        """Keep typeset formulas (the CSS of their batch is not kept: see `stylesheet`)."""
        self.typeset.update(typeset)

    def collect(self, html_: str, where: str) -> None:
        for match in FORMULA.finditer(html_):
            if (formula := parse(match)) is None:
                continue
            self.has_math = True
            self.seen.add(formula)
            if formula in self.typeset:
                continue
            if self.typesetter is None:
                # The CSS sits in assets/stylesheets/, the fonts in assets/vendor/mathjax-fonts/
                self.typesetter = self.new_typesetter("../vendor/mathjax-fonts")
            self.typesetter.add(*formula, where)

    def stylesheet_of_build(self) -> str | None:
        typesetter, self.typesetter = self.typesetter, None
        if typesetter is not None:
            self.add(*typesetter.finish())
            self.save()
        return self.stylesheet() if self.has_math else None

    def stylesheet(self) -> str:
        """The CSS of this build's formulas: MathJax's rules for exactly this set, typeset
        in sorted order by one process, so equal sets always give equal stylesheets."""
        formulas = sorted(self.seen)
        key = hashlib.sha256(json.dumps(formulas).encode("utf-8")).hexdigest()
        if key not in self.stylesheets:
            self.typesetter = self.new_typesetter("../vendor/mathjax-fonts")
            for tex, display in formulas:
                self.typesetter.add(tex, display, "(stylesheet)")
            typesetter, self.typesetter = self.typesetter, None
            _, blocks = typesetter.finish()
            self.stylesheets[key] = "\n\n".join(b for b in blocks if b) + "\n"
            self.save()
        self.stylesheets[key] = self.stylesheets.pop(key)  # most recent last
        return self.stylesheets[key]

    def replace(self, html_: str, where: str) -> str:
        def replace(match: re.Match) -> str:
            if (formula := parse(match)) is None:
                return match[0]
            if formula not in self.typeset:
                raise BuildError(
                    f"math: page '{where}' has a formula that was not typeset: {formula[0]}"
                )
            return f'<{match["tag"]} class="arithmatex">{self.typeset[formula]}</{match["tag"]}>'

        return FORMULA.sub(replace, html_)

    def abort(self) -> None:
        typesetter, self.typesetter = self.typesetter, None
        if typesetter is not None:
            typesetter.process.kill()
            typesetter.process.communicate()

    # -- the stage (sitebuild/build.py) ---------------------------------------------------------

    def configure(self, site: Site) -> None:
        self.start(mathjax_version())

    def files(self, site: Site, added: tuple[SiteFile, ...]) -> list[SiteFile]:
        fonts = sorted((NODE_MODULES / PACKAGE / FONTS).iterdir())
        return [SiteFile(f"{FONTS_URI}/{font.name}", path=font) for font in fonts]

    def content(self, html_: str, page: PageRef) -> str:
        self.collect(html_, page.source)
        return html_

    def finish(self, site: Site) -> list[SiteFile]:
        css = self.stylesheet_of_build()
        return [] if css is None else [SiteFile(CSS_URI, content=css)]

    def page(self, html_: str, page: PageRef) -> str:
        """The page with its formulas typeset and, when it has one, the CSS they need and the
        script that copies a formula as its TeX."""
        typeset = self.replace(html_, page.source)
        if typeset == html_:
            return html_
        css = relative_url(CSS_URI, page.url)
        script = relative_url(COPY_SCRIPT, page.url)
        typeset = add_to_head(typeset, f'<link rel="stylesheet" href="{css}">')
        return add_to_body(typeset, f'<script src="{script}" defer></script>')
