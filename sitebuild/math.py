"""Typeset every formula at build time: pages ship HTML and CSS, not the MathJax script.

pymdownx.arithmatex (generic mode) marks formulas as `<span class="arithmatex">\\(...\\)</span>`
and `<div class="arithmatex">\\[...\\]</div>`. As each page's content is rendered, this hook feeds
its new formulas to one Node process (scripts/typeset-math.mjs, MathJax 3 from node_modules),
which typesets them while the build goes on. Before the pages are written, it collects the
results; a TeX error stops the build, naming the page and the formula. Each page's formulas
are then replaced by MathJax's CommonHTML, with the MathML (and the TeX as an annotation) for
screen readers and for copying.

The CSS MathJax needs is written once, as assets/stylesheets/mathjax.css, and MathJax's fonts
are served from assets/vendor/mathjax-fonts/; the template links the CSS only on pages with a
formula. Typeset formulas are kept in memory (`mkdocs serve` rebuilds) and on disk, in
.cache/math/ (the other language's build, later builds): a formula with the same TeX, the same
display mode and the same MathJax version is never typeset twice, and a build whose formulas
are all cached starts no Node process.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitebuild.formulas import FORMULA, parse

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
SCRIPT = ROOT / "scripts" / "typeset-math.mjs"
PACKAGE = "mathjax-full"
FONTS = Path("es5/output/chtml/fonts/woff-v2")  # in the package: woff files
CSS_URI = "assets/stylesheets/mathjax.css"
FONTS_URI = "assets/vendor/mathjax-fonts"
DISK_CACHE = ROOT / ".cache" / "math"


# Kept across the builds of one process (hook modules are loaded once per process).
CACHE: dict[tuple[str, bool], str] = {}  # (tex, display) -> typeset HTML
CSS_BLOCKS: dict[str, None] = {}  # every CSS rule MathJax emitted, in order
STATE: dict = {"version": None}


def disk_cache_path(version: str) -> Path:
    return DISK_CACHE / f"{PACKAGE}-{version}.json"


def load_disk_cache(version: str) -> None:
    """Fill the memory cache from the disk cache of this MathJax version, if there is one."""
    try:
        saved = json.loads(disk_cache_path(version).read_text(encoding="utf-8"))
        formulas = [((tex, bool(display)), html_) for tex, display, html_ in saved["formulas"]]
        css = [str(block) for block in saved["css"]]
    except (OSError, ValueError, KeyError, TypeError):
        return  # no cache, or an unreadable one: typeset again
    CACHE.update(formulas)
    for block in css:
        CSS_BLOCKS.setdefault(block)


def save_disk_cache(version: str) -> None:
    """Write the memory cache to disk, atomically (two builds may run at once)."""
    DISK_CACHE.mkdir(parents=True, exist_ok=True)
    data = {
        "formulas": [[tex, display, html_] for (tex, display), html_ in sorted(CACHE.items())],
        "css": list(CSS_BLOCKS),
    }
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=DISK_CACHE, suffix=".tmp", delete=False
    ) as out:
        json.dump(data, out, ensure_ascii=False)
    os.chmod(out.name, 0o644)
    os.replace(out.name, disk_cache_path(version))


class Typesetter:
    """One Node process per build: formulas go in as pages render, results come out at the end."""

    def __init__(self, font_url: str):
        if shutil.which("node") is None:
            raise PluginError("math: Node.js is not installed; the build typesets formulas with it")
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

    def finish(self) -> None:
        """Wait for the results: cache them and their CSS, or fail naming each bad formula."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            raise PluginError(f"math: {SCRIPT.relative_to(ROOT)} failed:\n{stderr.strip()}")
        output = json.loads(stdout)
        errors = []
        for (tex, display), result in zip(self.pending, output["results"], strict=True):
            if "error" in result:
                shown = f"$${tex}$$" if display else f"${tex}$"
                where = ", ".join(f"'{page}'" for page in self.pages[(tex, display)])
                errors.append(f"TeX error in {where}: {result['error']} in {shown}")
            else:
                CACHE[(tex, display)] = result["html"]
        if errors:
            raise PluginError("math: " + "\n".join(errors))
        for block in re.split(r"\n\s*\n", output["css"]):
            if block.strip():
                CSS_BLOCKS.setdefault(block.strip())


def mathjax_version() -> str:
    package = NODE_MODULES / PACKAGE / "package.json"
    if not (NODE_MODULES / PACKAGE / FONTS).is_dir() or not package.is_file():
        raise PluginError(
            f"math: node_modules/{PACKAGE} is missing. "
            "Run `npm ci` in the repository root to install MathJax."
        )
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    version = mathjax_version()
    if version != STATE["version"]:  # another MathJax: typeset everything again
        CACHE.clear()
        CSS_BLOCKS.clear()
        STATE["version"] = version
        load_disk_cache(version)
    STATE["typesetter"] = None
    STATE["has_math"] = False
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for font in sorted((NODE_MODULES / PACKAGE / FONTS).iterdir()):
        files.append(File.generated(config, f"{FONTS_URI}/{font.name}", abs_src_path=str(font)))
    return files


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for match in FORMULA.finditer(html_):
        if (formula := parse(match)) is None:
            continue
        tex, display = formula
        STATE["has_math"] = True
        if formula in CACHE:
            continue
        if STATE["typesetter"] is None:
            # The CSS sits in assets/stylesheets/, the fonts in assets/vendor/mathjax-fonts/
            STATE["typesetter"] = Typesetter("../vendor/mathjax-fonts")
        STATE["typesetter"].add(tex, display, page.file.src_uri)
    return html_


def on_env(env, config: MkDocsConfig, files: Files):
    typesetter, STATE["typesetter"] = STATE["typesetter"], None
    if typesetter is not None:
        typesetter.finish()
        save_disk_cache(STATE["version"])
    if STATE["has_math"]:
        css = "\n\n".join(CSS_BLOCKS) + "\n"
        files.append(File.generated(config, CSS_URI, content=css))
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    def replace(match: re.Match) -> str:
        if (formula := parse(match)) is None:
            return match[0]
        if formula not in CACHE:
            raise PluginError(
                f"math: page '{page.file.src_uri}' has a formula that was not typeset: {formula[0]}"
            )
        return f'<{match["tag"]} class="arithmatex">{CACHE[formula]}</{match["tag"]}>'

    return FORMULA.sub(replace, output)


def on_build_error(error: Exception) -> None:
    typesetter, STATE["typesetter"] = STATE.get("typesetter"), None
    if typesetter is not None:
        typesetter.process.kill()
        typesetter.process.communicate()
