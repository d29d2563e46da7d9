"""Peak figures of common data-centre GPUs, and a dated snapshot of rental prices.

The tensor-core figures are dense: no structured sparsity. NVIDIA datasheets print the
2:4 structured-sparsity figure, twice the dense one, with an asterisk ("Shown with
sparsity. Specifications 1/2 lower without sparsity", NVIDIA H100 Tensor Core GPU
datasheet, 2022); where a datasheet prints only that figure, the table halves it and the
``source`` says so. Dense FP16 equals dense BF16 on every part listed. FP8 is the dense
8-bit floating-point tensor peak (E4M3/E5M2, Micikevicius et al. 2022, "FP8 Formats for
Deep Learning", arXiv:2209.05433); parts without FP8 tensor cores (the A100, compute
capability 8.0; Transformer Engine requires 8.9 or higher, Transformer Engine "Datatype
and hardware support matrix") have ``fp8_tflops=None``. INT8 is the dense 8-bit integer
tensor peak in TOPS, and FP4 the dense 4-bit floating-point peak of the parts that have one
(NVFP4 on NVIDIA Blackwell, MXFP4 on AMD CDNA 4); ``None`` where the part has none or its
datasheet does not give it. Real training reaches a fraction of the peak: see
``startup_math.cost`` for model FLOPs utilization (MFU).

Which peak a model runs at depends on the format of both operands of its matrix
multiplications: ``compute_dtype`` gives it for a weight format and an activation format.

Parts whose figures could not be read in a primary source are left out: the H800 (NVIDIA
publishes no datasheet), the B300 and GB200 (NVIDIA's product pages could not be read; the
third-party transcriptions disagree), and Huawei's Ascend 910C.

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

DTYPES = ("bf16", "fp16", "fp8", "int8", "fp4")
"""Precisions ``GPU.peak_flops_for`` knows: the formats tensor cores multiply in."""

ACTIVATION_DTYPES = ("bf16", "fp16", "fp8", "int8", "fp4")
"""Formats the activations of a matrix multiplication can be in."""

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
        vendor: ``"NVIDIA"``, ``"AMD"`` or ``"Huawei"``.
        int8_tops: Dense INT8 tensor peak in TOPS, or ``None``.
        fp4_tflops: Dense FP4 (NVFP4 or MXFP4) tensor peak in TFLOPS, or ``None``.
    """

    name: str
    bf16_tflops: float
    memory_gb: float
    bandwidth_tbps: float
    source: str
    fp8_tflops: float | None = None
    vendor: str = "NVIDIA"
    int8_tops: float | None = None
    fp4_tflops: float | None = None

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
        """Return the dense tensor-core peak in FLOP/s (OP/s for INT8) for one precision.

        Args:
            dtype: One of ``DTYPES`` (``"bf16"``, ``"fp16"``, ``"fp8"``, ``"int8"``,
                ``"fp4"``), in any case.

        Returns:
            The dense peak; BF16 and FP16 are the same on every part listed.

        Raises:
            ValueError: if ``dtype`` is not a string or not one of ``DTYPES``, or the part
                has no tensor cores for it (or its datasheet gives no figure).

        Example:
            >>> get_gpu("H100-SXM").peak_flops_for("fp8") / 1e12
            1979.0
            >>> get_gpu("B200-SXM").peak_flops_for("fp4") / 1e12
            9000.0
        """
        key = lookup({d: d for d in DTYPES}, dtype, arg="dtype", what="dtype")
        if key in ("bf16", "fp16"):
            return self.peak_flops
        figure = {"fp8": self.fp8_tflops, "int8": self.int8_tops, "fp4": self.fp4_tflops}[key]
        if figure is None:
            raise ValueError(
                f"{self.name} has no {key.upper()} tensor peak: dtype {key!r} is not available "
                "on it (or not in its datasheet); use 'bf16' or 'fp16'"
            )
        return figure * 1e12

    def supports(self, dtype: str) -> bool:
        """Whether the part has a tensor peak for ``dtype`` (one of ``DTYPES``)."""
        try:
            self.peak_flops_for(dtype)
        except ValueError:
            return False
        return True

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


_A100 = (
    "NVIDIA A100 Tensor Core GPU datasheet (2021); BF16 312 TFLOPS and INT8 624 TOPS dense "
    "(624 and 1,248 sparse); no FP8"
)
_H100 = (
    "NVIDIA H100 Tensor Core GPU datasheet (2022); BF16 {} and FP8 and INT8 {} TFLOPS/TOPS "
    "sparse, halved"
)
_CDNA3 = (
    "AMD CDNA 3 architecture white paper (2025), Table 2, {}: matrix FP16/BF16 "
    "1,307.4 TFLOPS, FP8 2,614.9 TFLOPS and INT8 2,614.9 TOPS dense; {}"
)

GPUS: dict[str, GPU] = {
    gpu.name.lower(): gpu
    for gpu in (
        GPU("A100-40GB-SXM", 312, 40, 1.555, _A100, int8_tops=624),
        GPU("A100-80GB-SXM", 312, 80, 2.039, _A100, int8_tops=624),
        GPU(
            "H100-SXM",
            989,
            80,
            3.35,
            _H100.format("1,979", "3,958"),
            fp8_tflops=1979,
            int8_tops=1979,
        ),
        GPU(
            "H100-PCIe",
            756,
            80,
            2.0,
            _H100.format("1,513", "3,026"),
            fp8_tflops=1513,
            int8_tops=1513,
        ),
        GPU(
            "H200-SXM",
            989,
            141,
            4.8,
            "NVIDIA H200 Tensor Core GPU datasheet (2024); BF16 1,979 and FP8 and INT8 3,958 "
            "TFLOPS/TOPS sparse, halved",
            fp8_tflops=1979,
            int8_tops=1979,
        ),
        GPU(
            "B200-SXM",
            2250,
            180,
            7.7,
            "NVIDIA Blackwell datasheet (2025), HGX B200, individual GPU; FP16/BF16 4.5, FP8 "
            "9 PFLOPS and INT8 9 POPS sparse, halved; FP4 9 PFLOPS dense as printed (18 "
            "sparse); 180 GB HBM3e at 7.7 TB/s (HGX B200 total 1.4 TB); the 192 GB often "
            "quoted is the 'up to' figure of NVIDIA's Blackwell architecture technical brief",
            fp8_tflops=4500,
            int8_tops=4500,
            fp4_tflops=9000,
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
            "NVIDIA L4 Tensor Core GPU datasheet (2023); BF16 242, FP8 485 TFLOPS and INT8 "
            "485 TOPS sparse, halved",
            fp8_tflops=242.5,
            int8_tops=242.5,
        ),
        GPU(
            "L40S",
            362.05,
            48,
            0.864,
            "NVIDIA L40S GPU datasheet (2023); BF16 362.05, FP8 733 TFLOPS and INT8 733 TOPS "
            "dense, as printed (733 and 1,466 sparse); 48 GB GDDR6 at 864 GB/s",
            fp8_tflops=733,
            int8_tops=733,
        ),
        GPU(
            "MI300X",
            1307.4,
            192,
            5.3,
            "AMD ROCm documentation, 'AMD Instinct MI300 series microarchitecture': peak "
            "matrix FP16/BF16 1,307.4 and FP8 2,614.9 TFLOPS dense, 5.3 TB/s; 192 GB HBM3 "
            "(AMD's MLPerf Inference v4.1 system description); INT8 2,614.9 TOPS dense "
            "(AMD CDNA 3 white paper, Table 2)",
            fp8_tflops=2614.9,
            vendor="AMD",
            int8_tops=2614.9,
        ),
        GPU(
            "MI325X",
            1307.4,
            256,
            6.0,
            _CDNA3.format("MI325X", "256 GB HBM3E at up to 6.0 TB/s"),
            fp8_tflops=2614.9,
            vendor="AMD",
            int8_tops=2614.9,
        ),
        GPU(
            "MI355X",
            2500,
            288,
            8.0,
            "AMD CDNA 4 architecture white paper (2025), Table 2, MI355X: matrix BF16 2.5, "
            "OCP-FP8 5.0, MXFP4 10 PFLOPS and INT8 5.0 POPS dense; 288 GB HBM3E at up to "
            "8.0 TB/s",
            fp8_tflops=5000,
            vendor="AMD",
            int8_tops=5000,
            fp4_tflops=10000,
        ),
        GPU(
            "Ascend-910B2",
            353,
            64,
            1.6,
            "Huawei CANN documentation (2026), cross-platform migration guide (ops-math), Atlas A2 "
            "column (Ascend 910B2): Cube 353 TFLOPS BF16/FP16, 64 GB at 1.6 TB/s; no FP8",
            vendor="Huawei",
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


DEFAULT_ACTIVATIONS = {
    "fp32": "bf16",
    "bf16": "bf16",
    "fp16": "fp16",
    "fp8": "fp8",
    "int8": "int8",
    "fp4": "fp4",
    "int4": "bf16",
}
"""The activation format each weight format is served with unless told otherwise: the same
format for fp8 (FP8 GEMMs), int8 (W8A8, SmoothQuant) and fp4 (NVFP4/MXFP4 GEMMs); bf16 for
int4, whose common kernels (AWQ, GPTQ, Marlin) dequantize the weights and multiply in 16 bits
(W4A16). Pass another activation format for W4A8 and the like."""


def compute_dtype(gpu: GPU, weight_dtype: str, activation_dtype: str | None = None) -> str:
    """Return the tensor format a matrix multiplication runs in, and so its peak.

    A product of weights in one format and activations in another runs at the peak of the
    wider of the two: int4 or fp4 weights with bf16 activations multiply in bf16, fp8
    weights with fp8 activations in fp8. A format the GPU has no tensor peak for is an
    error, not a silent fallback.

    Args:
        gpu: The GPU.
        weight_dtype: Storage format of the weights (``memory.DTYPE_BYTES``).
        activation_dtype: Format of the activations, one of ``ACTIVATION_DTYPES``;
            ``None`` for ``DEFAULT_ACTIVATIONS[weight_dtype]``.

    Returns:
        One of ``DTYPES``: pass it to ``gpu.peak_flops_for``.

    Raises:
        ValueError: if a format is unknown, or the GPU has no tensor peak for the result.

    Example:
        >>> h100 = get_gpu("H100-SXM")
        >>> compute_dtype(h100, "int4"), compute_dtype(h100, "int4", "fp8")
        ('bf16', 'fp8')
    """
    weights = lookup(
        {d: d for d in DEFAULT_ACTIVATIONS}, weight_dtype, arg="weight_dtype", what="weight dtype"
    )
    if activation_dtype is None:
        activations = DEFAULT_ACTIVATIONS[weights]
    else:
        activations = lookup(
            {d: d for d in ACTIVATION_DTYPES},
            activation_dtype,
            arg="activation_dtype",
            what="activation dtype",
        )
    bits = {"fp32": 32, "bf16": 16, "fp16": 16, "fp8": 8, "int8": 8, "fp4": 4, "int4": 4}
    if bits[weights] >= 16 or bits[activations] >= 16:
        wider = "fp16" if "fp16" in (weights, activations) else "bf16"
    else:
        # int4 weights are widened to 8-bit activations' format (W4A8: int8 or fp8); other
        # 8-bit and 4-bit operands must be of one kind, integer or floating point.
        widened = weights == "int4" and bits[activations] == 8
        if not widened and weights[:2] != activations[:2]:
            raise ValueError(
                f"weights in {weights} and activations in {activations}: tensor cores "
                "multiply integers with integers and floats with floats"
            )
        wider = weights if bits[weights] > bits[activations] else activations
    if not gpu.supports(wider):
        raise ValueError(
            f"{gpu.name} has no {wider.upper()} tensor peak: weights in {weights} with "
            f"activations in {activations} run in {wider}; choose another format"
        )
    return wider


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
