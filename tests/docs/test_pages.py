"""Static checks on the Markdown pages of both languages."""

import pytest
import yaml

from sitebuild.notebooks import is_notebook_snippet
from tests.support import pages as P
from tests.support.snippets import all_snippets

ALL_PAGES = [page for lang in P.LANGUAGES for page in P.pages(lang).values()]
IDS = [str(page.path.relative_to(P.DOCS)) for page in ALL_PAGES]


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_no_python_pasted_into_pages(page):
    assert P.check_pasted_python(page) == []


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_headings_have_explicit_ids(page):
    assert P.check_heading_ids(page) == []


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_included_snippets_exist_and_their_output_is_shown(page):
    assert P.check_includes_exist(page) + P.check_outputs_shown(page) == []


@pytest.mark.parametrize("page", ALL_PAGES, ids=IDS)
def test_numbers_in_prose_are_printed_by_a_snippet(page):
    assert P.check_numbers_verified(page) == []


def test_languages_have_the_same_pages_and_structure():
    # the checks' messages name each language (sitebuild/languages.py: NAMES)
    assert sorted(P.NAMES) == sorted(P.LANGUAGES), "give every language a name in NAMES"
    assert P.check_parity() == []


def test_every_snippet_is_shown_in_both_languages():
    shown = {
        lang: {inc for page in P.pages(lang).values() for inc in page.includes}
        for lang in P.LANGUAGES
    }
    for snippet in all_snippets():
        rel = snippet.relative_to(P.SNIPPETS).as_posix()
        if is_notebook_snippet(snippet):
            continue  # published as its own notebook page, see test_navigation_lists_notebooks
        for lang in P.LANGUAGES:
            assert rel in shown[lang], f"snippets/{rel} is not shown on any page of docs/{lang}/"


def _nav_files(config_path):
    # mkdocs.yml uses a !!python/name tag; only the nav is needed here
    loader = type("NavLoader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *args: None)
    nav = yaml.load(config_path.read_text(encoding="utf-8"), Loader=loader)["nav"]
    found = []

    def walk(item):
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, list):
            for sub in item:
                walk(sub)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)

    walk(nav)
    return found


def test_navigation_is_the_same_in_both_languages_and_lists_every_page():
    zh = _nav_files(P.ROOT / "mkdocs.yml")
    en = _nav_files(P.ROOT / "mkdocs.en.yml")
    assert zh == en
    markdown_pages = set(P.pages("zh"))
    assert markdown_pages <= set(zh), f"pages missing from nav: {markdown_pages - set(zh)}"


def test_navigation_lists_notebooks():
    nav = set(_nav_files(P.ROOT / "mkdocs.yml"))
    for snippet in all_snippets():
        if is_notebook_snippet(snippet):
            page = snippet.relative_to(P.SNIPPETS).with_suffix(".ipynb").as_posix()
            assert page in nav, f"notebook snippet {snippet.name} is not in the nav as {page}"


ZH_PAGES = list(P.pages("zh").values())


@pytest.mark.parametrize("page", ZH_PAGES, ids=[str(p.path.relative_to(P.DOCS)) for p in ZH_PAGES])
def test_chinese_paragraphs_are_not_broken_across_lines(page):
    assert P.check_cjk_line_breaks(page) == []


def test_every_committed_figure_is_shown_in_both_languages():
    figures = sorted(P.SNIPPETS.rglob("*.png"))
    assert figures
    for lang in P.LANGUAGES:
        text = "\n".join(page.path.read_text(encoding="utf-8") for page in P.pages(lang).values())
        for figure in figures:
            link = f"figures/{figure.relative_to(P.SNIPPETS).as_posix()})"
            assert link in text, f"no {lang} page shows {figure.relative_to(P.ROOT)}"
