"""Notebook pages generated from snippet files.

A snippet in jupytext "percent" format (cells marked with `# %%`) is also published as a
notebook page: `snippets/math/gradient_check.py` becomes the page `math/gradient_check.ipynb`
in each language, rendered by mkdocs-jupyter with a download link. Markdown cells may be
tagged with a language (`# %% [markdown] lang="zh"`); each site keeps the cells of its own
language and the untagged ones, so the code exists once and the prose in both languages.
"""

import re
from pathlib import Path

import jupytext
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
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
# contents uses MkDocs' ids. The hook rewrites each heading to carry the id its TOC entry links to.
NB_HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">', re.DOTALL
)
TAG = re.compile(r"<[^>]+>")


def align_heading_ids(html: str, toc) -> str:
    entries = []

    def walk(items):
        for item in items:
            entries.append(item)
            walk(item.children)

    walk(toc)
    queue = iter(entries)

    def replace(match: re.Match) -> str:
        entry = next(queue, None)
        text = TAG.sub("", match[2]).strip()
        if entry is None or entry.title.strip() != text:
            return match[0]
        return f'<h{match[1]} id="{entry.id}">{match[2]}<a class="anchor-link" href="#{entry.id}">'

    return NB_HEADING.sub(replace, html)


def is_notebook_snippet(path: Path) -> bool:
    return any(line.startswith("# %%") for line in path.read_text(encoding="utf-8").splitlines())


def notebook_for_language(path: Path, language: str) -> str:
    """Read a percent-format snippet and keep the cells for `language` (and untagged ones)."""
    notebook = jupytext.read(path)
    languages = {cell.metadata.get("lang") for cell in notebook.cells} - {None}
    if languages and language not in languages:
        raise PluginError(
            f"notebooks: {path.relative_to(ROOT)} has markdown cells for {sorted(languages)} "
            f"but none for '{language}'. Add the '{language}' translation of each cell."
        )
    notebook.cells = [
        cell for cell in notebook.cells if cell.metadata.pop("lang", language) == language
    ]
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    return jupytext.writes(notebook, fmt="ipynb")


@event_priority(50)  # before mkdocs-jupyter looks for notebooks
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language = config.theme["language"]
    for path in sorted(SNIPPETS.rglob("*.py")):
        if not is_notebook_snippet(path):
            continue
        src_uri = path.relative_to(SNIPPETS).with_suffix(".ipynb").as_posix()
        target = CACHE / language / src_uri
        text = notebook_for_language(path, language)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        # A plain File rooted in the cache folder: mkdocs-jupyter wraps it and reads its src_dir
        files.append(
            File(
                src_uri,
                src_dir=str(CACHE / language),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html = NBCONVERT_SCRIPTS.sub("", html)
        html = align_heading_ids(html, page.toc)
    return html
