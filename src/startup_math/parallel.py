"""Memory per GPU under data, tensor and pipeline parallelism with ZeRO.

Model state. Mixed-precision Adam keeps, per parameter, 2 bytes of 16-bit weights, 2 of
16-bit gradients and K = 12 bytes of optimizer state (fp32 master weights, momentum and
variance). Data parallelism over Nd GPUs copies all of it to every GPU; ZeRO
(Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training Trillion Parameter
Models", arXiv:1910.02054, section 5 and Figure 1) shards it instead, for Psi parameters:

=======  ============================  ==========================================
stage 0  plain data parallelism        (2 + 2 + K) Psi
stage 1  optimizer state sharded       2 Psi + 2 Psi + K Psi / Nd
stage 2  ... and gradients             2 Psi + (2 + K) Psi / Nd
stage 3  ... and weights (FSDP)        (2 + 2 + K) Psi / Nd
=======  ============================  ==========================================

Tensor parallelism (size t) and pipeline parallelism (p stages) split the parameters
themselves, so each GPU holds Psi / (t p) of them, and ZeRO then shards that share over
the data-parallel size d; the job uses d t p GPUs. The split is taken as even: the
embedding and output layers, which sit on the first and last pipeline stages, are not
placed separately.

DeepSpeed's ZeRO-2 estimator (``estimate_zero2_model_states_mem_needs`` in
``deepspeed/runtime/zero/stage_1_and_2.py``, version 0.19.8) counts 2 Psi + 18 Psi / Nd:
its comment lists 2 bytes of 16-bit gradients, 4 of fp32 gradients, 4 of fp32 weights and
8 of Adam state behind the 18. ``fp32_gradients=True`` adds those 4 bytes per parameter,
sharded like the optimizer state, and then matches it exactly. Its ZeRO-3 estimator
(``deepspeed/runtime/zero/stage3.py``) counts 18 Psi / Nd plus 4 bytes per parameter of
the largest layer: 2 of 16-bit weights and the same 16 of fp32 weights, fp32 gradients and
Adam state (its CPU-offload branches keep 2 on the GPU and 16 on the CPU), no 16-bit
gradient shard; that is 2 Psi / Nd plus the largest-layer term more than stage 3 here.
Activations come from ``startup_math.activations``.
Temporary buffers, the gathered weights of the layer being computed under ZeRO-3,
communication buffers, the CUDA context and fragmentation are not counted.
"""

from dataclasses import dataclass

from startup_math._validate import (
    boolean,
    fraction,
    non_negative_number,
    positive_int,
    positive_number,
)
from startup_math.activations import activation_bytes

ZERO_STAGES = (0, 1, 2, 3)
"""ZeRO stages: 0 is plain data parallelism, 3 shards everything (like PyTorch FSDP)."""

OPTIMIZER_BYTES_PER_PARAM = 12
"""K for mixed-precision Adam: fp32 master weights, momentum and variance (ZeRO, section 3.1)."""

FP32_GRADIENT_BYTES = 4
"""Bytes per parameter of the fp32 gradient copy that DeepSpeed's estimators count."""


@dataclass(frozen=True)
class GPUMemory:
    """Bytes held by one GPU during training.

    Attributes:
        weights: 16-bit weights (2 bytes per parameter held).
        gradients: 16-bit gradients, plus the fp32 copy when counted.
        optimizer_state: fp32 master weights, Adam momentum and variance.
        activations: Activations kept for the backward pass.
    """

    weights: float
    gradients: float
    optimizer_state: float
    activations: float = 0

    @property
    def model_state(self) -> float:
        """Weights, gradients and optimizer state, without activations."""
        return self.weights + self.gradients + self.optimizer_state

    @property
    def total(self) -> float:
        """Sum of all parts."""
        return self.model_state + self.activations

    def as_dict(self) -> dict[str, float]:
        """Return the parts, the model state and the total as a dict."""
        return {
            "weights": self.weights,
            "gradients": self.gradients,
            "optimizer_state": self.optimizer_state,
            "activations": self.activations,
            "model_state": self.model_state,
            "total": self.total,
        }

    def fits(self, gpu_memory: float, usable: float = 1.0) -> bool:
        """Say whether the total fits in a GPU's memory.

        Args:
            gpu_memory: Memory of one GPU in bytes, for example
                ``get_gpu("H100-SXM").memory_bytes``.
            usable: Fraction of that memory the training may fill; below 1 it leaves
                room for what this model does not count (buffers, CUDA context,
                fragmentation).

        Returns:
            True if ``total <= gpu_memory * usable``.

        Raises:
            ValueError: if ``gpu_memory`` is not a finite number greater than zero or
                ``usable`` is not in (0, 1].

        Example:
            >>> GPUMemory(weights=2e9, gradients=2e9, optimizer_state=12e9).fits(16e9)
            True
            >>> GPUMemory(weights=2e9, gradients=2e9, optimizer_state=12e9).fits(16e9, 0.9)
            False
        """
        capacity = positive_number("gpu_memory", gpu_memory)
        return self.total <= capacity * fraction("usable", usable)


def _zero_stage(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in ZERO_STAGES:
        raise ValueError(f"zero_stage must be 0, 1, 2 or 3, got {value!r}")
    return value


def zero_model_state(
    n_params: float,
    zero_stage: int,
    data_parallel: int,
    *,
    optimizer_bytes_per_param: float = OPTIMIZER_BYTES_PER_PARAM,
    fp32_gradients: bool = False,
) -> GPUMemory:
    """Return the model-state bytes per GPU of data-parallel training with ZeRO.

    Rajbhandari et al. 2020 (arXiv:1910.02054), section 5 and Figure 1: see the module
    docstring. Stage 3 holds exactly (2 + 2 + K) Psi / Nd, 16 Psi / Nd for Adam.

    Args:
        n_params: Parameters Psi held by the data-parallel group (all of them, or the
            share of one tensor- and pipeline-parallel rank).
        zero_stage: 0, 1, 2 or 3.
        data_parallel: Data-parallel size Nd, the GPUs that share the state.
        optimizer_bytes_per_param: K, 12 for mixed-precision Adam.
        fp32_gradients: Count DeepSpeed's fp32 gradient copy, 4 bytes per parameter
            sharded from stage 1 on (or whole at stage 0).

    Returns:
        The breakdown, with ``activations`` zero.

    Raises:
        ValueError: if ``n_params`` is not a finite number greater than zero,
            ``zero_stage`` is not 0 to 3, ``data_parallel`` is not a positive integer,
            ``optimizer_bytes_per_param`` is negative or not finite, or
            ``fp32_gradients`` is not a bool.

    Example:
        >>> tuple(round(zero_model_state(7.5e9, s, 64).total / 1e9, 2) for s in (0, 1, 2, 3))
        (120.0, 31.41, 16.64, 1.88)
    """
    psi = positive_number("n_params", n_params)
    stage = _zero_stage(zero_stage)
    nd = positive_int("data_parallel", data_parallel)
    k = non_negative_number("optimizer_bytes_per_param", optimizer_bytes_per_param)
    fp32 = boolean("fp32_gradients", fp32_gradients)

    def shard(nbytes: float, from_stage: int) -> float:
        return nbytes / nd if stage >= from_stage else nbytes

    # The fp32 gradients belong to the optimizer's partition: sharded from stage 1 on.
    fp32_grads = shard(FP32_GRADIENT_BYTES * psi, 1) if fp32 else 0
    return GPUMemory(
        weights=shard(2 * psi, 3),
        gradients=shard(2 * psi, 2) + fp32_grads,
        optimizer_state=shard(k * psi, 1),
    )


def memory_per_gpu(
    n_params: float,
    *,
    n_layers: int,
    d_model: int,
    n_heads: int,
    seq_len: int,
    micro_batch: int = 1,
    data_parallel: int = 1,
    tensor_parallel: int = 1,
    pipeline_parallel: int = 1,
    zero_stage: int = 0,
    recompute: str = "none",
    sequence_parallel: bool = False,
    n_micro_batches: int | None = None,
    optimizer_bytes_per_param: float = OPTIMIZER_BYTES_PER_PARAM,
    fp32_gradients: bool = False,
) -> GPUMemory:
    """Return the bytes held by the most loaded GPU of a d x t x p training job.

    Model state: ``zero_model_state`` of the n_params / (t p) parameters each tensor-
    and pipeline-parallel rank holds, sharded over the data-parallel size d. Activations:
    ``activation_bytes`` (Korthikanti et al. 2022, arXiv:2205.05198, Table 2), for the
    first pipeline stage, which under the 1F1B schedule keeps p micro-batches of its
    L/p layers (Narayanan et al. 2021, arXiv:2104.04473, section 2.2.1).

    Args:
        n_params: Parameters of the whole model.
        n_layers: Transformer layers L.
        d_model: Hidden size h.
        n_heads: Attention heads a.
        seq_len: Sequence length s.
        micro_batch: Micro-batch size b per GPU.
        data_parallel: Data-parallel size d.
        tensor_parallel: Tensor-parallel size t.
        pipeline_parallel: Pipeline stages p.
        zero_stage: 0, 1, 2 or 3, applied over the data-parallel group.
        recompute: ``"none"``, ``"selective"`` or ``"full"``.
        sequence_parallel: Whether sequence parallelism is on.
        n_micro_batches: Micro-batches per step; ``None`` means at least p.
        optimizer_bytes_per_param: K, 12 for mixed-precision Adam.
        fp32_gradients: Count DeepSpeed's fp32 gradient copy.

    Returns:
        The per-GPU breakdown; ``.fits(bytes)`` checks it against a GPU.

    Raises:
        ValueError: if any argument is invalid, as in ``zero_model_state`` and
            ``activation_bytes``.

    Example:
        >>> m = memory_per_gpu(
        ...     6.738e9, n_layers=32, d_model=4096, n_heads=32, seq_len=4096,
        ...     data_parallel=8, zero_stage=3, recompute="full",
        ... )
        >>> round(m.model_state / 1e9, 2), round(m.activations / 1e9, 2)
        (13.48, 1.07)
    """
    psi = positive_number("n_params", n_params)
    t = positive_int("tensor_parallel", tensor_parallel)
    p = positive_int("pipeline_parallel", pipeline_parallel)
    activations = activation_bytes(
        seq_len,
        micro_batch,
        d_model,
        n_heads,
        n_layers,
        tensor_parallel=t,
        sequence_parallel=sequence_parallel,
        recompute=recompute,
        pipeline_parallel=p,
        n_micro_batches=n_micro_batches,
    )
    state = zero_model_state(
        psi / (t * p),
        zero_stage,
        data_parallel,
        optimizer_bytes_per_param=optimizer_bytes_per_param,
        fp32_gradients=fp32_gradients,
    )
    return GPUMemory(
        weights=state.weights,
        gradients=state.gradients,
        optimizer_state=state.optimizer_state,
        activations=activations,
    )
