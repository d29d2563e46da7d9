"""Peak figures of common data-centre GPUs.

The tensor-core figures are dense BF16 (equal to dense FP16 on these parts). NVIDIA
datasheets print the 2:4 structured-sparsity figure, twice the dense one, with an
asterisk; the table below halves it. Real training reaches a fraction of the peak: see
``startup_math.cost`` for model FLOPs utilization (MFU).

Memory is the datasheet figure in GB, treated as 10^9 bytes. On the HBM parts the
capacity is in fact binary (80 GB is 80 GiB), so ``memory_bytes`` errs low by about 7%,
the safe side for a fit check. Bandwidth is in TB/s, 10^12 bytes per second.
"""

from dataclasses import dataclass

from startup_math._validate import lookup


@dataclass(frozen=True)
class GPU:
    """Peak figures of one GPU model, from its datasheet.

    Attributes:
        name: Short name used for the lookup, for example ``"H100-SXM"``.
        bf16_tflops: Dense BF16/FP16 tensor-core peak in TFLOPS (10^12 FLOP/s).
        memory_gb: Memory in GB.
        bandwidth_tbps: Memory bandwidth in TB/s.
        source: Where the figures come from.
    """

    name: str
    bf16_tflops: float
    memory_gb: float
    bandwidth_tbps: float
    source: str

    @property
    def peak_flops(self) -> float:
        """Dense BF16 peak in FLOP/s."""
        return self.bf16_tflops * 1e12

    @property
    def memory_bytes(self) -> float:
        """Memory in bytes (GB times 10^9)."""
        return self.memory_gb * 1e9

    @property
    def bandwidth_bytes_per_s(self) -> float:
        """Memory bandwidth in bytes per second."""
        return self.bandwidth_tbps * 1e12


_A100 = "NVIDIA A100 Tensor Core GPU datasheet (2021); BF16 312 TFLOPS dense (624 sparse)"
_H100 = "NVIDIA H100 Tensor Core GPU datasheet (2022); BF16 {} TFLOPS sparse, halved"

GPUS: dict[str, GPU] = {
    gpu.name.lower(): gpu
    for gpu in (
        GPU("A100-40GB-SXM", 312, 40, 1.555, _A100),
        GPU("A100-80GB-SXM", 312, 80, 2.039, _A100),
        GPU("H100-SXM", 989, 80, 3.35, _H100.format("1,979")),
        GPU("H100-PCIe", 756, 80, 2.0, _H100.format("1,513")),
        GPU(
            "H200-SXM",
            989,
            141,
            4.8,
            "NVIDIA H200 Tensor Core GPU datasheet (2024); BF16 1,979 TFLOPS sparse, halved",
        ),
        GPU(
            "L4",
            121,
            24,
            0.3,
            "NVIDIA L4 Tensor Core GPU datasheet (2023); BF16 242 TFLOPS sparse, halved",
        ),
    )
}
"""Known GPUs, keyed by lower-case name."""


def gpu_names() -> list[str]:
    """Return the names of the known GPUs, in table order."""
    return [gpu.name for gpu in GPUS.values()]


def get_gpu(name: str) -> GPU:
    """Look up a GPU by name, ignoring case.

    Args:
        name: A name from ``gpu_names()``, for example ``"A100-80GB-SXM"``.

    Returns:
        The GPU's peak figures.

    Raises:
        ValueError: if ``name`` is not a string or not a known GPU; the message lists the
            known names.

    Example:
        >>> get_gpu("h100-sxm").bf16_tflops
        989
    """
    return lookup(GPUS, name, arg="name", what="GPU", known=gpu_names())
