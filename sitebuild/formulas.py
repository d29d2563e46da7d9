"""How a formula looks: in the Markdown source and in the HTML that pymdownx.arithmatex makes.

In Markdown (what the page checks count, so that both languages carry the same formulas), a
display formula is a block between two lines holding only `$$`; an inline formula is `$...$`
on one line, not `$$`, with no escaped dollar at either end. In the rendered HTML (arithmatex,
generic mode) they are `<div class="arithmatex">\\[...\\]</div>` and
`<span class="arithmatex">\\(...\\)</span>`, which the math stage typesets.
"""

import html
import re

DISPLAY_MATH = re.compile(r"^\s*\$\$\s*$")
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)[^$\n]+?(?<![\\$])\$(?!\$)")

FORMULA = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL)
DELIMITERS = {"span": ("\\(", "\\)", False), "div": ("\\[", "\\]", True)}


def parse(match: re.Match) -> tuple[str, bool] | None:
    """The (tex, display) of an arithmatex element, or None if it is not one of its formulas.

    >>> parse(FORMULA.search('<span class="arithmatex">\\\\(x &lt; 1\\\\)</span>'))
    ('x < 1', False)
    """
    start, end, display = DELIMITERS[match["tag"]]
    body = html.unescape(match["body"]).strip()
    if body.startswith(start) and body.endswith(end):
        return body[len(start) : -len(end)].strip(), display
    return None


def formulas(html_: str) -> list[tuple[str, bool]]:
    """The (tex, display) of every formula in rendered HTML, in order."""
    return [formula for match in FORMULA.finditer(html_) if (formula := parse(match))]
