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
    assert ["total", "8,030,261,248"] in [line.split() for line in lines]
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
    assert out["bound"] == "memory"
    assert "239.3" in run("decode --params 7e9 --gpu H100-SXM").stdout


def test_decode_applies_the_compute_limit():
    # The case: a 14B model costs 2 x 14e9 FLOPs per token, so an H100 SXM cannot
    # pass 989e12 / 28e9 = 35,321 tokens/s at any batch (the bandwidth bound said 119,643).
    out = run_json("decode --params 14e9 --gpu H100-SXM --batch 1000")
    assert out["bound"] == "compute"
    assert out["tokens_per_s"] == pytest.approx(989e12 / 28e9)


def test_decode_that_does_not_fit_is_an_error():
    # The other case: 16.06 GB of weights and 68.72 GB of KV cache on an 80 GB card.
    result = run("decode --preset llama-3-8b --seq-len 1024 --batch 512 --gpu H100-SXM")
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        "--batch: weights (16.06 GB) + KV cache (68.72 GB) = 84.78 GB do not fit in 80.00 GB"
        in result.stderr
    )


def test_serve_and_break_even():
    out = run_json(
        "serve --preset llama-3-8b --gpu H100-SXM --price 3 --batch 32 --prompt-tokens 1000"
        " --output-tokens 500 --api-input-price 0.28 --api-output-price 0.83"
        " --requests-per-day 100000"
    )
    assert out["decode_bound"] == "memory"
    assert out["replicas"] >= 1
    assert out["api_cost_per_month"] == pytest.approx(
        100_000 * 365 / 12 * (1000 * 0.28 + 500 * 0.83) / 1e6
    )
    assert 0 < out["break_even_utilization"]


def test_decode_shards_over_gpus():
    # DeepSeek-V3's 1,342 GB of bf16 weights need eight 180 GB B200s in fp8 (671 GB).
    out = run_json("decode --preset deepseek-v3 --gpu B200-SXM --gpus 8 --dtype fp8")
    assert out["memory_bytes"] == 8 * 180e9
    assert out["peak_tflops"] == 8 * 4500
    # At batch 1 a step reads only the active parameters: 37.55B bytes in fp8.
    assert out["memory_ms"] == pytest.approx(37_552_282_624 / (8 * 7.7e12) * 1e3)


def test_gpus_finetune_parallel():
    gpus = run_json("gpus")
    assert gpus["H100-SXM"]["bf16_tflops"] == 989
    assert gpus["A100-80GB-SXM"]["fp8_tflops"] is None
    lora = run_json("finetune --preset llama-2-7b --rank 8")
    assert lora["lora_params"] == 4_194_304  # equals peft's count, see test_finetune.py
    assert lora["full_bytes"] == 16 * 6_738_415_616
    allx = run_json("finetune --preset llama-2-7b --rank 8 --targets all-linear --gpu L4")
    assert allx["lora_params"] == 19_988_480
    assert allx["qlora_left_bytes"] == 24e9 - allx["qlora_bytes"]
    par = run_json(
        "parallel --preset llama-3-70b --tensor-parallel 8 --pipeline-parallel 4"
        " --sequence-parallel --recompute selective --gpu H100-SXM"
    )
    assert par["n_gpus"] == 32
    assert par["fits"] is True
    assert par["total_bytes"] == pytest.approx(46.69e9, rel=1e-3)


def test_plan_matches_the_commands_it_combines():
    plan = run_json(
        "plan --preset llama-2-7b --gpu A100-80GB-SXM --price 2 --tokens 2e12 --mfu 0.4 --gpus 1024"
    )
    train = run_json(
        "train --preset llama-2-7b --gpu A100-80GB-SXM --price 2 --tokens 2e12 --mfu 0.4"
        " --gpus 1024"
    )
    assert plan["gpu_hours"] == train["gpu_hours"]
    assert plan["training_cost"] == train["cost"]
    assert "break_even_requests_per_day" not in plan


@pytest.mark.parametrize(
    "command",
    [
        "",
        "params",
        "train",
        "memory",
        "chinchilla",
        "decode",
        "serve",
        "plan",
        "gpus",
        "finetune",
        "parallel",
    ],
)
def test_help(command):
    result = run(command + " --help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m startup_math")


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("", "the following arguments are required: COMMAND"),
        ("train --params 7e9 --tokens 1e12 --gpu V100", "--gpu: unknown gpu 'V100'"),
        (
            "train --params 7e9 --tokens 1e12 --gpu L4 --mfu 1.5",
            "--mfu: mfu must be greater than zero and at most 1, got 1.5",
        ),
        (
            "train --params seven --tokens 1e12 --gpu L4",
            "--params: params must be a number, got 'seven'",
        ),
        ("train --tokens 1e12 --gpu L4", "--params: give exactly one of params and preset"),
        ("train --params 7e9 --gpu L4", "--tokens: tokens is required"),
        (
            "params --arch gpt2 --vocab-size 10 --n-positions 8 --d-model 30 --n-layers 2"
            " --n-heads 4",
            "--n-heads: n_heads (4) must divide d_model (30) exactly",
        ),
        ("params --arch llama --vocab-size 10", "--d-model: d_model is required for arch llama"),
        ("params --arch gpt2 --n-kv-heads 2", "--n-kv-heads: n_kv_heads does not apply to arch"),
        ("params --preset gpt-5", "--preset: unknown preset 'gpt-5': preset must be one of"),
        ("params --preset gpt2-small --arch gpt2", "--preset: preset cannot be combined"),
        ("params", "--preset: give a preset or an architecture"),
        ("params --arch llama --d-model 4.5", "--d-model: d_model must be a whole number"),
        ("memory --params 7e9 --seq-len 10", "--seq-len: seq_len needs n_layers"),
        ("memory --params 7e9 --n-layers 2", "must be given together"),
        ("memory --preset bert-base-uncased --seq-len 10", "or a decoder preset"),
        (
            "memory --preset llama-2-7b --seq-len 0",
            "--seq-len: seq_len must be at least 1, got '0'",
        ),
        (
            "memory --preset llama-2-7b --seq-len 9 --kv-dtype fp6",
            "--kv-dtype: unknown kv_dtype 'fp6'",
        ),
        ("chinchilla --compute nan", "--compute: compute must be finite, got 'nan'"),
        ("chinchilla --compute -1", "--compute: compute must be at least 1, got '-1'"),
        ("decode --params 7e9", "--gpu: gpu is required"),
        ("decode --params 7e9 --gpu L4 --batch 0", "--batch: batch must be at least 1, got '0'"),
        ("decode --params 7e9 --gpu L4 --mbu 0", "--mbu: mbu must be greater than zero"),
        (
            "serve --preset bert-base-uncased --gpu L4 --price 1",
            "--preset: unknown preset 'bert-base-uncased': preset must be one of gpt2-small,",
        ),
        (
            "serve --preset llama-3-8b --gpu L4 --price 1 --requests-per-day 10",
            "--api-input-price: requests_per_day needs the API's prices",
        ),
        (
            "serve --preset llama-3-8b --gpu H100-SXM --price 1 --api-input-price 0"
            " --api-output-price 0",
            "--api-output-price: the API prices cannot both be zero",
        ),
        ("finetune --preset llama-2-7b --targets q_proj,w_proj", "--targets: unknown"),
        ("finetune --preset mixtral-8x7b", "--preset: LoRA counts are for Llama-style"),
        ("finetune --preset llama-2-7b --rank 0", "--rank: rank must be at least 1, got '0'"),
        ("parallel --preset llama-2-7b --zero-stage 4", "--zero-stage: unknown zero_stage '4'"),
        ("parallel --preset llama-2-7b --tensor-parallel 3", "--tensor-parallel:"),
        ("parallel --preset llama-2-7b --recompute some", "--recompute: unknown recompute"),
        ("gpus --gpu V100", "--gpu: unknown gpu 'V100'"),
        (
            "decode --preset deepseek-v3 --gpu B200-SXM",
            "--gpus: the weights alone (1,342.05 GB) do not fit in 180.00 GB",
        ),
        (
            "plan --preset llama-2-7b --gpu A100-80GB-SXM --price 2 --tokens 2e12"
            " --utilization 1.2",
            "--utilization: utilization must be greater than zero and at most 1, got 1.2",
        ),
        (
            "plan --preset llama-3-70b --gpu L4 --price 1 --tokens 1e12",
            "--gpus-per-replica: the weights alone (141.11 GB) do not fit in 24.00 GB",
        ),
    ],
)
def test_bad_arguments_exit_2_with_message(command, message):
    result = run(command)
    assert result.returncode == 2
    assert message in result.stderr
    assert "usage: python -m startup_math" in result.stderr
    assert result.stdout == ""
