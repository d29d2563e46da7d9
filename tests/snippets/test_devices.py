"""How the snippets choose a device, and what they say when they cannot have the one asked for."""

import os
import subprocess
import sys
import textwrap

import pytest

from tests.support.snippets import NETGUARD, SNIPPETS, all_snippets, display, run_snippet

TORCH_SNIPPETS = [
    p for p in all_snippets() if "import torch" in p.read_text(encoding="utf-8")
    and p.parent.name in {"math", "practice"}
]  # fmt: skip
MATH_TORCH = [p for p in TORCH_SNIPPETS if p.parent.name == "math"]


def test_there_are_pytorch_snippets_in_both_chapters():
    assert len(MATH_TORCH) >= 7
    assert len(TORCH_SNIPPETS) - len(MATH_TORCH) >= 7


@pytest.mark.parametrize("snippet", TORCH_SNIPPETS, ids=display)
def test_pytorch_snippets_ask_torch_accelerator_for_the_device(snippet):
    # One idiom for CUDA, Apple MPS, Intel XPU and the rest; no CUDA-only test.
    source = snippet.read_text(encoding="utf-8")
    assert "torch.accelerator.current_accelerator(check_available=True)" in source
    assert "torch.cuda.is_available()" not in source
    assert "torch.backends.mps.is_available()" not in source
    # Deterministic kernels where they exist, never a failed GPU run where they do not.
    for line in source.splitlines():
        if "use_deterministic_algorithms(" in line:
            assert "warn_only=True" in line, f"{display(snippet)}: {line.strip()}"


def _absent_accelerator() -> str:
    import torch

    present = torch.accelerator.current_accelerator(check_available=True)
    return next(kind for kind in ("cuda", "mps", "xpu") if present is None or present.type != kind)


def test_an_accelerator_that_is_not_there_is_a_usage_error(tmp_path):
    kind = _absent_accelerator()
    run = run_snippet(SNIPPETS / "practice" / "xor_torch.py", "--device", kind, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "usage: xor_torch.py" in run.stderr
    assert f"--device {kind}: not available here (accelerator found: " in run.stderr


def _run_as_if_on_a_mac(snippet, tmp_path):
    """Run a snippet with PyTorch reporting Apple's MPS as the accelerator."""
    wrapper = tmp_path / "on_a_mac.py"
    wrapper.write_text(
        textwrap.dedent(
            f"""
            import runpy, sys
            import torch
            def mps(check_available=False):
                return torch.device("mps")
            torch.accelerator.current_accelerator = mps
            sys.argv = [{str(snippet)!r}]
            runpy.run_path({str(snippet)!r}, run_name="__main__")
            """
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(NETGUARD))
    return subprocess.run(
        [sys.executable, str(wrapper)], cwd=tmp_path, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("snippet", MATH_TORCH, ids=display)
def test_math_snippets_say_that_mps_has_no_float64_and_use_the_cpu(snippet, tmp_path):
    done = _run_as_if_on_a_mac(snippet, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    first, *rest = done.stdout.splitlines()
    assert first == "device: cpu (mps has no float64)"
    expected = snippet.with_suffix(".out").read_text(encoding="utf-8").splitlines()
    assert expected[0] == "device: cpu"
    assert rest == expected[1:]


@pytest.mark.parametrize("name", ["ddp_torch.py", "fsdp_torch.py"])
def test_distributed_examples_started_without_torchrun_say_how_to_start_them(name, tmp_path):
    done = subprocess.run(
        [sys.executable, str(SNIPPETS / "practice" / name)],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(NETGUARD)),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "error: start this script with torchrun, for example:" in done.stderr
    assert f"torchrun --standalone --nproc_per_node=2 snippets/practice/{name}" in done.stderr


@pytest.mark.parametrize("name", ["ddp_torch.py", "fsdp_torch.py", "mirrored_tf.py"])
def test_distributed_examples_reject_a_bad_epoch_count(name, tmp_path):
    run = run_snippet(SNIPPETS / "practice" / name, "--epochs", "0", cwd=tmp_path)
    assert run.returncode != 0
    assert run.stdout == ""
    assert "--epochs must be at least 1, got 0" in run.stderr
