"""Language links that land on the same page in the other language.

Material's language selector links to the root of each language. Both languages here have
the same page paths (a test enforces it), so this stage points each selector link at the
current page's counterpart: the other language's root (`link` in extra.alternate, relative
to this language's root) plus the page's own path. The 404 page is served at any path, so
it links to the language roots (`root`, relative to the whole site's root) from the site root.

The stage also drops the <link rel="alternate" hreflang> tags Material puts in the head:
its script fetches sitemap.xml next to each of them to redirect language switches, which
the static links make unnecessary, and hreflang tags need absolute URLs (a site_url) to
be of use to search engines.
"""

import re

from sitebuild.build import PageRef, Site

HEAD_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[\w-]+">')
SELECTOR_LINK = re.compile(
    r'(<a href=")[^"]*(" hreflang="(?P<lang>[\w-]+)" class="md-select__link">)'
)


def counterpart_href(page_url: str, alt_link: str) -> str:
    """Relative link from the page at `page_url` to the same page under `alt_link`.

    >>> counterpart_href("math/", "en/")
    '../en/math/'
    >>> counterpart_href("math/gradient_check/", "../")
    '../../../math/gradient_check/'
    >>> counterpart_href("", "")
    './'
    """
    depth = page_url.count("/")
    return "../" * depth + alt_link + page_url or "./"


def _rewrite(html: str, hrefs: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        href = hrefs.get(match["lang"])
        return match[0] if href is None else f"{match[1]}{href}{match[2]}"

    return SELECTOR_LINK.sub(replace, HEAD_LINK.sub("", html))


class LanguageLinks:
    """The stage (sitebuild/build.py): rewrites each page's selector, the 404 page's too."""

    alternates: list = []

    def configure(self, site: Site) -> None:
        self.alternates = list(site.extra.get("alternate", []))

    def page(self, html: str, page: PageRef) -> str:
        if page.url is None:  # served at any path: link the roots from the site's root
            return _rewrite(html, {a["lang"]: "/" + a["root"] for a in self.alternates})
        hrefs = {a["lang"]: counterpart_href(page.url, a["link"]) for a in self.alternates}
        return _rewrite(html, hrefs)
