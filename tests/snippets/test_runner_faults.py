"""The snippet runner's guarantees, shown on small broken snippets written for the test."""

import textwrap

import pytest

from tests.support.snippets import check_figures, check_run, run_snippet


def write(tmp_path, name, code, out=None):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    if out is not None:
        path.with_suffix(".out").write_text(out, encoding="utf-8")
    return path


def test_network_is_cut_off_with_a_clear_message(tmp_path):
    snippet = write(
        tmp_path,
        "online.py",
        """
        import socket
        socket.socket().connect(("127.0.0.1", 9))
        """,
        out="",
    )
    run = run_snippet(snippet, cwd=tmp_path)
    assert run.returncode != 0
    assert "network access blocked in tests: socket.connect ('127.0.0.1', 9)" in run.stderr


def test_name_resolution_is_blocked_too(tmp_path):
    snippet = write(
        tmp_path,
        "dns.py",
        """
        import urllib.request
        urllib.request.urlopen("https://huggingface.co", timeout=1)
        """,
        out="",
    )
    run = run_snippet(snippet, cwd=tmp_path)
    assert run.returncode != 0
    assert "network access blocked in tests: socket.getaddrinfo 'huggingface.co'" in run.stderr


def test_a_failing_snippet_is_reported_with_its_error(tmp_path):
    snippet = write(tmp_path, "broken.py", "x_train.shape\n", out="")
    with pytest.raises(AssertionError, match=r"broken.py exited with status 1:[\s\S]*NameError"):
        check_run(run_snippet(snippet, cwd=tmp_path))


def test_output_that_differs_from_the_page_is_reported_as_a_diff(tmp_path):
    snippet = write(tmp_path, "acc.py", "print('accuracy: 0.93')\n", out="accuracy: 1.0\n")
    with pytest.raises(AssertionError) as excinfo:
        check_run(run_snippet(snippet, cwd=tmp_path))
    message = str(excinfo.value)
    assert "acc.py printed something other than its page shows" in message
    assert "-accuracy: 1.0" in message and "+accuracy: 0.93" in message


def test_a_snippet_without_expected_output_is_reported(tmp_path):
    snippet = write(tmp_path, "lonely.py", "print('hi')\n")
    with pytest.raises(
        AssertionError, match=r"lonely.py has no expected output: create .*lonely.out"
    ):
        check_run(run_snippet(snippet, cwd=tmp_path))


def test_a_snippet_over_its_time_budget_is_stopped(tmp_path):
    snippet = write(tmp_path, "slow.py", "import time\ntime.sleep(30)\n", out="")
    with pytest.raises(
        AssertionError, match="slow.py did not finish within its time budget of 1 s"
    ):
        run_snippet(snippet, timeout=1, cwd=tmp_path)


def test_the_device_line_may_differ_between_machines(tmp_path):
    snippet = write(
        tmp_path, "gpu.py", "print('device: cuda')\nprint(42)\n", out="device: cpu\n42\n"
    )
    check_run(run_snippet(snippet, cwd=tmp_path))


def test_snippet_arguments_are_validated(tmp_path):
    from tests.support.snippets import SNIPPETS

    run = run_snippet(SNIPPETS / "math" / "mse_torch.py", "--device", "tpu")
    assert run.returncode == 2
    assert "argument --device: invalid choice: 'tpu'" in run.stderr


def test_practice_arguments_are_validated():
    from tests.support.snippets import SNIPPETS

    run = run_snippet(SNIPPETS / "practice" / "xor_tf.py", "--device", "tpu")
    assert run.returncode == 2
    assert "usage: xor_tf.py" in run.stderr
    assert "argument --device: invalid choice: 'tpu'" in run.stderr


# Training metrics: within the stated tolerance is fine, outside it or other text is not.


def practice_snippet(tmp_path, printed, shown):
    (tmp_path / "practice").mkdir()
    return write(tmp_path / "practice", "train.py", f"print({printed!r})\n", out=shown + "\n")


def test_training_metrics_may_drift_within_the_tolerance(tmp_path):
    snippet = practice_snippet(
        tmp_path,
        "test accuracy: 0.9750 (351/360), BLEU 99.2500",
        "test accuracy: 0.9722 (350/360), BLEU 100.0000",
    )
    check_run(run_snippet(snippet, cwd=tmp_path))


def test_training_metrics_outside_the_tolerance_are_reported(tmp_path):
    snippet = practice_snippet(
        tmp_path, "test accuracy: 0.9300 (335/360)", "test accuracy: 0.9722 (350/360)"
    )
    with pytest.raises(AssertionError) as excinfo:
        check_run(run_snippet(snippet, cwd=tmp_path))
    message = str(excinfo.value)
    assert (
        "train.py printed numbers outside the tolerance (±1%, decimals at least ±0.01)" in message
    )
    assert "line 1: 0.9300 is too far from 0.9722" in message
    assert "line 1: 335 is too far from 350" in message


def test_changed_text_around_training_metrics_is_a_diff(tmp_path):
    snippet = practice_snippet(tmp_path, "val accuracy: 0.9722", "test accuracy: 0.9722")
    with pytest.raises(AssertionError, match="printed something other than its page shows"):
        check_run(run_snippet(snippet, cwd=tmp_path))


def test_outside_practice_numbers_must_match_exactly(tmp_path):
    snippet = write(tmp_path, "exact.py", "print('loss = 0.1054')\n", out="loss = 0.1053\n")
    with pytest.raises(AssertionError, match=r"-loss = 0.1053[\s\S]*\+loss = 0.1054"):
        check_run(run_snippet(snippet, cwd=tmp_path))


# Figures: the committed figure must be what the code draws.

DRAW = """
import sys
from matplotlib.figure import Figure
fig = Figure(figsize=(3, 2))
fig.subplots().plot([0, 1, 2], [0, {top}, 0], color="{colour}")
path = sys.argv[1] if len(sys.argv) > 1 else "plot.png"
fig.savefig(path, dpi={dpi}, metadata={{"Software": None}})
"""


def figure_snippet(
    tmp_path, top, committed_top=None, folder="repo", colour="#1f77b4", committed_dpi=50
):
    (tmp_path / folder).mkdir(parents=True)
    code = DRAW.format(top=top, colour=colour, dpi=50)
    snippet = write(tmp_path / folder, "plot.py", code, out="")
    if committed_top is not None:
        # the committed figure, written by the runner (as scripts/update_outputs.py does)
        code = DRAW.format(top=committed_top, colour="#1f77b4", dpi=committed_dpi)
        drawer = write(tmp_path, "draw_committed.py", code)
        run_snippet(drawer, str(snippet.with_suffix(".png")), cwd=tmp_path)
    workdir = tmp_path / "run"
    workdir.mkdir()
    check_run(run_snippet(snippet, cwd=workdir))
    return snippet, workdir


def test_a_figure_that_matches_the_committed_one_passes(tmp_path):
    check_figures(*figure_snippet(tmp_path, top=1, committed_top=1))


def test_a_figure_that_no_longer_matches_is_reported(tmp_path):
    snippet, workdir = figure_snippet(tmp_path, top=2, committed_top=1)
    with pytest.raises(
        AssertionError, match=r"plot.py draws a figure that no longer shows what the committed"
    ) as excinfo:
        check_figures(snippet, workdir)
    message = str(excinfo.value)
    assert "regenerate it: python scripts/update_outputs.py" in message
    assert "figure axes 1 lines 1 y 2: 2, the committed figure shows 1" in message


def test_the_same_plot_in_other_pixels_passes(tmp_path):
    # Another resolution changes every pixel, as another machine's antialiasing changes some;
    # the plotted data is the same, so the figure shows the same thing.
    snippet, workdir = figure_snippet(tmp_path, top=1, committed_top=1, committed_dpi=80)
    committed, drawn = snippet.with_suffix(".png"), workdir / "plot.png"
    assert committed.read_bytes() != drawn.read_bytes()
    check_figures(snippet, workdir)


def test_a_training_curve_may_move_within_the_tolerance_but_not_beyond(tmp_path):
    # practice/: the chapter's tolerance (1%, decimals at least 0.01) applies to plotted values
    snippet, workdir = figure_snippet(tmp_path / "a", top=1.008, committed_top=1, folder="practice")
    check_figures(snippet, workdir)
    snippet, workdir = figure_snippet(tmp_path / "b", top=1.1, committed_top=1, folder="practice")
    with pytest.raises(AssertionError, match=r"lines 1 y 2: 1.1, the committed figure shows 1"):
        check_figures(snippet, workdir)


def test_a_changed_colour_is_a_different_figure(tmp_path):
    snippet, workdir = figure_snippet(tmp_path, top=1, committed_top=1, colour="#d62728")
    with pytest.raises(AssertionError, match=r"colour: '#d62728', the committed figure shows"):
        check_figures(snippet, workdir)


def test_a_committed_figure_without_plotted_data_is_reported(tmp_path):
    snippet, workdir = figure_snippet(tmp_path, top=1)
    # drawn outside the runner, as a reader's copy would be: pixels only
    code = DRAW.format(top=1, colour="#1f77b4", dpi=50)
    drawer = write(tmp_path, "by_hand.py", code)
    import subprocess
    import sys

    subprocess.run([sys.executable, drawer, str(snippet.with_suffix(".png"))], check=True)
    with pytest.raises(AssertionError, match=r"carries no plotted data to compare with"):
        check_figures(snippet, workdir)


def test_a_figure_that_is_not_committed_is_reported(tmp_path):
    snippet, workdir = figure_snippet(tmp_path, top=1)
    with pytest.raises(
        AssertionError, match=r"plot.py saved figures \['plot.png'\], but the repository has none"
    ):
        check_figures(snippet, workdir)


def test_a_committed_figure_the_code_no_longer_draws_is_reported(tmp_path):
    snippet = write(tmp_path, "quiet.py", "print('no plot')\n", out="no plot\n")
    snippet.with_suffix(".png").write_bytes(b"")
    workdir = tmp_path / "run"
    workdir.mkdir()
    check_run(run_snippet(snippet, cwd=workdir))
    with pytest.raises(
        AssertionError, match=r"quiet.py saved figures \[\], but the repository has"
    ):
        check_figures(snippet, workdir)


def test_cell_counts_may_move_like_an_image_but_words_may_not():
    from tests.support.snippets import Tolerance, figure_differences

    tolerance = Tolerance(relative=0.01, decimal=0.01)
    # a confusion matrix's cell labels: 354 of 360 right, then one more image misread; the cell
    # (2, 5) gets a label it did not have
    shown = {"texts": [[0.0, 0.0, "180"], [1.0, 1.0, "174"], [1.0, 0.0, "6"]]}
    drawn = {"texts": [[0.0, 0.0, "179"], [1.0, 1.0, "174"], [1.0, 0.0, "6"], [2.0, 5.0, "1"]]}
    assert figure_differences(shown, drawn, tolerance) == []
    # ten images moved: beyond 1% of the 360
    drawn = {"texts": [[0.0, 0.0, "170"], [1.0, 1.0, "174"], [1.0, 0.0, "6"], [2.0, 5.0, "10"]]}
    (problem,) = figure_differences(shown, drawn, tolerance)
    assert problem.startswith("figure texts (numbers): values moved by 20 in all, more than 3.6")
    # a word is not a number: it must stand where it stood
    shown = {"texts": [[0.0, 0.0, "ok"]]}
    drawn = {"texts": [[0.0, 0.0, "WRONG"]]}
    assert figure_differences(shown, drawn, tolerance) == [
        "figure texts: 'WRONG' at (0.0, 0.0), the committed figure shows 'ok'"
    ]
