"""The site's languages: which there are, where each is served and which file configures it.

The first language is served at the site's root, every other under a folder named after it
(Chinese at /, English at /en/). Each language's configuration file sets its own docs_dir and
site_dir; the English one inherits the Chinese one (`INHERIT: mkdocs.yml`).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh", "en")
DEFAULT = LANGUAGES[0]
NAMES = {"zh": "Chinese", "en": "English"}  # in the checks' messages
CONFIGS = {"zh": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}
DOCS = {lang: ROOT / "docs" / lang for lang in LANGUAGES}


def prefix(lang: str) -> str:
    """The language's root within the built site, as a URL path: "" or "en/".

    >>> [prefix(lang) for lang in LANGUAGES]
    ['', 'en/']
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; the site has {', '.join(LANGUAGES)}")
    return "" if lang == DEFAULT else f"{lang}/"


def site_dir(site: Path, lang: str) -> Path:
    """The folder of the language's pages in a built site whose root is `site`."""
    return site / prefix(lang) if prefix(lang) else site
