"""Every training example prints its page's numbers, within the tolerance, on a machine unlike ours.

Each example runs with its initial weights jittered by a relative 1e-6, on one thread
and on other kernels than the plain run (PyTorch's AVX2 kernels; TensorFlow with oneDNN): a
rounding-sized change that a chaotic recipe turns into other numbers. Its output and its figure
must still match the page within the tolerance. A fragile example fails here,
on the author's machine, instead of on a reader's. `python scripts/check_robustness.py` runs each
perturbation on its own and reports the largest change of every printed number.
"""

import pytest

from tests.support.robustness import (
    COMBINED,
    framework,
    moved_lines,
    page_output,
    run_perturbed,
    strip_jitter_report,
    training_examples,
)
from tests.support.snippets import ROOT, check_figures, check_stderr, display, tolerance_for

EXAMPLES = training_examples()


@pytest.mark.slow
@pytest.mark.parametrize("snippet", EXAMPLES, ids=[display(p) for p in EXAMPLES])
def test_training_example_holds_under_rounding_sized_changes(snippet, tmp_path):
    perturbation = COMBINED[framework(snippet)]
    run = run_perturbed(snippet, perturbation, cwd=tmp_path)
    assert run.returncode == 0, (
        f"{display(snippet)} failed under {perturbation.describe()}:\n"
        + strip_jitter_report(run.stderr)[-2000:]
    )
    moved = moved_lines(page_output(snippet), run.stdout, tolerance_for(snippet))
    assert not moved, (
        f"{display(snippet)} printed numbers outside its page's tolerance under "
        f"{perturbation.describe()}:\n" + "\n".join(moved)
    )
    try:
        check_stderr(snippet, strip_jitter_report(run.stderr))
        check_figures(snippet, tmp_path)
    except AssertionError as problem:
        raise AssertionError(f"under {perturbation.describe()}: {problem}") from None


def test_the_training_examples_are_the_practice_chapter():
    names = {p.name for p in EXAMPLES}
    assert "bert_finetune_torch.py" in names and "mirrored_tf.py" in names
    assert {framework(p) for p in EXAMPLES} == {"torch", "tensorflow"}


CHAOTIC = """
import torch

weight = torch.nn.Parameter(torch.tensor([0.3]))
optimizer = torch.optim.SGD([weight], lr=0.1)  # the jitter acts here
x = weight.detach().double()
for _ in range(60):  # the logistic map doubles a tiny difference every step or two
    x = 3.9 * x * (1 - x)
print(f"loss {x.item():.4f}")
"""


def _practice_snippet(tmp_path, code, out):
    folder = tmp_path / "practice"  # the practice tolerance applies by folder name
    folder.mkdir()
    snippet = folder / "chaotic_torch.py"
    snippet.write_text(code, encoding="utf-8")
    snippet.with_suffix(".out").write_text(out, encoding="utf-8")
    return snippet


def _plain_output(snippet, tmp_path):
    from tests.support.robustness import Perturbation

    run = run_perturbed(snippet, Perturbation("plain run"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.slow
def test_a_chaotic_example_is_named_with_the_perturbation_and_the_lines_that_moved(tmp_path):
    snippet = _practice_snippet(tmp_path, CHAOTIC, "")
    plain = _plain_output(snippet, tmp_path)
    snippet.with_suffix(".out").write_text(plain, encoding="utf-8")
    perturbation = COMBINED["torch"]
    run = run_perturbed(snippet, perturbation, cwd=tmp_path)
    moved = moved_lines(page_output(snippet), run.stdout, tolerance_for(snippet))
    assert len(moved) == 1 and moved[0].startswith("line 1: ") and "is too far from" in moved[0]
    assert "initial weights x (1 +- 1e-6)" in perturbation.describe()
    assert "SNIPPET_WEIGHT_JITTER=1e-6" in perturbation.describe()


@pytest.mark.slow
def test_a_jitter_that_finds_no_optimizer_is_an_error_not_a_pass(tmp_path):
    snippet = _practice_snippet(tmp_path, "import torch\nprint('loss 0.5000')\n", "loss 0.5000\n")
    with pytest.raises(AssertionError, match="the weight jitter found no optimizer to act on"):
        run_perturbed(snippet, COMBINED["torch"], cwd=tmp_path)


def test_changed_words_are_reported_even_within_the_tolerance():
    from tests.support.snippets import Tolerance

    moved = moved_lines(
        "predicted positive 0.91\n", "predicted negative 0.91\n", Tolerance(0.02, 0.02)
    )
    assert moved == ["line 1: 'predicted negative 0.91', the page shows 'predicted positive 0.91'"]
    assert moved_lines("a 1\nb 2\n", "a 1\n", Tolerance(0.02, 0.02)) == [
        "printed 1 lines instead of 2"
    ]


def test_a_training_example_that_writes_to_stderr_is_named(tmp_path):
    snippet = tmp_path / "practice" / "noisy_torch.py"
    with pytest.raises(AssertionError, match="noisy_torch.py wrote to stderr:\nwarning: slow"):
        check_stderr(snippet, "warning: slow\n")
    check_stderr(snippet, "")  # silence passes
    hub = ROOT / "snippets" / "practice" / "bert_finetune_torch.py"
    with pytest.raises(AssertionError, match="did not try the Hub"):
        check_stderr(hub, "")
