"""Broken pages produce clear messages that name the file and the problem."""

import textwrap

import markdown
import pytest
from mkdocs.config import load_config
from pymdownx.snippets import SnippetMissingError

from tests.support import pages as P


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_page_without_translation_is_named(tmp_path):
    write(tmp_path / "zh" / "guide" / "costs.md", "# 成本 { #costs }\n")
    write(tmp_path / "en" / "index.md", "# Home { #home }\n")
    write(tmp_path / "zh" / "index.md", "# 首页 { #home }\n")
    assert P.check_parity(tmp_path) == [
        "docs/zh/guide/costs.md has no English translation: create docs/en/guide/costs.md."
    ]


def test_structural_differences_between_languages_are_named(tmp_path):
    write(tmp_path / "zh" / "a.md", "# 甲 { #a }\n\n## 交叉熵 { #cross-entropy }\n\n$$\nx\n$$\n")
    write(tmp_path / "en" / "a.md", "# A { #a }\n\n## Cross-entropy { #xent }\n")
    assert P.check_parity(tmp_path) == [
        "docs/zh/a.md and docs/en/a.md differ in heading ids: "
        "zh has 2 ['a', 'cross-entropy'], en has 2 ['a', 'xent'].",
        "docs/zh/a.md and docs/en/a.md differ in display formulas: zh has 1, en has 0.",
    ]


def test_pasted_python_fence_is_rejected_with_its_line(tmp_path):
    page = write(
        tmp_path / "page.md",
        """
        # Page

        ```python
        model.fit(x_train, y_train)
        ```

        ```python
        --8<-- "math/mse_torch.py"
        ```
        """,
    )
    messages = P.check_pasted_python(P.parse(page))
    assert len(messages) == 1
    assert messages[0].startswith(f"{page}:4: Python code pasted into the page.")


def test_missing_snippet_is_named_by_the_static_check(tmp_path):
    page = write(tmp_path / "page.md", '```python\n--8<-- "math/no_such_file.py"\n```\n')
    assert P.check_includes_exist(P.parse(page)) == [
        f"{page}: includes snippets/math/no_such_file.py, which does not exist."
    ]


def test_missing_snippet_fails_the_real_markdown_configuration():
    config = load_config(str(P.ROOT / "mkdocs.yml"))
    md = markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )
    with pytest.raises(
        SnippetMissingError, match="Snippet at path 'math/no_such_file.py' could not be found"
    ):
        md.convert('```python\n--8<-- "math/no_such_file.py"\n```\n')


def test_number_that_no_snippet_prints_is_named(tmp_path):
    page = write(
        tmp_path / "page.md",
        """
        The loss is $-\\frac{1}{10}\\ln 0.9 \\approx 0.0183$.

        ```text
        --8<-- "math/cross_entropy_torch.out"
        ```
        """,
    )
    messages = P.check_numbers_verified(P.parse(page))
    assert messages == [
        f"{page}: the number 0.0183 is not printed by any snippet output on this page; "
        "compute it in a snippet and show that output, or correct it."
    ]


def test_snippet_shown_without_its_output_is_named(tmp_path):
    page = write(tmp_path / "page.md", '```python\n--8<-- "math/mse_torch.py"\n```\n')
    assert P.check_outputs_shown(P.parse(page)) == [
        f"{page}: shows snippets/math/mse_torch.py but not its output; "
        'add a text block with --8<-- "math/mse_torch.out".'
    ]


def test_heading_without_id_is_named(tmp_path):
    page = write(tmp_path / "page.md", "# Title { #t }\n\n## Softmax\n")
    assert P.check_heading_ids(P.parse(page)) == [
        f"{page}: heading 'Softmax' has no explicit id; write it as "
        "'## Softmax { #some-id }' with the same id in both languages."
    ]


def test_chinese_paragraph_broken_across_lines_is_named(tmp_path):
    page = write(
        tmp_path / "page.md", "# 标题 { #t }\n\n本章把这\n四步写清楚。\n\n- 列表\n- 另一项\n"
    )
    assert P.check_cjk_line_breaks(P.parse(page)) == [
        f"{page}:3: a Chinese paragraph is broken across lines here; browsers show "
        "the line break as a space. Join the two lines."
    ]


def test_footnotes_after_a_chinese_paragraph_are_not_a_broken_paragraph(tmp_path):
    page = write(
        tmp_path / "page.md",
        "# 标题 { #t }\n\n价格截至 2026 年 6 月[^p]。\n[^p]: [价格](https://example.org/p)，"
        "未注明日期。2026 年 6 月核对。\n[^q]: 另一条脚注。\n",
    )
    assert P.check_cjk_line_breaks(P.parse(page)) == []


def test_numbers_in_link_targets_are_addresses_not_results(tmp_path):
    page = write(
        tmp_path / "page.md",
        "Vaswani et al. ([`arXiv:1706.03762`](https://arxiv.org/abs/1706.03762)) "
        "report a BLEU of [28.413](https://example.org/28.413).\n",
    )
    messages = P.check_numbers_verified(P.parse(page))
    # The link text is prose and is checked; the address is not.
    assert messages == [
        f"{page}: the number 28.413 is not printed by any snippet output on this page; "
        "compute it in a snippet and show that output, or correct it."
    ]
