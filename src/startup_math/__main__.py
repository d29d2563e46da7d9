"""Command-line interface: ``python -m startup_math <command> ...``.

Commands:

* ``params``: exact parameter count of a GPT-2, Llama or BERT architecture, or a preset.
* ``train``: training FLOPs, GPU-hours, wall-clock days and cost.
* ``memory``: weights per storage type, training memory, KV cache.
* ``chinchilla``: compute-optimal model size and tokens for a compute budget.
* ``decode``: memory-bandwidth bound on decode throughput.

Each prints an aligned table, or JSON with ``--json``. Bad arguments end with exit
status 2 and a message on standard error.
"""

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from startup_math.compute import training_flops
from startup_math.cost import gpu_hours, training_cost, wall_clock_days
from startup_math.decode import decode_step_seconds, decode_tokens_per_second
from startup_math.hardware import get_gpu, gpu_names
from startup_math.memory import kv_cache_bytes, training_memory, weights_bytes
from startup_math.params import (
    PRESETS,
    Architecture,
    BertArchitecture,
    GPT2Architecture,
    LlamaArchitecture,
)
from startup_math.scaling import CHINCHILLA_TOKENS_PER_PARAM, chinchilla_optimal

WEIGHT_DTYPES = ("fp32", "bf16", "fp16", "int8", "int4")


@dataclass(frozen=True)
class Row:
    """One output line: a JSON key, a table label, a value and how to show it."""

    key: str
    label: str
    value: Any
    show: Callable[[Any], str] = str


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _sci(value: float) -> str:
    return f"{value:.3e}"


def _gb(value: float) -> str:
    return f"{value / 1e9:,.2f} GB"


def _fixed(digits: int, unit: str = "") -> Callable[[float], str]:
    return lambda value: f"{value:,.{digits}f}{unit}"


def _print_rows(rows: list[Row], as_json: bool) -> None:
    if as_json:
        print(json.dumps({row.key: row.value for row in rows}, indent=2))
        return
    width = max(len(row.label) for row in rows)
    shown = [row.show(row.value) for row in rows]
    value_width = max(len(text) for text in shown)
    for row, text in zip(rows, shown, strict=True):
        print(f"{row.label:<{width}}  {text:>{value_width}}")


# Size flags each architecture needs and accepts, and the class that checks them.
_ARCH_FLAGS = {
    "gpt2": {
        "required": ("vocab_size", "n_positions", "d_model", "n_layers", "n_heads"),
        "optional": ("d_ff", "tie_embeddings"),
        "build": GPT2Architecture,
    },
    "llama": {
        "required": ("vocab_size", "d_model", "n_layers", "n_heads", "d_ff"),
        "optional": ("n_kv_heads", "head_dim", "tie_embeddings"),
        "build": LlamaArchitecture,
    },
    "bert": {
        "required": ("vocab_size", "n_positions", "d_model", "n_layers", "n_heads", "d_ff"),
        "optional": ("n_token_types", "pooler"),
        "build": BertArchitecture,
    },
}
_ALL_ARCH_DESTS = (
    "vocab_size",
    "n_positions",
    "n_token_types",
    "d_model",
    "n_layers",
    "n_heads",
    "n_kv_heads",
    "head_dim",
    "d_ff",
    "tie_embeddings",
    "pooler",
)


def _flag(dest: str) -> str:
    return "--" + dest.replace("_", "-")


def _architecture(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Architecture:
    """Build the architecture from ``--preset`` or ``--arch`` and the size flags."""
    given = [dest for dest in _ALL_ARCH_DESTS if getattr(args, dest) is not None]
    if args.preset is not None:
        if args.arch is not None or given:
            parser.error("--preset cannot be combined with --arch or size flags")
        return PRESETS[args.preset]
    if args.arch is None:
        parser.error("give --preset or --arch")
    spec = _ARCH_FLAGS[args.arch]
    allowed = set(spec["required"]) | set(spec["optional"])
    extra = [_flag(dest) for dest in given if dest not in allowed]
    if extra:
        parser.error(f"{', '.join(extra)} does not apply to --arch {args.arch}")
    missing = [_flag(dest) for dest in spec["required"] if getattr(args, dest) is None]
    if missing:
        parser.error(f"--arch {args.arch} needs {', '.join(missing)}")
    kwargs = {dest: getattr(args, dest) for dest in given}
    if args.arch == "bert" and "n_token_types" not in kwargs:
        kwargs["n_token_types"] = 2
    return spec["build"](**kwargs)


def _params_rows(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Row]:
    arch = _architecture(args, parser)
    rows = [
        Row(part, part.replace("_", " "), count, _count)
        for part, count in arch.parameter_breakdown().items()
    ]
    rows.append(Row("total", "total", arch.parameter_count(), _count))
    return rows


def _n_params(args: argparse.Namespace, parser: argparse.ArgumentParser) -> float:
    """Parameter count from ``--params`` or ``--preset`` (exactly one)."""
    if (args.params is None) == (args.preset is None):
        parser.error("give exactly one of --params and --preset")
    if args.preset is not None:
        return PRESETS[args.preset].parameter_count()
    return args.params


def _kv_dims(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[int, int, int] | None:
    """KV cache dimensions from the flags, else from a decoder preset, else ``None``."""
    flags = (args.n_layers, args.n_kv_heads, args.head_dim)
    if any(value is not None for value in flags):
        if not all(value is not None for value in flags):
            parser.error("--n-layers, --n-kv-heads and --head-dim must be given together")
        if args.seq_len is None:
            parser.error("--n-layers, --n-kv-heads and --head-dim need --seq-len")
        return flags
    if args.preset is not None:
        arch = PRESETS[args.preset]
        if not isinstance(arch, BertArchitecture):
            return arch.kv_cache_dims()
    return None


def _kv_per_sequence(args: argparse.Namespace, parser: argparse.ArgumentParser) -> float:
    """KV cache bytes of one sequence at ``--seq-len`` tokens, 0 without ``--seq-len``."""
    dims = _kv_dims(args, parser)
    if args.seq_len is None or dims is None:
        return 0.0
    return kv_cache_bytes(*dims, args.seq_len, 1, args.kv_dtype)


def _kv_rows(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Row]:
    """KV cache rows, empty without ``--seq-len``."""
    dims = _kv_dims(args, parser)
    if args.seq_len is None:
        return []
    if dims is None:
        parser.error("--seq-len needs --n-layers, --n-kv-heads and --head-dim, or a decoder preset")
    per_token = kv_cache_bytes(*dims, 1, 1, args.kv_dtype)
    total = kv_cache_bytes(*dims, args.seq_len, args.batch, args.kv_dtype)
    return [
        Row("kv_cache_bytes_per_token", f"KV cache per token ({args.kv_dtype})", per_token, _count),
        Row(
            "kv_cache_bytes",
            f"KV cache, {args.seq_len:,} tokens x {args.batch:,} sequences",
            total,
            _gb,
        ),
    ]


def _train_rows(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Row]:
    n_params = _n_params(args, parser)
    gpu = get_gpu(args.gpu)
    flops = training_flops(n_params, args.tokens)
    hours = gpu_hours(flops, gpu.peak_flops, args.mfu)
    rows = [
        Row("n_params", "parameters", n_params, _count),
        Row("n_tokens", "training tokens", args.tokens, _sci),
        Row("flops", "training FLOPs (6 N D)", flops, _sci),
        Row("gpu", "GPU", gpu.name),
        Row("gpu_peak_tflops", "GPU dense BF16 peak", gpu.bf16_tflops, _fixed(0, " TFLOPS")),
        Row("mfu", "MFU", args.mfu, _fixed(2)),
        Row("gpu_hours", "GPU-hours", hours, _fixed(0)),
        Row("n_gpus", "GPUs", args.gpus, _count),
        Row("days", "wall-clock days", wall_clock_days(hours, args.gpus), _fixed(1)),
    ]
    if args.price is not None:
        cost = training_cost(hours, args.price)
        rows.append(Row("price_per_gpu_hour", "price per GPU-hour", args.price, _fixed(2)))
        rows.append(Row("cost", "cost", cost, _fixed(0)))
    return rows


def _memory_rows(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Row]:
    n_params = _n_params(args, parser)
    rows = [Row("n_params", "parameters", n_params, _count)]
    for dtype in WEIGHT_DTYPES:
        rows.append(
            Row(f"weights_{dtype}_bytes", f"weights {dtype}", weights_bytes(n_params, dtype), _gb)
        )
    parts = training_memory(n_params).as_dict()
    labels = {
        "weights": "training: bf16 weights",
        "gradients": "training: bf16 gradients",
        "master_weights": "training: fp32 master weights",
        "adam_m": "training: Adam m (fp32)",
        "adam_v": "training: Adam v (fp32)",
        "total": "training total, no activations",
    }
    for part, value in parts.items():
        rows.append(Row(f"training_{part}_bytes", labels[part], value, _gb))
    return rows + _kv_rows(args, parser)


def _chinchilla_rows(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Row]:
    optimal = chinchilla_optimal(args.compute, args.tokens_per_param)
    return [
        Row("compute_flops", "compute budget", args.compute, _sci),
        Row("tokens_per_param", "tokens per parameter", args.tokens_per_param, _fixed(1)),
        Row("n_params", "parameters", optimal.n_params, _sci),
        Row("n_tokens", "training tokens", optimal.n_tokens, _sci),
    ]


def _decode_rows(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[Row]:
    n_params = _n_params(args, parser)
    if (args.gpu is None) == (args.bandwidth is None):
        parser.error("give exactly one of --gpu and --bandwidth")
    bandwidth = (
        get_gpu(args.gpu).bandwidth_bytes_per_s if args.gpu is not None else args.bandwidth * 1e12
    )
    weights = weights_bytes(n_params, args.dtype)
    kv_rows = _kv_rows(args, parser)
    kv_per_sequence = _kv_per_sequence(args, parser)
    step = decode_step_seconds(weights, bandwidth, args.batch, kv_per_sequence)
    total = decode_tokens_per_second(weights, bandwidth, args.batch, kv_per_sequence)
    return [
        Row("n_params", "parameters", n_params, _count),
        Row("weight_bytes", f"weights ({args.dtype})", weights, _gb),
        Row("bandwidth_tbps", "memory bandwidth", bandwidth / 1e12, _fixed(3, " TB/s")),
        Row("batch_size", "batch size", args.batch, _count),
        *kv_rows,
        Row("step_ms", "decode step, at least", step * 1e3, _fixed(2, " ms")),
        Row("tokens_per_s", "tokens/s, all sequences, at most", total, _fixed(1)),
        Row("tokens_per_s_per_sequence", "tokens/s per sequence", total / args.batch, _fixed(1)),
    ]


def _add_model_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument("--params", type=float, help="number of parameters, e.g. 7e9")
    group.add_argument("--preset", choices=list(PRESETS), help="a published model instead")


def _add_kv_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("KV cache (decoders)")
    group.add_argument("--seq-len", type=int, help="tokens per sequence held in the cache")
    group.add_argument("--batch", type=int, default=1, help="sequences (default 1)")
    group.add_argument("--n-layers", type=int, help="layers (not needed with --preset)")
    group.add_argument("--n-kv-heads", type=int, help="key/value heads")
    group.add_argument("--head-dim", type=int, help="size of each head")
    group.add_argument("--kv-dtype", default="fp16", help="cache storage type (default fp16)")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="python -m startup_math",
        description="Calculators for the numbers a large-model startup needs first.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str, rows: Callable[..., list[Row]]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(rows=rows, subparser=sub)
        return sub

    params = add("params", "exact parameter count of an architecture", _params_rows)
    params.add_argument("--preset", choices=list(PRESETS), help="a published model")
    params.add_argument("--arch", choices=list(_ARCH_FLAGS), help="architecture family")
    sizes = params.add_argument_group("sizes (with --arch)")
    sizes.add_argument("--vocab-size", dest="vocab_size", type=int)
    sizes.add_argument("--n-positions", dest="n_positions", type=int, help="gpt2, bert")
    sizes.add_argument("--d-model", dest="d_model", type=int, help="hidden size")
    sizes.add_argument("--n-layers", dest="n_layers", type=int)
    sizes.add_argument("--n-heads", dest="n_heads", type=int)
    sizes.add_argument("--d-ff", dest="d_ff", type=int, help="MLP inner size (gpt2: 4 d)")
    sizes.add_argument("--n-kv-heads", dest="n_kv_heads", type=int, help="llama")
    sizes.add_argument("--head-dim", dest="head_dim", type=int, help="llama")
    sizes.add_argument("--n-token-types", dest="n_token_types", type=int, help="bert (2)")
    sizes.add_argument(
        "--tie-embeddings",
        action=argparse.BooleanOptionalAction,
        help="gpt2 (tied by default), llama (untied by default)",
    )
    sizes.add_argument(
        "--pooler", action=argparse.BooleanOptionalAction, help="bert (with pooler by default)"
    )

    train = add("train", "training compute, GPU-hours, days and cost", _train_rows)
    _add_model_flags(train)
    train.add_argument("--tokens", type=float, required=True, help="training tokens, e.g. 2e12")
    train.add_argument("--gpu", required=True, help=f"GPU name, one of {', '.join(gpu_names())}")
    train.add_argument("--mfu", type=float, default=0.4, help="utilization (default 0.4)")
    train.add_argument("--gpus", type=int, default=1, help="number of GPUs (default 1)")
    train.add_argument("--price", type=float, help="price per GPU-hour")

    memory = add("memory", "weights, training memory and KV cache", _memory_rows)
    _add_model_flags(memory)
    _add_kv_flags(memory)

    chinchilla = add("chinchilla", "compute-optimal size for a budget", _chinchilla_rows)
    chinchilla.add_argument("--compute", type=float, required=True, help="FLOPs, e.g. 5.88e23")
    chinchilla.add_argument(
        "--tokens-per-param",
        type=float,
        default=CHINCHILLA_TOKENS_PER_PARAM,
        help="tokens per parameter (default 20)",
    )

    decode = add("decode", "bandwidth bound on decode throughput", _decode_rows)
    _add_model_flags(decode)
    decode.add_argument("--dtype", default="bf16", help="weight storage type (default bf16)")
    decode.add_argument("--gpu", help=f"GPU name, one of {', '.join(gpu_names())}")
    decode.add_argument("--bandwidth", type=float, help="memory bandwidth in TB/s")
    _add_kv_flags(decode)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (errors exit with status 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    subparser: argparse.ArgumentParser = args.subparser
    try:
        rows = args.rows(args, subparser)
    except ValueError as error:
        subparser.error(str(error))
    _print_rows(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
