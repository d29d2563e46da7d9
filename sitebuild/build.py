"""The build's stages, in the order they run, and the `Build` that runs them.

A stage is a class with some of these methods; a `Build` calls each one on every stage that
has it, in the order of `STAGES`:

- `configure(site)`: once, before anything is read;
- `files(site, added) -> [SiteFile]`: files the stage adds to the site (`added`: what the
  stages before it added);
- `markdown(text, page) -> text`: a page's Markdown, before it is rendered;
- `content(html, page) -> html`: a page's rendered body, before the theme wraps it;
- `finish(site) -> [SiteFile]`: once every page is rendered, before any is written;
- `page(html, page) -> html`: a page as written, theme included; also the 404 page, a
  template served at any path (its `url` is None);
- `after_build(site)`: once the site is written;
- `abort()`: the build failed (stop helper processes).

Nothing here or in the stages imports MkDocs: they see plain values (`Site`, `PageRef`,
`SiteFile`, strings), raise `BuildError` with a message that says what to do, and MkDocs
reaches them through one adapter, hooks/build.py. The stages that work on HTML (`page`) can
therefore run after any renderer.

The order is written once, in `STAGES`; each stage names the stages it needs before it, and
a `Build` refuses an order that breaks one (`python -m sitebuild` prints the order).
"""

import importlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class BuildError(Exception):
    """A stage cannot go on; the message names the stage, the page and what to do."""


@dataclass
class Site:
    """The language's build, as the stages see it."""

    language: str
    docs_dir: Path
    site_dir: Path
    # The theme's extra values: language links in, the interface words out
    extra: dict[str, Any] = field(default_factory=dict)
    palette: bool = True  # the theme has a colour-scheme switch


@dataclass
class PageRef:
    """A page, as the stages see it."""

    source: str  # its path under docs_dir ("math/softmax.md"), or a template's name ("404.html")
    url: str | None  # its URL under the language's root ("math/softmax/"); None: any path
    meta: dict[str, Any] = field(default_factory=dict)  # front matter; stages may add to it
    toc: tuple[tuple[str, str], ...] = ()  # (title, id) of each heading, in order
    path: Path | None = None  # the source file, when the page has one on disk


@dataclass(frozen=True)
class SiteFile:
    """A file a stage adds to the site: its content, or a file on disk. A `page` is a source
    the renderer renders (a notebook), at `path`, whose last parts are `uri`."""

    uri: str
    content: bytes | str | None = None
    path: Path | None = None
    page: bool = False

    def size(self) -> int:
        if self.content is not None:
            data = self.content
            return len(data.encode("utf-8") if isinstance(data, str) else data)
        return self.path.stat().st_size

    def root(self) -> Path:
        """The folder `uri` is relative to (for a `page`)."""
        return Path(str(self.path)[: -len(self.uri)])


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []


def relative_url(target: str, page_url: str | None) -> str:
    """The link from the page at `page_url` to the site path `target`, both under the
    language's root; a page served at any path (`None`) links as from the root. As MkDocs
    links: a last part with a dot in `page_url` is a file, not a folder.

    >>> relative_url("assets/a.css", "math/softmax/")
    '../../assets/a.css'
    >>> relative_url("assets/a.css", "")
    'assets/a.css'
    >>> relative_url("math/", "math/softmax/")
    '../'
    """
    base = page_url or ""
    folder, _, last = base.rpartition("/")
    if "." in last:
        base = folder
    here, there = _parts(base), _parts(target)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return link + "/" if target.endswith("/") else link


def add_to_head(html: str, *tags: str) -> str:
    """The page with `tags` at the end of its <head>."""
    if not tags:
        return html
    return html.replace("</head>", "".join(f"{tag}\n" for tag in tags) + "</head>", 1)


def add_to_body(html: str, *tags: str) -> str:
    """The page with `tags` at the end of its <body>."""
    if not tags:
        return html
    return html.replace("</body>", "".join(f"{tag}\n" for tag in tags) + "</body>", 1)


@dataclass(frozen=True)
class Stage:
    """One stage: its name, its class ("module:Class"), what it does, what must run first."""

    name: str
    target: str | Callable[[], Any]  # "module:Class", imported when a Build starts
    does: str
    needs: tuple[str, ...] = ()

    def cls(self) -> Callable[[], Any]:
        if callable(self.target):
            return self.target
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)

    def create(self) -> Any:
        return self.cls()()


PAGE_STAGES_BEFORE_CSP = (
    "math",
    "diagrams",
    "calculator",
    "notebooks",
    "offline",
    "language_links",
)

STAGES: tuple[Stage, ...] = (
    Stage("words", "sitebuild.words:WordsStage", "the language's interface words, for the theme"),
    Stage(
        "vendor_assets",
        "sitebuild.vendor_assets:VendorAssets",
        "Pyodide, d3 and Plot from node_modules/, served by the site",
    ),
    Stage(
        "math",
        "sitebuild.math:Formulas",
        "typesets each formula with MathJax at build time; its CSS and fonts",
    ),
    Stage("diagrams", "sitebuild.diagrams:Diagrams", "draws each Mermaid diagram as SVG"),
    Stage(
        "calculator",
        "sitebuild.calculator:Calculator",
        "the calculator page's form, worked example, charts and package zip",
        # it states Pyodide's download size, from the files vendor_assets added
        needs=("vendor_assets",),
    ),
    Stage(
        "notebooks",
        "sitebuild.notebooks:Notebooks",
        "notebook pages from snippets, their figures, one shared stylesheet",
    ),
    Stage(
        "offline",
        "sitebuild.offline:Offline",
        "stops the build when a page would load from another host",
        # checks the markup the stages before it wrote into pages
        needs=("math", "diagrams", "calculator", "notebooks"),
    ),
    Stage(
        "language_links",
        "sitebuild.language_links:LanguageLinks",
        "the language switch lands on the same page",
    ),
    Stage("page_dates", "sitebuild.page_dates:PageDates", "the date each page last changed"),
    Stage("changes", "sitebuild.changes:Changes", 'the "What changed" page, from git'),
    Stage(
        "accessibility",
        "sitebuild.accessibility:Accessibility",
        "names the search dialog, makes notebook code focusable",
    ),
    Stage(
        "palette",
        "sitebuild.palette:Palette",
        "removes Material's restyle-everything palette rule",
    ),
    Stage(
        "csp",
        "sitebuild.csp:Policy",
        "a Content-Security-Policy per page; its hashes cover the final HTML",
        needs=PAGE_STAGES_BEFORE_CSP + ("accessibility",),
    ),
)


def check_order(stages: tuple[Stage, ...]) -> None:
    """Raise `BuildError` unless every stage comes after the stages it needs."""
    seen: set[str] = set()
    names = {stage.name for stage in stages}
    for stage in stages:
        if stage.name in seen:
            raise BuildError(f"build: stage '{stage.name}' is listed twice")
        for need in stage.needs:
            if need not in names:
                raise BuildError(f"build: stage '{stage.name}' needs '{need}', which is not listed")
            if need not in seen:
                raise BuildError(
                    f"build: stage '{stage.name}' runs before '{need}', which it needs first; "
                    f"put '{need}' earlier in sitebuild.build.STAGES"
                )
        seen.add(stage.name)


_BUILDS: dict[str, "Build"] = {}  # Build.shared: one per language and process


class Build:
    """The stages of one language's builds (`mkdocs serve` rebuilds reuse it: the stages keep
    what they computed, such as typeset formulas, between builds)."""

    def __init__(self, stages: tuple[Stage, ...] = STAGES):
        check_order(stages)
        self.stages = stages
        self.objects = {stage.name: stage.create() for stage in stages}

    @classmethod
    def shared(cls, language: str) -> "Build":
        """The process's build of `language`: a renderer that reloads its configuration for
        each rebuild (`mkdocs serve`) gets the same stages, with what they kept."""
        if language not in _BUILDS:
            _BUILDS[language] = cls()
        return _BUILDS[language]

    def _each(self, method: str):
        for stage in self.stages:
            function = getattr(self.objects[stage.name], method, None)
            if function is not None:
                yield function

    def configure(self, site: Site) -> None:
        for configure in self._each("configure"):
            configure(site)

    def files(self, site: Site) -> list[SiteFile]:
        added: list[SiteFile] = []
        for files in self._each("files"):
            added += files(site, tuple(added))
        return added

    def markdown(self, text: str, page: PageRef) -> str:
        for markdown in self._each("markdown"):
            text = markdown(text, page)
        return text

    def content(self, html: str, page: PageRef) -> str:
        for content in self._each("content"):
            html = content(html, page)
        return html

    def finish(self, site: Site) -> list[SiteFile]:
        added: list[SiteFile] = []
        for finish in self._each("finish"):
            added += finish(site) or []
        return added

    def page(self, html: str, page: PageRef) -> str:
        for stage in self._each("page"):
            html = stage(html, page)
        return html

    def after_build(self, site: Site) -> None:
        for after_build in self._each("after_build"):
            after_build(site)

    def abort(self) -> None:
        for abort in self._each("abort"):
            abort()


def describe(stages: tuple[Stage, ...] = STAGES) -> str:
    """The stages in order, with what each does and needs first."""
    lines = []
    for number, stage in enumerate(stages, 1):
        needs = f" (after {', '.join(stage.needs)})" if stage.needs else ""
        lines.append(f"{number:2}. {stage.name}: {stage.does}{needs}")
    return "\n".join(lines)


__all__ = [
    "STAGES",
    "Build",
    "BuildError",
    "PageRef",
    "Site",
    "SiteFile",
    "Stage",
    "add_to_body",
    "add_to_head",
    "check_order",
    "describe",
    "relative_url",
]
