"""The Chinese pages use one term per concept: the glossary's headword (docs/terms.yml)."""

import re
from pathlib import Path

import pytest
import yaml

from sitebuild import markdown
from tests.support import pages as P

TERMS_FILE = P.DOCS / "terms.yml"
ZH_PAGES = sorted(P.pages("zh"))


def load_terms(path: Path = TERMS_FILE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_terms(path: Path, rel: str, terms: list[dict]) -> list[str]:
    """Messages for every non-preferred variant on the page, with the term to use instead."""
    messages = []
    for line in markdown.read(path, rel).prose():
        for term in terms:
            for variant in term["avoid"]:
                for match in re.finditer(variant, line.text):
                    messages.append(
                        f"{rel}:{line.number}: '{match.group(0)}' for {term['concept']}; use "
                        f"{term['preferred']}, the glossary's term (docs/terms.yml)."
                    )
    return messages


def test_every_preferred_term_is_a_glossary_headword():
    headwords = {
        text for _, text, _ in P.parse(P.DOCS / "zh" / "resources" / "glossary.md").headings
    }
    for term in load_terms():
        assert term["preferred"] in headwords, f"{term['preferred']} is not a glossary headword"
        assert term["avoid"], term


@pytest.mark.parametrize("name", ZH_PAGES)
def test_chinese_pages_use_the_glossary_terms(name):
    assert check_terms(P.DOCS / "zh" / name, f"docs/zh/{name}", load_terms()) == []


def test_a_variant_is_reported_with_the_preferred_term(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "符合规模定律。\n```\n规模定律 in code is ignored\n```\n在提示里加例子。\n", "utf-8"
    )
    assert check_terms(page, "page.md", load_terms()) == [
        "page.md:1: '规模定律' for scaling law; use 缩放定律, the glossary's term "
        "(docs/terms.yml).",
        "page.md:5: '在提示里' for prompt; use 提示词, the glossary's term (docs/terms.yml).",
    ]
