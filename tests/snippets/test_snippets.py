"""Every snippet runs as a reader runs it, offline, and prints exactly what its page shows."""

import pytest

from tests.support.snippets import (
    ROOT,
    all_snippets,
    check_figures,
    check_run,
    display,
    run_snippet,
    strip_launcher_notices,
)

SNIPPETS = all_snippets()
TRIES_THE_HUB = {"snippets/practice/bert_finetune_torch.py"}
# Two runs on one machine must print the same thing and draw the same figure, byte for byte. A
# sample of the training examples (one per framework and a sequence model) keeps this cheap:
# these run a second time, after the first run's checks.
TWICE = {
    "snippets/practice/xor_torch.py",
    "snippets/practice/xor_tf.py",
    "snippets/practice/translate_numbers_torch.py",
}


def test_there_are_snippets():
    assert len(SNIPPETS) >= 15


@pytest.mark.slow
@pytest.mark.parametrize("snippet", SNIPPETS, ids=[display(p) for p in SNIPPETS])
def test_snippet_runs_offline_and_prints_its_page_output(snippet, snippet_times, tmp_path):
    # Run from an empty folder, as a reader who copied the file would: figures land there.
    run = run_snippet(snippet, cwd=tmp_path)
    snippet_times[display(snippet)] = run.seconds
    check_run(run)
    if display(snippet) in TRIES_THE_HUB:
        # It asks the Hugging Face Hub for the real model first; cut off, it must say so and
        # fall back to a model built in code (its output, checked above, shows that).
        assert "network access blocked" in run.stderr
    else:
        assert "network access blocked" not in run.stderr
        if snippet.parent.name == "practice":
            # The examples keep framework start-up noise (TensorFlow's C++ log) out of the way.
            # torchrun's notice that it set OMP_NUM_THREADS=1 is the launcher's, not the example's.
            stderr = strip_launcher_notices(run.stderr)
            assert stderr == "", f"{display(snippet)} wrote to stderr:\n{stderr[-2000:]}"
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


def test_snippets_live_under_the_repository():
    assert all(p.is_relative_to(ROOT / "snippets") for p in SNIPPETS)
