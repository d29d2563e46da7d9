"""Fail the build when a page would load a script, stylesheet or font from another host.

The site must work offline and where CDNs are slow or blocked, so every asset a page
loads must be served by the site itself.
"""

import re

from sitebuild.build import BuildError, PageRef

THIRD_PARTY = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc=[\"']((?:https?:)?//[^\"']+)"
    r"|<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|modulepreload|preconnect|icon)[\"'])"
    r"[^>]*\bhref=[\"']((?:https?:)?//[^\"']+)"
    r"|@import\s+(?:url\()?[\"']?((?:https?:)?//[^\"')]+)"
    r"|\bimport\(\s*[\"']((?:https?:)?//[^\"']+)",
    re.IGNORECASE,
)


def third_party_loads(html: str) -> list[str]:
    """Return the URLs on other hosts that this HTML would load when opened."""
    return [
        next(group for group in match.groups() if group) for match in THIRD_PARTY.finditer(html)
    ]


class Offline:
    """The stage (sitebuild/build.py): checks each page as written."""

    def page(self, html: str, page: PageRef) -> str:
        urls = third_party_loads(html)
        if urls:
            raise BuildError(
                f"offline: page '{page.source}' loads from another host: {', '.join(urls)}. "
                "Serve the asset from the site (see sitebuild/vendor_assets.py)."
            )
        return html
