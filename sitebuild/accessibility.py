"""Small accessibility fixes to Material's and nbconvert's markup (found by axe-core).

- The search overlay has role="dialog" but no accessible name: give it one.
- Notebook code cells scroll horizontally but cannot be focused: make them focusable, so
  keyboard users can scroll them.
"""

import re

from sitebuild.build import PageRef, Site
from sitebuild.words import words

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NOTEBOOK_CODE = re.compile(r'<div class="(highlight-ipynb[^"]*)">')


def fix(html: str, language: str) -> str:
    label = words(language)["search"]
    html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">')
    return NOTEBOOK_CODE.sub(r'<div class="\1" tabindex="0">', html)


class Accessibility:
    """The stage (sitebuild/build.py): fixes each page, the 404 page included."""

    language = ""

    def configure(self, site: Site) -> None:
        self.language = site.language

    def page(self, html: str, page: PageRef) -> str:
        return fix(html, self.language)
