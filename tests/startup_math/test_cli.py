import json
import subprocess
import sys

import pytest


def run(command: str) -> subprocess.CompletedProcess:
    """Run ``python -m startup_math`` with the space-separated arguments in ``command``."""
    return subprocess.run(
        [sys.executable, "-m", "startup_math", *command.split()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_json(command: str) -> dict:
    result = run(command + " --json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_params_table():
    result = run("params --preset llama-3-8b")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].split() == ["total", "8,030,261,248"]
    # Aligned: every value ends in the same column.
    assert len({len(line) for line in lines}) == 1


def test_params_arch_flags_json():
    gpt2 = run_json(
        "params --arch gpt2 --vocab-size 50257 --n-positions 1024 --d-model 768"
        " --n-layers 12 --n-heads 12"
    )
    assert gpt2["total"] == 124_439_808
    assert gpt2["lm_head"] == 0
    llama = run_json(
        "params --arch llama --vocab-size 32000 --d-model 4096 --n-layers 32 --n-heads 32"
        " --d-ff 11008"
    )
    assert llama["total"] == 6_738_415_616
    bert = run_json(
        "params --arch bert --vocab-size 30522 --n-positions 512 --d-model 768 --n-layers 12"
        " --n-heads 12 --d-ff 3072 --no-pooler"
    )
    assert bert["total"] == 108_891_648


def test_train_llama_2_7b():
    # Llama 2 7B at the MFU its paper implies: about 184,320 GPU-hours (arXiv:2307.09288).
    out = run_json(
        "train --params 6.74e9 --tokens 2e12 --gpu a100-80gb-sxm --mfu 0.3907 --gpus 2048 --price 2"
    )
    assert out["flops"] == pytest.approx(8.088e22)
    assert out["gpu_hours"] == pytest.approx(184_320, rel=1e-3)
    assert out["days"] == pytest.approx(184_320 / 2048 / 24, rel=1e-3)
    assert out["cost"] == pytest.approx(368_640, rel=1e-3)
    table = run("train --preset llama-2-7b --tokens 2e12 --gpu H100-SXM")
    assert table.returncode == 0, table.stderr
    assert "GPU-hours" in table.stdout
    assert "cost" not in table.stdout


def test_memory_with_kv_cache():
    out = run_json("memory --preset llama-3-8b --seq-len 8192 --batch 2")
    assert out["kv_cache_bytes_per_token"] == 131_072
    assert out["kv_cache_bytes"] == 131_072 * 8192 * 2
    assert out["training_total_bytes"] == 16 * 8_030_261_248
    flags = run_json("memory --params 7e9 --n-layers 32 --n-kv-heads 32 --head-dim 128 --seq-len 1")
    assert flags["kv_cache_bytes_per_token"] == 524_288
    table = run("memory --params 7e9")
    assert "training total, no activations" in table.stdout
    assert "KV cache" not in table.stdout


def test_chinchilla():
    out = run_json("chinchilla --compute 5.88e23")
    assert out["n_params"] == pytest.approx(70e9)
    assert out["n_tokens"] == pytest.approx(1.4e12)
    assert "7.000e+10" in run("chinchilla --compute 5.88e23").stdout


def test_decode():
    out = run_json("decode --preset llama-2-7b --gpu H100-SXM --seq-len 4096 --batch 8")
    assert out["tokens_per_s"] == pytest.approx(874.2, abs=0.1)
    assert out["tokens_per_s_per_sequence"] == pytest.approx(874.2 / 8, abs=0.1)
    assert "239.3" in run("decode --params 7e9 --bandwidth 3.35").stdout


@pytest.mark.parametrize("command", ["", "params", "train", "memory", "chinchilla", "decode"])
def test_help(command):
    result = run(command + " --help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m startup_math")


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("", "the following arguments are required: COMMAND"),
        ("train --params 7e9 --tokens 1e12 --gpu V100", "unknown GPU 'V100'"),
        (
            "train --params 7e9 --tokens 1e12 --gpu L4 --mfu 1.5",
            "mfu must be greater than zero and at most 1, got 1.5",
        ),
        (
            "train --params seven --tokens 1e12 --gpu L4",
            "argument --params: invalid float value: 'seven'",
        ),
        ("train --tokens 1e12 --gpu L4", "give exactly one of --params and --preset"),
        (
            "params --arch gpt2 --vocab-size 10 --n-positions 8 --d-model 30 --n-layers 2"
            " --n-heads 4",
            "n_heads (4) must divide d_model (30) exactly",
        ),
        ("params --arch llama --vocab-size 10", "--arch llama needs --d-model"),
        ("params --arch gpt2 --n-kv-heads 2", "--n-kv-heads does not apply to --arch gpt2"),
        ("params --preset gpt-5", "argument --preset: invalid choice: 'gpt-5'"),
        ("params --preset gpt2-small --arch gpt2", "--preset cannot be combined"),
        ("params", "give --preset or --arch"),
        ("memory --params 7e9 --seq-len 10", "--seq-len needs --n-layers"),
        ("memory --params 7e9 --n-layers 2", "must be given together"),
        ("memory --preset bert-base-uncased --seq-len 10", "or a decoder preset"),
        ("memory --preset llama-2-7b --seq-len 0", "seq_len must be greater than zero"),
        ("memory --preset llama-2-7b --seq-len 9 --kv-dtype fp8", "unknown dtype 'fp8'"),
        ("chinchilla --compute nan", "compute_flops must be finite, got nan"),
        ("chinchilla --compute -1", "compute_flops must be greater than zero"),
        ("decode --params 7e9", "give exactly one of --gpu and --bandwidth"),
        (
            "decode --params 7e9 --bandwidth 3 --batch 0",
            "batch_size must be greater than zero, got 0",
        ),
    ],
)
def test_bad_arguments_exit_2_with_message(command, message):
    result = run(command)
    assert result.returncode == 2
    assert message in result.stderr
    assert "usage: python -m startup_math" in result.stderr
    assert result.stdout == ""
