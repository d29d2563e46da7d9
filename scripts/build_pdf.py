"""Print the guide as one PDF per language, from the built site, in headless Chromium.

    python scripts/build_pdf.py [--site site] [--lang zh en]

`make build` runs it after building both languages; each PDF goes to the language's root
(`extra.pdf` in mkdocs.yml and mkdocs.en.yml names it), where every page links to it.

The pages of the navigation, in its order, are put into one HTML document beside the site
(so that the site's stylesheets, fonts and figures load as on the site): a cover with the date
of the build, a table of contents, then each page's article. Ids get a prefix per page, and a
link to another page of the guide becomes a link inside the document; links to notebooks and
files that are not pages are kept as text. Formulas arrive typeset and diagrams drawn (in
declarative shadow roots), as on the site. Notebook pages are left out: the cover says where
they are.

Chromium prints the document (Playwright's page.pdf), in fonts it embeds by name (print.css). The
page numbers of the table of contents come from a first print, whose text (poppler's
pdftotext) shows on which sheet each article starts; the second print carries them.
"""

import argparse
import datetime as dt
import hashlib
import html
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild.browser import in_chromium  # noqa: E402
from sitebuild.languages import CONFIGS, LANGUAGES, site_dir  # noqa: E402
from sitebuild.languages import prefix as language_prefix  # noqa: E402
from sitebuild.serve import StaticServer  # noqa: E402
from sitebuild.words import MissingWord, words  # noqa: E402

PRINT_CSS = ROOT / "overrides" / "assets" / "stylesheets" / "print.css"
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
TEMPLATE = re.compile(r"<template shadowrootmode=.*?</template>", re.DOTALL)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"[^>]*>')
# What the printed article leaves out: buttons and permalinks, the calculator's controls
DROP = [
    re.compile(r'<a href="[^"]*" (?:download )?class="md-content__button[^"]*".*?</a>', re.DOTALL),
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL),
    re.compile(r"<form\b.*?</form>", re.DOTALL),
    re.compile(r'<script type="application/json"[^>]*>.*?</script>', re.DOTALL),
]


@dataclass
class Page:
    number: int
    source: str  # docs-relative Markdown path
    url: str  # path under the language root, "" for the home page
    title: str = ""
    body: str = ""


def nav_pages(lang: str) -> list[Page]:
    """The Markdown pages of the navigation, in its order (notebooks left out)."""
    from mkdocs.config import load_config

    config = load_config(str(CONFIGS[lang]))
    found: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(config["nav"])
    pages = []
    for source in found:
        if not source.endswith(".md"):
            continue
        stem = source[: -len(".md")]
        url = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
        pages.append(Page(len(pages) + 1, source, url))
    return pages


def _outside_templates(text: str, change) -> str:
    """Apply ``change`` to the HTML outside declarative shadow roots (a diagram's own ids and
    references stay as they are: its shadow root scopes them)."""
    parts, last = [], 0
    for match in TEMPLATE.finditer(text):
        parts.append(change(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(change(text[last:]))
    return "".join(parts)


def title_of(body: str) -> str:
    """The text of the first <h1> of an article, without its permalink."""
    found = H1.search(DROP[1].sub("", body))
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def article(page: Page, built: str, prefix: str, pages_by_url: dict[str, Page]) -> str:
    """The page's article as a section of the document: ids prefixed, links rewritten."""
    found = ARTICLE.search(built)
    if found is None:
        raise SystemExit(f"build_pdf: {page.url or '/'} has no article")
    body = found.group(1)
    for pattern in DROP:
        body = pattern.sub("", body)
    here = f"/{prefix}{page.url}"
    own = f"p{page.number}-"

    def link(match: re.Match) -> str:
        attr, target = match.group(1), html.unescape(match.group(2))
        if attr == "src":
            return f'src="{html.escape(urljoin(here, target))}"'
        parts = urlsplit(target)
        if parts.scheme in ("http", "https", "mailto"):
            return match.group(0)
        if not parts.path:  # "#fragment" on the same page
            return f'href="#{own}{parts.fragment}"'
        path = urlsplit(urljoin(here, target)).path
        if path.startswith(f"/{prefix}"):
            other = pages_by_url.get(path[len(prefix) + 1 :].removesuffix("index.html"))
            if other is not None:
                fragment = (
                    f"p{other.number}-{parts.fragment}" if parts.fragment else f"p{other.number}"
                )
                return f'href="#{fragment}"'
        return 'data-site-link="' + html.escape(path) + '"'  # not a page: kept as text

    def change(text: str) -> str:
        text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{own}{m.group(1)}"', text)
        return re.sub(r'\b(href|src)="([^"]*)"', link, text)

    body = _outside_templates(body, change)
    page.title = title_of(body) or page.url
    return f'<section class="pdf-page" id="p{page.number}">{body}</section>'


def document(lang: str, site: Path, pages: list[Page], numbers: dict[int, int] | None) -> str:
    """The whole guide as one HTML document; ``numbers``: article -> first PDF page."""
    from mkdocs.config import load_config

    config = load_config(str(CONFIGS[lang]))
    prefix = language_prefix(lang)
    root = site_dir(site, lang)
    by_url = {page.url: page for page in pages}
    sections, sheets = [], []
    for page in pages:
        built = (root / page.url / "index.html").read_text(encoding="utf-8")
        for href in STYLESHEET.findall(built):
            absolute = urljoin(f"/{prefix}{page.url}", html.unescape(href))
            if absolute not in sheets:
                sheets.append(absolute)
        page.body = article(page, built, prefix, by_url)
        sections.append(page.body)
    said = words(lang)  # the cover's and the contents' words (sitebuild/words.yml)
    date = said.date(dt.date.today())
    toc = "".join(
        f'<li><a href="#p{page.number}"><span>{html.escape(page.title)}</span>'
        f'<span class="pdf-toc__page">{numbers.get(page.number, "") if numbers else ""}</span>'
        "</a></li>"
        for page in pages
    )
    links = "".join(f'<link rel="stylesheet" href="{html.escape(s)}">' for s in sheets)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(config['site_name'])}</title>{links}"
        f'<link rel="stylesheet" href="/{prefix}assets/stylesheets/print.css"></head>'
        '<body class="pdf" data-md-color-scheme="default" data-md-color-primary="indigo">'
        '<div class="md-typeset">'
        f'<section class="pdf-cover"><h1>{html.escape(config["site_name"])}</h1>'
        f'<p class="pdf-cover__description">{html.escape(config["site_description"])}</p>'
        f'<p class="pdf-cover__date">{html.escape(said.fill("pdf_built", date=date))}</p>'
        f'<p class="pdf-cover__note">{html.escape(said["pdf_notebooks"])}</p></section>'
        f'<nav class="pdf-toc"><h1>{html.escape(said["pdf_contents"])}</h1><ol>{toc}</ol></nav>'
        f"{''.join(sections)}</div></body></html>"
    )


def sheet_texts(pdf: bytes, layout: bool = False) -> list[str]:
    """The text of each sheet of a PDF (poppler's pdftotext; ``layout``: keep each line)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), file.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return text.split("\f")[:-1]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def first_pages(pdf: bytes, pages: list[Page]) -> dict[int, int]:
    """The sheet (1-based) on which each article starts: each starts a sheet with its title."""
    sheets = [_squeezed(text) for text in sheet_texts(pdf)]
    numbers, at = {}, 2  # after the cover and the first sheet of contents
    for page in pages:
        title = _squeezed(page.title)
        while at < len(sheets) and not sheets[at].startswith(title):
            at += 1
        if at == len(sheets):
            raise SystemExit(f"build_pdf: no sheet starts with the title {page.title!r}")
        numbers[page.number] = at + 1
        at += 1
    return numbers


FOOTER = (
    '<div style="width:100%;font-size:8px;text-align:center;color:#666">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def print_pdf(page, url: str) -> bytes:
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page.pdf(
        format="A4",
        print_background=True,
        # Neither tagged nor with an outline (Chromium builds the outline from the tags): the
        # structure tree would add a third to the file (6 of 18 MB). The contents link to
        # every page instead, and readers with a screen reader have the site itself.
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
    )


def pdf_path(site: Path, lang: str) -> Path:
    """Where the language's PDF goes in the built site: `extra.pdf` at the language's root."""
    from mkdocs.config import load_config

    return site_dir(site, lang) / load_config(str(CONFIGS[lang]))["extra"]["pdf"]


CACHE = ROOT / ".cache" / "pdf"
LOADED = re.compile(r'(?:href|src)="(/[^"#?]*)"')
FONT_URL = re.compile(r"url\(['\"]?([^'\")?#]+)")


def cache_key(draft: str, site: Path) -> str:
    """A hash of everything the print depends on: the document (the build date included),
    every file of the site it loads and the fonts their stylesheets load, this script, and
    Chromium's version (read from the chromium binary the build launches)."""
    from sitebuild.browser import chromium

    key = hashlib.sha256(draft.encode())
    seen: set[Path] = set()
    queue = [site / path.lstrip("/") for path in LOADED.findall(draft)]
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        data = path.read_bytes()
        key.update(path.relative_to(site).as_posix().encode() + hashlib.sha256(data).digest())
        if path.suffix == ".css":
            text = data.decode("utf-8", "replace")
            queue += [(path.parent / url).resolve() for url in FONT_URL.findall(text)]
    key.update(Path(__file__).read_bytes())
    key.update(str(chromium()).encode())
    binary = chromium()
    if binary and Path(binary).exists():
        key.update(str(Path(binary).resolve().stat().st_mtime_ns).encode())
    return key.hexdigest()[:24]


def build(site: Path, lang: str, fresh: bool = False) -> Path:
    """Write the language's PDF into the built site and return its path.

    Printed PDFs are kept in .cache/pdf/ under ``cache_key``: an unchanged document with
    unchanged stylesheets, fonts, figures and browser is not printed again (the diagrams
    and formulas are cached the same way).
    """
    prefix = language_prefix(lang)
    out = pdf_path(site, lang)
    pages = nav_pages(lang)
    cached = CACHE / f"{lang}-{cache_key(document(lang, site, pages, None), site)}.pdf"
    if cached.is_file() and not fresh:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(cached.read_bytes())
        return out
    # The files as they are on disk: the print counts no bytes, and gzip would only cost time
    with StaticServer(site, gzip=False) as server:
        origin = server.origin
        # The document is served from memory at a path beside the pages (so that its relative
        # and absolute links resolve as theirs do); nothing is written into the site but the PDF.
        url = f"{origin}/{prefix}print-the-guide/"
        document_html = {"text": ""}

        def task(browser_page) -> bytes:
            browser_page.route(
                url,
                lambda route: route.fulfill(
                    status=200, content_type="text/html; charset=utf-8", body=document_html["text"]
                ),
            )
            document_html["text"] = document(lang, site, pages, None)
            draft = print_pdf(browser_page, url)
            numbers = first_pages(draft, pages)
            document_html["text"] = document(lang, site, pages, numbers)
            final = print_pdf(browser_page, url)
            if first_pages(final, pages) != numbers:
                raise SystemExit("build_pdf: the contents' page numbers moved between prints")
            return final

        data = in_chromium(task, "build_pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".tmp")
    partial.write_bytes(data)
    partial.replace(cached)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    parser.add_argument("--fresh", action="store_true", help="print even if .cache/pdf has it")
    args = parser.parse_args(argv)
    try:
        for lang in args.lang:
            words(lang)
    except MissingWord as error:  # before printing anything: a word is missing
        print(f"build_pdf: {error}", file=sys.stderr)
        return 1
    for lang in args.lang:
        start = time.perf_counter()
        out = build(args.site, lang, args.fresh)
        seconds = time.perf_counter() - start
        size = out.stat().st_size / 1e6
        print(f"{lang}: {out.relative_to(args.site)}, {size:.1f} MB, {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
