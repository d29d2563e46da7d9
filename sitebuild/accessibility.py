"""Small accessibility fixes to Material's and nbconvert's markup (found by axe-core).

- The search overlay has role="dialog" but no accessible name: give it one.
- Notebook code cells scroll horizontally but cannot be focused: make them focusable, so
  keyboard users can scroll them.
"""

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from sitebuild.words import words

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NOTEBOOK_CODE = re.compile(r'<div class="(highlight-ipynb[^"]*)">')


def fix(html: str, language: str) -> str:
    label = words(language)["search"]
    html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">')
    return NOTEBOOK_CODE.sub(r'<div class="\1" tabindex="0">', html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return fix(output, config.theme["language"])


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return fix(output, config.theme["language"]) if template_name == "404.html" else output
