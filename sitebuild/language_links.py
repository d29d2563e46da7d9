"""Language links that land on the same page in the other language.

Material's language selector links to the root of each language. Both languages here have
the same page paths (a test enforces it), so this hook points each selector link at the
current page's counterpart: the other language's root (`link` in extra.alternate, relative
to this language's root) plus the page's own path. The 404 page is served at any path, so
it links to the language roots (`root`, relative to the whole site's root) from the site root.

The hook also drops the <link rel="alternate" hreflang> tags Material puts in the head:
its script fetches sitemap.xml next to each of them to redirect language switches, which
the static links make unnecessary, and hreflang tags need absolute URLs (a site_url) to
be of use to search engines.
"""

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

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


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    alternates = config.extra.get("alternate", [])
    return _rewrite(output, {a["lang"]: counterpart_href(page.url, a["link"]) for a in alternates})


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    alternates = config.extra.get("alternate", [])
    return _rewrite(output, {a["lang"]: "/" + a["root"] for a in alternates})
