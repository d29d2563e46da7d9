"""Every snippet runs as a reader runs it, offline, and prints exactly what its page shows."""

import pytest

from tests.support.snippets import (
    ROOT,
    all_snippets,
    check_figures,
    check_run,
    display,
    printed_exactly,
    run_snippet,
    strip_launcher_notices,
)

SNIPPETS = all_snippets()
TRIES_THE_HUB = {"snippets/practice/bert_finetune_torch.py"}


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
    check_figures(snippet, tmp_path, drifted=not printed_exactly(run))


def test_snippets_live_under_the_repository():
    assert all(p.is_relative_to(ROOT / "snippets") for p in SNIPPETS)


# Two runs on one machine must print the same thing and draw the same figure, byte for byte. A
# sample of the training examples (one per framework and a sequence model) keeps this cheap.
TWICE = ["practice/xor_torch.py", "practice/xor_tf.py", "practice/translate_numbers_torch.py"]


@pytest.mark.slow
@pytest.mark.parametrize("name", TWICE)
def test_training_example_prints_the_same_twice(name, tmp_path):
    snippet = ROOT / "snippets" / name
    runs = []
    for attempt in ("first", "second"):
        workdir = tmp_path / attempt
        workdir.mkdir()
        run = run_snippet(snippet, cwd=workdir)
        assert run.returncode == 0, run.stderr[-2000:]
        runs.append((run.stdout, (workdir / f"{snippet.stem}.png").read_bytes()))
    assert runs[0][0] == runs[1][0]
    assert runs[0][1] == runs[1][1], f"{name} drew a different figure the second time"
