"""GPU memory: weights, KV cache and training state.

Sizes are in bytes. Divide by 1e9 for GB or by 2**30 for GiB.
"""

from dataclasses import dataclass

from startup_math._validate import lookup, positive_int, positive_number

DTYPE_BYTES: dict[str, float] = {
    "fp32": 4,
    "float32": 4,
    "bf16": 2,
    "bfloat16": 2,
    "fp16": 2,
    "float16": 2,
    "fp8": 1,
    "int8": 1,
    "fp4": 0.5,
    "int4": 0.5,
}
"""Bytes per element of each storage type; fp8 is E4M3 or E5M2; fp4 (NVFP4, MXFP4) and int4
pack two values in a byte (their block scales, 1/16 or 1/32 of a byte per value, not counted)."""


def dtype_bytes(dtype: str) -> float:
    """Return the bytes per element of a storage type, ignoring case.

    Args:
        dtype: One of the keys of ``DTYPE_BYTES``, for example ``"bf16"``.

    Returns:
        Bytes per element: 4, 2, 1 or 0.5.

    Raises:
        ValueError: if ``dtype`` is not a string or not a known type; the message lists
            the known names.
    """
    return lookup(DTYPE_BYTES, dtype, arg="dtype", what="dtype")


def weights_bytes(n_params: float, dtype: str = "bf16") -> float:
    """Return the memory taken by the weights alone.

    Quantized formats also store scales (a few percent more); they are not counted.

    Args:
        n_params: Number of parameters.
        dtype: Storage type, see ``DTYPE_BYTES``.

    Returns:
        Bytes, n_params times the bytes per element.

    Raises:
        ValueError: if ``n_params`` is not a finite number greater than zero or ``dtype``
            is unknown.

    Example:
        >>> weights_bytes(7e9, "bf16") / 1e9
        14.0
    """
    n = positive_number("n_params", n_params)
    return n * dtype_bytes(dtype)


def kv_cache_bytes(
    n_layers: int,
    n_kv_heads: int,
    head_dim: int,
    seq_len: int,
    batch_size: int = 1,
    dtype: str = "fp16",
) -> float:
    """Return the size of the key/value cache of a decoder.

    Every layer keeps one key and one value vector per key/value head for every token
    of every sequence: 2 x n_layers x n_kv_heads x head_dim x seq_len x batch_size
    elements. With grouped-query attention (Ainslie et al. 2023, arXiv:2305.13245)
    ``n_kv_heads`` is smaller than the number of query heads, which shrinks the cache.

    Args:
        n_layers: Number of layers.
        n_kv_heads: Key/value heads per layer.
        head_dim: Size of each head.
        seq_len: Tokens held per sequence (prompt plus generated).
        batch_size: Number of sequences.
        dtype: Storage type of the cache, see ``DTYPE_BYTES``.

    Returns:
        Bytes.

    Raises:
        ValueError: if a size is not a positive integer or ``dtype`` is unknown.

    Example:
        >>> kv_cache_bytes(32, 8, 128, seq_len=1)  # Llama 3 8B, one token
        131072
    """
    layers = positive_int("n_layers", n_layers)
    kv_heads = positive_int("n_kv_heads", n_kv_heads)
    size = positive_int("head_dim", head_dim)
    tokens = positive_int("seq_len", seq_len)
    batch = positive_int("batch_size", batch_size)
    elements = 2 * layers * kv_heads * size * tokens * batch
    return elements * dtype_bytes(dtype)


@dataclass(frozen=True)
class TrainingMemory:
    """Bytes of model state for mixed-precision training with AdamW.

    Activations, temporary buffers and framework overhead are not included.

    Attributes:
        weights: 16-bit working copy of the weights (2 bytes per parameter).
        gradients: 16-bit gradients (2 bytes per parameter).
        master_weights: fp32 master copy of the weights (4 bytes per parameter).
        adam_m: fp32 first moment (momentum) of Adam (4 bytes per parameter).
        adam_v: fp32 second moment (variance) of Adam (4 bytes per parameter).
    """

    weights: float
    gradients: float
    master_weights: float
    adam_m: float
    adam_v: float

    @property
    def total(self) -> float:
        """Sum of all parts, 16 bytes per parameter."""
        return self.weights + self.gradients + self.master_weights + self.adam_m + self.adam_v

    def as_dict(self) -> dict[str, float]:
        """Return the parts and the total as a dict."""
        return {
            "weights": self.weights,
            "gradients": self.gradients,
            "master_weights": self.master_weights,
            "adam_m": self.adam_m,
            "adam_v": self.adam_v,
            "total": self.total,
        }


TRAINING_BYTES_PER_PARAM = 16
"""2 + 2 + 4 + 4 + 4 bytes of model state per parameter (ZeRO paper, section 3.1)."""


def training_memory(n_params: float) -> TrainingMemory:
    """Return the model-state memory of mixed-precision AdamW training, without sharding.

    Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training Trillion
    Parameter Models" (arXiv:1910.02054), section 3.1: fp16 (or bf16) weights and
    gradients take 2 + 2 bytes per parameter, and Adam keeps an fp32 copy of the
    weights, the momentum and the variance, 4 + 4 + 4 bytes: 16 bytes per parameter
    in all. Activations are excluded: they depend on batch size, sequence length and
    checkpointing, and often exceed the model state.

    Args:
        n_params: Number of parameters.

    Returns:
        The breakdown; ``.total`` is 16 bytes per parameter.

    Raises:
        ValueError: if ``n_params`` is not a finite number greater than zero.

    Example:
        >>> training_memory(7.5e9).total / 1e9  # ZeRO paper, Figure 1 baseline
        120.0
    """
    n = positive_number("n_params", n_params)
    return TrainingMemory(
        weights=2 * n, gradients=2 * n, master_weights=4 * n, adam_m=4 * n, adam_v=4 * n
    )
