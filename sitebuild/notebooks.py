"""Notebook pages generated from snippet files.

A snippet in jupytext "percent" format (cells marked with `# %%`) is also published as a
notebook page: `snippets/math/gradient_check.py` becomes the page `math/gradient_check.ipynb`
in each language, rendered by mkdocs-jupyter with a download link. Markdown cells may be
tagged with a language (`# %% [markdown] lang="zh"`); each site keeps the cells of its own
language and the untagged ones, so the code exists once and the prose in both languages.

A snippet whose cells are all code (the practice examples, whose explanation lives on the page
that includes them) gets a first Markdown cell naming that page and section, in each language.

nbconvert inlines the same stylesheets (about 590 KB, mostly JupyterLab's theme) into every
notebook page. The stage moves them into one file per distinct set, named by its content's hash
(`assets/notebook/<hash>.css`), linked from each notebook page: a reader's browser fetches and
caches it once, and the search index no longer parses it for every page.

Figures that snippets save next to themselves (`snippets/practice/digits_cnn_torch.png`, committed)
are served at `figures/<path>` in both sites; the build never runs the code that draws them.
"""

import hashlib
import re
from pathlib import Path

from sitebuild import markdown
from sitebuild.build import BuildError, PageRef, Site, SiteFile, add_to_head, relative_url
from sitebuild.snippets import SNIPPETS, all_snippets, display
from sitebuild.words import words

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

# nbconvert's HTML template adds MathJax and Mermaid from CDNs (and an empty MathJax
# <script src=""> when no URL is configured); the site serves its own copies instead.
NBCONVERT_SCRIPTS = re.compile(
    r"<script src=\"[^\"]*\">\s*</script>"
    r"|<script type=\"text/x-mathjax-config\">.*?</script>"
    r"|<script type=\"module\">(?:(?!</script>).)*mermaid(?:(?!</script>).)*</script>",
    re.DOTALL,
)


# nbconvert gives headings ids of its own (empty for Chinese titles); the page's table of
# contents uses the renderer's ids. The stage rewrites each heading to carry the id its TOC
# entry links to.
NB_HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">', re.DOTALL
)
TAG = re.compile(r"<[^>]+>")


def align_heading_ids(html: str, toc: tuple[tuple[str, str], ...]) -> str:
    """Give each heading the id of its entry in `toc`: (title, id) of the headings, in order."""
    queue = iter(toc)

    def replace(match: re.Match) -> str:
        entry = next(queue, None)
        text = TAG.sub("", match[2]).strip()
        if entry is None or entry[0].strip() != text:
            return match[0]
        return f'<h{match[1]} id="{entry[1]}">{match[2]}<a class="anchor-link" href="#{entry[1]}">'

    return NB_HEADING.sub(replace, html)


def is_notebook_snippet(path: Path) -> bool:
    return any(line.startswith("# %%") for line in path.read_text(encoding="utf-8").splitlines())


FRAMEWORKS = {"torch": "PyTorch", "tf": "TensorFlow"}  # by the snippet's name suffix


def including_section(snippet: str, language: str, docs_dir: Path) -> dict[str, str]:
    """Find the page section (and content tab) that includes `snippet` (a path under snippets/).

    The notebook's title is the page's title, and the section's too when the page shows more
    than one snippet of the same framework (two PyTorch examples on one page get two titles).
    Sections are the headings with an explicit id; fences, tabs and includes are read by
    sitebuild.markdown, as the page checks read them.
    """
    suffix = Path(snippet).stem.rsplit("_", 1)[-1]
    for page in sorted(docs_dir.rglob("*.md")):
        try:
            scan = markdown.read(page)
        except markdown.MarkdownError as error:
            raise BuildError(f"notebooks: {error}") from error
        title = section = tab = None
        shown = {include.path for include in scan.includes}
        siblings = [p for p in shown if p.endswith(".py") and Path(p).stem.endswith(f"_{suffix}")]
        headings = [heading for heading in scan.headings if heading.id]
        for found in sorted([*headings, *scan.tabs, *scan.includes], key=lambda item: item.line):
            if isinstance(found, markdown.Heading):
                section = found
                title = title or found.title
                tab = None
            elif isinstance(found, markdown.Tab):
                tab = found.title
            elif found.path == snippet and section:
                page_url = page.relative_to(docs_dir).with_suffix("").as_posix()
                page_url = page_url.removesuffix("index").rstrip("/")
                notebook_url = Path(snippet).with_suffix("").as_posix()
                depth = notebook_url.count("/") + 1
                href = "../" * depth + (page_url + "/" if page_url else "") + f"#{section.id}"
                framework = FRAMEWORKS.get(suffix, "Python")
                if len(siblings) > 1 and section.title != title:
                    title += words(language)["title_separator"] + section.title
                return {"title": title, "tab": tab or framework, "href": href}
    raise BuildError(
        f"notebooks: snippets/{snippet} has only code cells, so its notebook page takes its "
        f"title from the page that includes it, but no page in {docs_dir.name}/ includes it."
    )


def notebook_for_language(path: Path, language: str, docs_dir: Path | None = None) -> str:
    """Read a percent-format snippet and keep the cells for `language` (and untagged ones)."""
    import jupytext  # here, not at the top: the page checks import this module without it
    import nbformat

    notebook = jupytext.read(path)
    languages = {cell.metadata.get("lang") for cell in notebook.cells} - {None}
    if languages and language not in languages:
        raise BuildError(
            f"notebooks: {display(path)} has markdown cells for {sorted(languages)} "
            f"but none for '{language}'. Add the '{language}' translation of each cell."
        )
    notebook.cells = [
        cell for cell in notebook.cells if cell.metadata.pop("lang", language) == language
    ]
    if docs_dir is not None and all(cell.cell_type == "code" for cell in notebook.cells):
        snippet = path.relative_to(SNIPPETS).as_posix()
        fields = including_section(snippet, language, docs_dir)
        header = words(language).fill("notebook_header", **fields)
        notebook.cells.insert(0, nbformat.v4.new_markdown_cell(header))
    # Fixed cell ids (nbformat draws random ones): the same snippet gives the same bytes, so
    # mkdocs-jupyter's render cache, keyed by those bytes, hits on every later build.
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    return jupytext.writes(notebook, fmt="ipynb")


def notebook_files(language: str, docs_dir: Path) -> list[SiteFile]:
    """The notebook pages of `language` (written to .cache/notebooks/, for the renderer to
    render) and the snippets' figures."""
    found = []
    for path in all_snippets():
        if not is_notebook_snippet(path):
            continue
        src_uri = path.relative_to(SNIPPETS).with_suffix(".ipynb").as_posix()
        target = CACHE / language / src_uri
        text = notebook_for_language(path, language, docs_dir)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        found.append(SiteFile(src_uri, path=target, page=True))
    for figure in sorted(SNIPPETS.rglob("*.png")):
        found.append(SiteFile(f"figures/{figure.relative_to(SNIPPETS).as_posix()}", path=figure))
    return found


STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)


def shared_stylesheet(html: str) -> tuple[str, str | None, str]:
    """(the page without its inline <style> blocks, the site path of one shared file named by
    its content's hash or None when it had none, that file's CSS)."""
    css = "\n".join(match[1].strip() for match in STYLE.finditer(html))
    if not css:
        return html, None, ""
    path = f"assets/notebook/{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    return STYLE.sub("", html), path, css


class Notebooks:
    """The stage (sitebuild/build.py): notebook pages in, their markup cleaned, one stylesheet
    per distinct set of nbconvert's styles."""

    def __init__(self):
        self.stylesheets: dict[str, str] = {}  # site path -> CSS, for the build in progress
        self.linked: dict[str, str] = {}  # notebook page source -> its stylesheet's site path

    def configure(self, site: Site) -> None:
        self.stylesheets, self.linked = {}, {}

    def files(self, site: Site, added: tuple[SiteFile, ...]) -> list[SiteFile]:
        return notebook_files(site.language, site.docs_dir)

    def content(self, html: str, page: PageRef) -> str:
        if page.source.endswith(".ipynb"):
            html = NBCONVERT_SCRIPTS.sub("", html)
            html = align_heading_ids(html, page.toc)
            html, path, css = shared_stylesheet(html)
            if path:
                self.stylesheets[path] = css
                self.linked[page.source] = path
        return html

    def page(self, html: str, page: PageRef) -> str:
        if page.source not in self.linked:
            return html
        href = relative_url(self.linked[page.source], page.url)
        return add_to_head(html, f'<link rel="stylesheet" href="{href}">')

    def after_build(self, site: Site) -> None:
        for path, css in self.stylesheets.items():
            target = site.site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
