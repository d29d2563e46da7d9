"""The snippet runner's guarantees, shown on small broken snippets written for the test."""

import textwrap

import pytest

from tests.support.snippets import check_run, run_snippet


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
