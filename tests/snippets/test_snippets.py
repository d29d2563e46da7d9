"""Every snippet runs as a reader runs it, offline, and prints exactly what its page shows.

The training examples of the practice chapter run in test_robustness.py instead, under
rounding-sized changes (one thread, other kernels, weights nudged by a millionth), with the
same checks of their output, stderr and figure: a run there is a stricter version of a run
here, and each example is minutes of CPU. Those in TWICE also run here, plainly and twice, so
that the plain environment and the byte-for-byte repeatability stay checked for both
frameworks."""

import pytest

from tests.support.robustness import training_examples
from tests.support.snippets import (
    all_snippets,
    check_figures,
    check_run,
    check_stderr,
    display,
    run_snippet,
)

SNIPPETS = all_snippets()
# Two runs on one machine must print the same thing and draw the same figure, byte for byte. A
# sample of the training examples (one per framework and a sequence model) keeps this cheap:
# these run a second time, after the first run's checks.
TWICE = {
    "snippets/practice/xor_torch.py",
    "snippets/practice/xor_tf.py",
    "snippets/practice/translate_numbers_torch.py",
}


PLAIN = [p for p in SNIPPETS if p not in set(training_examples()) or display(p) in TWICE]


def test_there_are_snippets():
    assert len(SNIPPETS) >= 15
    assert {display(p) for p in SNIPPETS} - {display(p) for p in PLAIN} == {
        display(p) for p in training_examples() if display(p) not in TWICE
    }


@pytest.mark.slow
@pytest.mark.parametrize("snippet", PLAIN, ids=[display(p) for p in PLAIN])
def test_snippet_runs_offline_and_prints_its_page_output(snippet, snippet_times, tmp_path):
    # Run from an empty folder, as a reader who copied the file would: figures land there.
    run = run_snippet(snippet, cwd=tmp_path)
    snippet_times[display(snippet)] = run.seconds
    check_run(run)
    check_stderr(snippet, run.stderr)
    check_figures(snippet, tmp_path)
    if display(snippet) in TWICE:
        again = tmp_path / "again"
        again.mkdir()
        second = run_snippet(snippet, cwd=again)
        assert second.returncode == 0, second.stderr[-2000:]
        assert second.stdout == run.stdout, (
            f"{display(snippet)} printed something else the second time"
        )
        figure = f"{snippet.stem}.png"
        assert (again / figure).read_bytes() == (tmp_path / figure).read_bytes(), (
            f"{display(snippet)} drew a different figure the second time"
        )
