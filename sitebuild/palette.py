"""Keep Material's palette switch from restyling the whole page on every load.

Material's palette stylesheet holds one rule keyed on an attribute of <body>:

    [data-md-color-switching] *, ... { transition-duration: 0s !important }

and its bundle sets that attribute and removes it again when a page loads, even when the
colours do not change (every reader but a first visit in the dark scheme). Because the rule
matches every element under <body>, each of the two changes makes the browser restyle the
whole page. On a formula page (each typeset formula is dozens of elements) that is a third of
the style work of a load: on /math/cross-entropy/ (38 formulas), 190 ms -> 127 ms of style
recalculation without throttling, Lighthouse mobile performance median 95 -> 97 over 5 runs.

This stage removes the rule from the built stylesheet. What is lost: when a reader toggles the
scheme, links and the header fade to their new colours over Material's 125-250 ms transitions
instead of switching at once. A Material release that changes the rule stops the build, so the
measurement is repeated rather than the stage silently doing nothing.
"""

from pathlib import Path

from sitebuild.build import BuildError, Site

RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)
MARK = "/* Material's palette-switch transition rule removed: see sitebuild/palette.py */"


def strip_rule(stylesheet: Path) -> None:
    css = stylesheet.read_text(encoding="utf-8")
    if MARK in css and "data-md-color-switching" not in css:
        return  # already done (`mkdocs serve --dirty` keeps the copied file)
    if css.count(RULE) != 1:
        raise BuildError(
            f"sitebuild/palette.py: {stylesheet.name} no longer holds Material's "
            f"[data-md-color-switching] rule as expected; check what the palette switch costs "
            f"a page load with this Material version and update or remove the stage."
        )
    stylesheet.write_text(css.replace(RULE, MARK), encoding="utf-8")


class Palette:
    """The stage (sitebuild/build.py): edits the written stylesheet."""

    def after_build(self, site: Site) -> None:
        if not site.palette:
            return
        stylesheets = sorted((site.site_dir / "assets" / "stylesheets").glob("palette.*.css"))
        if len(stylesheets) != 1:
            names = ", ".join(p.name for p in stylesheets) or "none"
            raise BuildError(f"sitebuild/palette.py: expected one palette.*.css, found {names}")
        strip_rule(stylesheets[0])
