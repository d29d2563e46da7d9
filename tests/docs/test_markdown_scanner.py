"""The one reading of the Markdown pages (sitebuild/markdown.py), rule by rule, on small pages."""

import subprocess
import sys
import textwrap

import pytest

from sitebuild import markdown
from tests.support import pages as P


def scan(text: str) -> markdown.Scan:
    return markdown.scan(textwrap.dedent(text).lstrip("\n"), "page.md")


def test_a_fence_inside_a_content_tab_keeps_its_code_and_include():
    page = scan(
        """
        ## Code { #code }

        === "PyTorch"

            ```python title="xor"
            --8<-- "practice/xor_torch.py"
            ```

        === "TensorFlow"

            Text.
        """
    )
    [fence] = page.fences
    assert (fence.line, fence.end, fence.indent, fence.info, fence.language) == (
        5,
        7,
        "    ",
        'python title="xor"',
        "python",
    )
    assert fence.code == '--8<-- "practice/xor_torch.py"\n'
    assert [(i.line, i.path, i.fence) for i in page.includes] == [
        (6, "practice/xor_torch.py", fence)
    ]
    assert [(t.line, t.title) for t in page.tabs] == [(3, "PyTorch"), (9, "TensorFlow")]
    assert [line.number for line in page.lines if not line.prose] == [5, 6, 7]


def test_a_tilde_fence_holds_backtick_lines_as_code():
    page = scan(
        """
        ~~~markdown
        ```python
        # Not a heading { #no }
        ~~~
        After.
        """
    )
    [fence] = page.fences
    assert (fence.line, fence.end, fence.language) == (1, 4, "markdown")
    assert fence.code == "```python\n# Not a heading { #no }\n"
    assert page.headings == []
    assert [line.text for line in page.prose()] == ["After."]


def test_a_fence_closes_on_a_longer_fence_of_its_character_only():
    page = scan(
        """
        ````text
        ```
        ~~~~
        ````python
        `````
        # Title { #t }
        """
    )
    [fence] = page.fences
    # A shorter fence, the other character and a fence with an info string are code.
    assert (fence.line, fence.end) == (1, 5)
    assert fence.code == "```\n~~~~\n````python\n"
    assert [(h.line, h.title, h.id) for h in page.headings] == [(6, "Title", "t")]


def test_backticks_with_a_backtick_in_the_info_string_are_not_a_fence():
    page = scan("```python``` is a code span at the start of a line\n# Title { #t }\n")
    assert page.fences == []
    assert [h.id for h in page.headings] == ["t"]


def test_a_heading_looking_line_inside_a_fence_is_not_a_heading():
    page = scan(
        """
        # Page { #page }

        ```bash
        # install first { #install }
        pip install torch
        ```

        ## Usage {: .wide #usage }

        ## No id
        """
    )
    assert [(h.line, h.level, h.title, h.id) for h in page.headings] == [
        (1, 1, "Page", "page"),
        (8, 2, "Usage", "usage"),
        (10, 2, "No id", None),
    ]
    assert page.fences[0].code == "# install first { #install }\npip install torch\n"


def test_includes_count_inside_fences_only():
    page = scan(
        """
        ```python
        --8<-- "math/mse_torch.py"
        ```

        ```text
          --8<-- "math/mse_torch.out"
        ```

        --8<-- "math/not_in_a_fence.md"
        """
    )
    assert [(i.line, i.path) for i in page.includes] == [
        (2, "math/mse_torch.py"),
        (6, "math/mse_torch.out"),
    ]


def test_footnote_definitions_outside_fences():
    page = scan(
        """
        Priced as of June 2026[^p].

        [^p]: [Prices](https://example.org/p), undated. Checked June 2026.
          [^indented]: not a definition
        ```text
        [^q]: in a code block
        ```
        """
    )
    assert [(n.line, n.id, n.body) for n in page.footnotes] == [
        (3, "p", "[Prices](https://example.org/p), undated. Checked June 2026.")
    ]


def test_admonitions_tabs_and_headings_inside_a_display_formula_do_not_count():
    page = scan(
        """
        !!! note "Units"

            $$
            # x { #x }
            $$

        $$
        === "not a tab"
        $$
        """
    )
    assert [(a.line, a.type) for a in page.admonitions] == [(1, "note")]
    assert page.formulas == [3, 7]
    assert page.headings == [] and page.tabs == []
    assert [line.number for line in page.lines if line.math] == [3, 4, 5, 7, 8, 9]


def test_a_fence_left_open_is_an_error_naming_the_file_and_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# Page { #page }\n\n  ~~~~python\nx = 1\n~~~\n\n## Rest { #rest }\n", "utf-8")
    message = (
        f"{path}:3: the code block opened here with ~~~~ is never closed; end it with a line "
        "holding only ~~~~."
    )
    with pytest.raises(markdown.MarkdownError) as error:
        markdown.read(path)
    assert str(error.value) == message
    with pytest.raises(markdown.MarkdownError, match="page.md:3: the code block"):
        P.parse(path)


@pytest.mark.parametrize(
    "path", sorted(P.DOCS.rglob("*.md")), ids=lambda p: str(p.relative_to(P.DOCS))
)
def test_every_page_reads_with_its_fences_closed(path):
    page = markdown.read(path)  # raises MarkdownError on a fence left open
    assert page.name == path.relative_to(P.ROOT).as_posix()
    assert [line.number for line in page.lines] == list(
        range(1, len(path.read_text(encoding="utf-8").splitlines()) + 1)
    )


def test_code_spans_are_blanked_keeping_offsets():
    line = "Run `python a.py`, then ``x ` y`` and 0.125; a lone ` stays."
    blanked = markdown.blank_code_spans(line)
    assert len(blanked) == len(line)
    spans = ("`python a.py`", "``x ` y``")
    assert blanked == line.replace(spans[0], " " * len(spans[0])).replace(
        spans[1], " " * len(spans[1])
    )
    assert blanked.endswith(" and 0.125; a lone ` stays.")
    # Spans do not cross lines.
    assert markdown.blank_code_spans("a `b\nc` d") == "a `b\nc` d"


def test_the_scanner_imports_only_the_standard_library():
    code = (
        "import sys; import sitebuild.markdown; "
        "names = {m.split('.')[0] for m in sys.modules}; "
        "print(sorted(names - set(sys.stdlib_module_names) - {'sitebuild', '__main__'}))"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-E", "-c", code],
        cwd=P.ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
