"""Peak figures of common data-centre GPUs, and a dated snapshot of rental prices.

The tensor-core figures are dense: no structured sparsity. NVIDIA datasheets print the
2:4 structured-sparsity figure, twice the dense one, with an asterisk ("Shown with
sparsity. Specifications 1/2 lower without sparsity", NVIDIA H100 Tensor Core GPU
datasheet, 2022); where a datasheet prints only that figure, the table halves it and the
``source`` says so. Dense FP16 equals dense BF16 on every part listed. FP8 is the dense
8-bit floating-point tensor peak (E4M3/E5M2, Micikevicius et al. 2022, "FP8 Formats for
Deep Learning", arXiv:2209.05433); parts without FP8 tensor cores (the A100, compute
capability 8.0; Transformer Engine requires 8.9 or higher, Transformer Engine "Datatype
and hardware support matrix") have ``fp8_tflops=None``. Real training reaches a fraction
of the peak: see ``startup_math.cost`` for model FLOPs utilization (MFU).

Memory is the datasheet figure in GB, treated as 10^9 bytes. On the HBM parts the
capacity is in fact binary: nvidia-smi reports 81,920 MiB (exactly 80 GiB) on an
A100-SXM4-80GB, so ``memory_bytes`` errs low by about 7%, the safe side for a fit check.
Bandwidth is in TB/s, 10^12 bytes per second.

The ratio of a peak to the bandwidth is the ridge point of the roofline model (Williams,
Waterman and Patterson 2009, "Roofline: an insightful visual performance model for
multicore architectures", Communications of the ACM 52(4)): a kernel that does fewer
FLOPs per byte it reads than this cannot reach the peak and is memory-bound.

``PRICE_SNAPSHOT`` holds a few on-demand prices copied from a provider's public pricing
page, each with the date it was checked and its address. It is a snapshot, not a
promise: prices change without notice and differ by region, provider and commitment.
"""

from dataclasses import dataclass

from startup_math._validate import lookup

DTYPES = ("bf16", "fp16", "fp8")
"""Precisions ``GPU.peak_flops_for`` knows."""

SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class GPU:
    """Peak figures of one GPU model, from its datasheet.

    Attributes:
        name: Short name used for the lookup, for example ``"H100-SXM"``.
        bf16_tflops: Dense BF16/FP16 tensor-core peak in TFLOPS (10^12 FLOP/s).
        memory_gb: Memory in GB.
        bandwidth_tbps: Memory bandwidth in TB/s.
        source: Where the figures come from.
        fp8_tflops: Dense FP8 tensor-core peak in TFLOPS, or ``None`` where the part has
            no FP8 tensor cores.
        vendor: ``"NVIDIA"`` or ``"AMD"``.
    """

    name: str
    bf16_tflops: float
    memory_gb: float
    bandwidth_tbps: float
    source: str
    fp8_tflops: float | None = None
    vendor: str = "NVIDIA"

    @property
    def peak_flops(self) -> float:
        """Dense BF16 peak in FLOP/s, the default of every calculator."""
        return self.bf16_tflops * 1e12

    @property
    def memory_bytes(self) -> float:
        """Memory in bytes (GB times 10^9)."""
        return self.memory_gb * 1e9

    @property
    def bandwidth_bytes_per_s(self) -> float:
        """Memory bandwidth in bytes per second."""
        return self.bandwidth_tbps * 1e12

    def peak_flops_for(self, dtype: str) -> float:
        """Return the dense tensor-core peak in FLOP/s for one precision.

        Args:
            dtype: ``"bf16"``, ``"fp16"`` or ``"fp8"``, in any case.

        Returns:
            The dense peak in FLOP/s; BF16 and FP16 are the same on every part listed.

        Raises:
            ValueError: if ``dtype`` is not a string or not one of ``DTYPES``, or is
                ``"fp8"`` on a part without FP8 tensor cores.

        Example:
            >>> get_gpu("H100-SXM").peak_flops_for("fp8") / 1e12
            1979.0
        """
        key = lookup({d: d for d in DTYPES}, dtype, arg="dtype", what="dtype")
        if key != "fp8":
            return self.peak_flops
        if self.fp8_tflops is None:
            raise ValueError(
                f"{self.name} has no FP8 tensor cores: dtype 'fp8' is not available on it, "
                "use 'bf16' or 'fp16'"
            )
        return self.fp8_tflops * 1e12

    def ridge_point(self, dtype: str = "bf16") -> float:
        """Return the peak FLOP/s divided by the bandwidth, in FLOPs per byte.

        A kernel doing fewer FLOPs per byte of memory it reads is memory-bound on this
        part: it cannot reach the peak, whatever the code (Williams, Waterman and
        Patterson 2009, the roofline model).

        Args:
            dtype: Precision of the peak, as in ``peak_flops_for``.

        Returns:
            FLOPs per byte.

        Raises:
            ValueError: as ``peak_flops_for``.

        Example:
            >>> round(get_gpu("A100-80GB-SXM").ridge_point(), 1)
            153.0
        """
        return self.peak_flops_for(dtype) / self.bandwidth_bytes_per_s


_A100 = "NVIDIA A100 Tensor Core GPU datasheet (2021); BF16 312 TFLOPS dense (624 sparse); no FP8"
_H100 = "NVIDIA H100 Tensor Core GPU datasheet (2022); BF16 {} and FP8 {} TFLOPS sparse, halved"

GPUS: dict[str, GPU] = {
    gpu.name.lower(): gpu
    for gpu in (
        GPU("A100-40GB-SXM", 312, 40, 1.555, _A100),
        GPU("A100-80GB-SXM", 312, 80, 2.039, _A100),
        GPU("H100-SXM", 989, 80, 3.35, _H100.format("1,979", "3,958"), fp8_tflops=1979),
        GPU("H100-PCIe", 756, 80, 2.0, _H100.format("1,513", "3,026"), fp8_tflops=1513),
        GPU(
            "H200-SXM",
            989,
            141,
            4.8,
            "NVIDIA H200 Tensor Core GPU datasheet (2024); BF16 1,979 and FP8 3,958 TFLOPS "
            "sparse, halved",
            fp8_tflops=1979,
        ),
        GPU(
            "B200-SXM",
            2250,
            180,
            7.7,
            "NVIDIA Blackwell datasheet (2025), HGX B200, individual GPU; FP16/BF16 4.5 and "
            "FP8 9 PFLOPS sparse, halved; 180 GB HBM3e at 7.7 TB/s (HGX B200 total 1.4 TB); "
            "the 192 GB often quoted is the 'up to' figure of NVIDIA's Blackwell "
            "architecture technical brief",
            fp8_tflops=4500,
        ),
        GPU(
            "H20",
            148,
            96,
            4.0,
            "NVIDIA HGX H20 specifications as listed by a reseller and reported by Tom's "
            "Hardware (2024), not an NVIDIA datasheet; BF16 148 and FP8 296 TFLOPS dense, "
            "96 GB HBM3 at 4.0 TB/s",
            fp8_tflops=296,
        ),
        GPU(
            "L4",
            121,
            24,
            0.3,
            "NVIDIA L4 Tensor Core GPU datasheet (2023); BF16 242 and FP8 485 TFLOPS "
            "sparse, halved",
            fp8_tflops=242.5,
        ),
        GPU(
            "L40S",
            362.05,
            48,
            0.864,
            "NVIDIA L40S GPU datasheet (2023); BF16 362.05 and FP8 733 TFLOPS dense, as "
            "printed (733 and 1,466 sparse); 48 GB GDDR6 at 864 GB/s",
            fp8_tflops=733,
        ),
        GPU(
            "MI300X",
            1307.4,
            192,
            5.3,
            "AMD ROCm documentation, 'AMD Instinct MI300 series microarchitecture': peak "
            "matrix FP16/BF16 1,307.4 and FP8 2,614.9 TFLOPS dense, 5.3 TB/s; 192 GB HBM3 "
            "(AMD's MLPerf Inference v4.1 system description)",
            fp8_tflops=2614.9,
            vendor="AMD",
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


@dataclass(frozen=True)
class PriceQuote:
    """One on-demand rental price, as a provider's public pricing page showed it.

    A snapshot, not a promise: the price held when it was checked, at that provider, for
    that offer only.

    Attributes:
        checked: When the page was read, for example ``"checked December 2026"``, or
            the month the page itself shows.
        provider: Who rents the GPU.
        offer: Which product and billing mode.
        gpu: The GPU as the provider names it, memory included.
        price: The price as the page prints it.
        currency: ISO 4217 code, for example ``"USD"``.
        per_seconds: Seconds of one GPU that ``price`` pays for: 1 for a per-second
            price, 3600 for a per-hour one.
        source: Address of the pricing page.
    """

    checked: str
    provider: str
    offer: str
    gpu: str
    price: float
    currency: str
    per_seconds: int
    source: str

    @property
    def per_gpu_hour(self) -> float:
        """The price of one GPU for one hour, in ``currency``."""
        return self.price * SECONDS_PER_HOUR / self.per_seconds


_RUNPOD = "https://docs.runpod.io/serverless/pricing"
_FLEX = "Serverless flex worker: scales to zero, billed per second, no commitment"

PRICE_SNAPSHOT: tuple[PriceQuote, ...] = tuple(
    PriceQuote("checked December 2026", "Runpod", _FLEX, gpu, price, "USD", 1, _RUNPOD)
    for gpu, price in (
        ("B200 (180 GB)", 0.00240),
        ("H200 PRO (141 GB)", 0.00155),
        ("H100 PRO (80 GB)", 0.00116),
        ("A100 (80 GB)", 0.00076),
        ("L40, L40S, 6000 Ada PRO (48 GB)", 0.00053),
    )
)
"""A few on-demand GPU prices from Runpod's serverless pricing page, which shows no date.

A snapshot, never a promise: check the source before relying on a price.
"""
