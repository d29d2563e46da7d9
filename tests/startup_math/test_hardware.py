import math
import re

import pytest

from startup_math import GPUS, get_gpu, gpu_names
from startup_math.hardware import DTYPES, PRICE_SNAPSHOT, PriceQuote, compute_dtype

# Dense BF16 TFLOPS, dense FP8 TFLOPS (None: no FP8 tensor cores), memory GB, bandwidth TB/s.
# NVIDIA A100 Tensor Core GPU datasheet (2021): BF16 312 TFLOPS (624 with sparsity), 40 GB
#   at 1,555 GB/s, 80 GB SXM at 2,039 GB/s; no FP8 (compute capability 8.0; Transformer
#   Engine "Datatype and hardware support matrix": FP8 needs 8.9 or higher).
# NVIDIA H100 Tensor Core GPU datasheet (2022), "* Shown with sparsity. Specifications 1/2
#   lower without sparsity": SXM BF16 1,979*, FP8 3,958*, 80 GB, 3,350 GB/s; PCIe BF16
#   1,513*, FP8 3,026*, 80 GB, 2,000 GB/s.
# NVIDIA H200 (2024): SXM BF16 1,979*, FP8 3,958*, 141 GB HBM3e, 4.8 TB/s.
# NVIDIA Blackwell datasheet (2025), HGX B200 individual GPU: FP16/BF16 4.5 PFLOPS*, FP8
#   9 PFLOPS*, 180 GB HBM3e, 7.7 TB/s.
# NVIDIA HGX H20 as reported by Tom's Hardware (2024): BF16 148, FP8 296 TFLOPS, 96 GB
#   HBM3, 4.0 TB/s; the H100 SXM is 6.68x its FP16 tensor peak, so 148 is dense (989/148).
# NVIDIA L4 Tensor Core GPU datasheet (2023): BF16 242*, FP8 485*, 24 GB, 300 GB/s.
# NVIDIA L40S datasheet (2023): BF16 362.05 (733*), FP8 733 (1,466*), 48 GB GDDR6, 864 GB/s.
# AMD ROCm documentation, "AMD Instinct MI300 series microarchitecture", peak-performance
#   table: matrix FP16/BF16 1,307.4, matrix FP8 2,614.9 TFLOPS, 5.3 TB/s; 192 GB HBM3
#   (AMD MLPerf Inference v4.1 system "AMD Instinct MI300X-NPS1-SPX-192GB-750W").
EXPECTED = {
    "A100-40GB-SXM": (312, None, 40, 1.555),
    "A100-80GB-SXM": (312, None, 80, 2.039),
    "H100-SXM": (989, 1979, 80, 3.35),
    "H100-PCIe": (756, 1513, 80, 2.0),
    "H200-SXM": (989, 1979, 141, 4.8),
    "B200-SXM": (2250, 4500, 180, 7.7),
    "H20": (148, 296, 96, 4.0),
    "L4": (121, 242.5, 24, 0.3),
    "L40S": (362.05, 733, 48, 0.864),
    "MI300X": (1307.4, 2614.9, 192, 5.3),
    "MI325X": (1307.4, 2614.9, 256, 6.0),
    "MI355X": (2500, 5000, 288, 8.0),
    "Ascend-910B2": (353, None, 64, 1.6),
}
VENDORS = {"MI300X": "AMD", "MI325X": "AMD", "MI355X": "AMD", "Ascend-910B2": "Huawei"}

# Figures the datasheets print only with sparsity (TFLOPS), which the table halves.
SPARSE_BF16 = {"H100-SXM": 1979, "H100-PCIe": 1513, "H200-SXM": 1979, "B200-SXM": 4500, "L4": 242}
SPARSE_FP8 = {
    "H100-SXM": 3958,
    "H100-PCIe": 3026,
    "H200-SXM": 3958,
    "B200-SXM": 9000,
    "L4": 485,
    "L40S": 1466,
}
# Parts whose datasheet FP8 peak is twice the BF16 one, up to the datasheet's rounding
# (H100 PCIe: 3,026 vs 2 x 1,513 sparse; L4: 485 vs 2 x 242; MI300X: 2,614.9 vs 2 x 1,307.4).
FP8_IS_TWICE_BF16 = [
    "H100-SXM",
    "H100-PCIe",
    "H200-SXM",
    "B200-SXM",
    "H20",
    "L4",
    "MI300X",
    "MI325X",
    "MI355X",
]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_datasheet_figures(name):
    gpu = get_gpu(name)
    assert (gpu.bf16_tflops, gpu.fp8_tflops, gpu.memory_gb, gpu.bandwidth_tbps) == EXPECTED[name]
    assert gpu.name == name
    assert gpu.vendor == VENDORS.get(name, "NVIDIA")
    assert re.search(r"\(20\d\d\)", gpu.source) or "ROCm documentation" in gpu.source


@pytest.mark.parametrize("name", list(SPARSE_BF16))
def test_dense_bf16_is_half_the_sparsity_figure(name):
    assert get_gpu(name).bf16_tflops == pytest.approx(SPARSE_BF16[name] / 2, abs=1)


@pytest.mark.parametrize("name", list(SPARSE_FP8))
def test_dense_fp8_is_half_the_sparsity_figure(name):
    assert get_gpu(name).fp8_tflops == pytest.approx(SPARSE_FP8[name] / 2, abs=0.5)


@pytest.mark.parametrize("name", FP8_IS_TWICE_BF16)
def test_fp8_is_twice_bf16(name):
    gpu = get_gpu(name)
    assert gpu.fp8_tflops == pytest.approx(2 * gpu.bf16_tflops, abs=1)


def test_l40s_keeps_the_datasheet_dense_figures_as_printed():
    # The L40S datasheet prints BF16 362.05 dense but 733 with sparsity, and FP8 733 dense:
    # not exactly 2x. The table keeps the printed dense figures rather than "fixing" them.
    l40s = get_gpu("L40S")
    assert l40s.fp8_tflops / l40s.bf16_tflops == pytest.approx(2.0246, abs=1e-4)


def test_units():
    h100 = get_gpu("H100-SXM")
    assert h100.peak_flops == 989e12
    assert h100.memory_bytes == 80e9
    assert h100.bandwidth_bytes_per_s == 3.35e12


@pytest.mark.parametrize("name", list(EXPECTED))
def test_peak_flops_for(name):
    gpu = get_gpu(name)
    assert gpu.peak_flops_for("bf16") == gpu.peak_flops
    assert gpu.peak_flops_for("FP16") == gpu.peak_flops
    for dtype, figure in (
        ("fp8", gpu.fp8_tflops),
        ("int8", gpu.int8_tops),
        ("fp4", gpu.fp4_tflops),
    ):
        if figure is not None:
            assert gpu.peak_flops_for(dtype) == figure * 1e12
            assert gpu.supports(dtype)
        else:
            assert not gpu.supports(dtype)


def test_peak_flops_for_h100():
    assert get_gpu("H100-SXM").peak_flops_for("fp8") == 1979e12
    assert get_gpu("B200-SXM").peak_flops_for("Bf16") == 2250e12


@pytest.mark.parametrize(
    ("dtype", "message"),
    [
        ("fp32", "unknown dtype 'fp32': dtype must be one of bf16, fp16, fp8, int8, fp4"),
        ("int4", "unknown dtype 'int4': dtype must be one of bf16, fp16, fp8, int8, fp4"),
        ("", "unknown dtype '': dtype must be one of bf16, fp16, fp8, int8, fp4"),
        (8, "dtype must be a string, got int 8"),
        (None, "dtype must be a string, got NoneType None"),
    ],
)
def test_peak_flops_for_rejects_unknown_dtypes(dtype, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        get_gpu("H100-SXM").peak_flops_for(dtype)


@pytest.mark.parametrize("name", ["A100-40GB-SXM", "A100-80GB-SXM"])
def test_fp8_on_a_part_without_fp8(name):
    message = f"{name} has no FP8 tensor peak: dtype 'fp8' is not available on it"
    with pytest.raises(ValueError, match=re.escape(message)):
        get_gpu(name).peak_flops_for("FP8")
    with pytest.raises(ValueError, match=re.escape(message)):
        get_gpu(name).ridge_point("fp8")


def test_ridge_point():
    # 989e12 FLOP/s over 3.35e12 bytes/s
    assert get_gpu("H100-SXM").ridge_point() == pytest.approx(295.2239, abs=1e-4)
    assert get_gpu("H100-SXM").ridge_point("fp8") == pytest.approx(590.7463, abs=1e-4)
    assert get_gpu("A100-80GB-SXM").ridge_point() == pytest.approx(153.0162, abs=1e-4)
    assert get_gpu("H20").ridge_point() == pytest.approx(37.0)
    for gpu in GPUS.values():
        assert gpu.ridge_point() == pytest.approx(gpu.peak_flops / gpu.bandwidth_bytes_per_s)


def test_dtypes():
    assert DTYPES == ("bf16", "fp16", "fp8", "int8", "fp4")


def test_table_and_names_agree():
    assert gpu_names() == list(EXPECTED)
    assert set(GPUS) == {name.lower() for name in EXPECTED}


def test_lookup_ignores_case():
    assert get_gpu("h100-pcie") is get_gpu("H100-PCIe")
    assert get_gpu("mi300x") is get_gpu("MI300X")
    assert get_gpu("b200-sxm").vendor == "NVIDIA"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("V100", "unknown GPU 'V100': name must be one of " + ", ".join(EXPECTED)),
        ("", "unknown GPU '': name must be one of A100-40GB-SXM"),
        ("B200", "unknown GPU 'B200': name must be one of A100-40GB-SXM"),
        (100, "name must be a string, got int 100"),
        (None, "name must be a string, got NoneType None"),
    ],
)
def test_unknown_gpu_lists_known_names(name, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        get_gpu(name)


# Runpod, "Pricing" (serverless), docs.runpod.io/serverless/pricing, flex cost per second,
# page undated, checked December 2026: B200 180 GB $0.00240, H200 PRO 141 GB $0.00155,
# H100 PRO 80 GB $0.00116, A100 80 GB $0.00076, L40/L40S/6000 Ada PRO 48 GB $0.00053.
RUNPOD_PER_SECOND = {
    "B200 (180 GB)": 0.00240,
    "H200 PRO (141 GB)": 0.00155,
    "H100 PRO (80 GB)": 0.00116,
    "A100 (80 GB)": 0.00076,
    "L40, L40S, 6000 Ada PRO (48 GB)": 0.00053,
}


def test_price_snapshot_figures():
    assert {quote.gpu: quote.price for quote in PRICE_SNAPSHOT} == RUNPOD_PER_SECOND
    h100 = next(quote for quote in PRICE_SNAPSHOT if quote.gpu.startswith("H100"))
    assert h100.per_gpu_hour == pytest.approx(4.176)


@pytest.mark.parametrize("quote", PRICE_SNAPSHOT, ids=lambda quote: quote.gpu)
def test_price_snapshot_fields(quote):
    assert isinstance(quote, PriceQuote)
    assert re.fullmatch(
        r"(checked )?(January|February|March|April|May|June|July|August|"
        r"September|October|November|December) 20\d\d",
        quote.checked,
    )
    assert quote.price > 0 and math.isfinite(quote.price)
    assert quote.per_gpu_hour == pytest.approx(quote.price * 3600 / quote.per_seconds)
    assert quote.per_seconds in (1, 3600)
    assert re.fullmatch(r"[A-Z]{3}", quote.currency)
    assert re.fullmatch(r"https://[\w.-]+/\S*", quote.source)
    assert quote.provider and quote.offer and quote.gpu


def test_price_quote_is_frozen():
    with pytest.raises(AttributeError):
        PRICE_SNAPSHOT[0].price = 0.0


def test_low_precision_peaks_from_the_datasheets():
    # Dense figures: the B200's FP4 is printed dense (9 PFLOPS), its INT8 sparse (9 POPS, halved)
    b200 = get_gpu("B200-SXM")
    assert (b200.peak_flops_for("fp4"), b200.peak_flops_for("int8")) == (9000e12, 4500e12)
    mi355x = get_gpu("MI355X")
    assert mi355x.peak_flops_for("fp4") == 2 * mi355x.peak_flops_for("fp8") == 10000e12
    assert get_gpu("A100-80GB-SXM").peak_flops_for("int8") == 624e12
    message = "H100-SXM has no FP4 tensor peak: dtype 'fp4' is not available on it"
    with pytest.raises(ValueError, match=re.escape(message)):
        get_gpu("H100-SXM").peak_flops_for("fp4")


@pytest.mark.parametrize(
    ("gpu", "weights", "activations", "runs_in"),
    [
        ("H100-SXM", "bf16", None, "bf16"),
        ("H100-SXM", "fp32", None, "bf16"),
        ("H100-SXM", "fp16", None, "fp16"),
        ("H100-SXM", "fp8", None, "fp8"),
        ("H100-SXM", "fp8", "bf16", "bf16"),  # W8A16: the wider operand sets the format
        ("H100-SXM", "int8", None, "int8"),  # W8A8 (SmoothQuant)
        ("H100-SXM", "int4", None, "bf16"),  # W4A16 (AWQ, GPTQ, Marlin)
        ("H100-SXM", "int4", "fp8", "fp8"),  # W4A8 with FP8 activations
        ("A100-80GB-SXM", "int4", "int8", "int8"),  # W4A8 with INT8 activations
        ("B200-SXM", "fp4", None, "fp4"),  # NVFP4
        ("B200-SXM", "fp4", "fp8", "fp8"),
        ("MI355X", "fp4", None, "fp4"),  # MXFP4
    ],
)
def test_compute_dtype_is_the_wider_operand(gpu, weights, activations, runs_in):
    assert compute_dtype(get_gpu(gpu), weights, activations) == runs_in


def test_quantizing_further_never_lowers_the_peak_at_the_default_pairing():
    # int4 weights multiply in bf16 by default, but never in a format slower than bf16
    for gpu in GPUS.values():
        bf16 = gpu.peak_flops_for(compute_dtype(gpu, "bf16"))
        for weights in ("fp8", "int8", "fp4", "int4"):
            try:
                runs_in = compute_dtype(gpu, weights)
            except ValueError:
                continue
            assert gpu.peak_flops_for(runs_in) >= bf16, (gpu.name, weights)


@pytest.mark.parametrize(
    ("gpu", "weights", "activations", "message"),
    [
        ("A100-80GB-SXM", "fp8", None, "A100-80GB-SXM has no FP8 tensor peak: weights in fp8"),
        ("H100-SXM", "fp4", None, "H100-SXM has no FP4 tensor peak: weights in fp4"),
        ("H100-SXM", "fp8", "int8", "tensor cores multiply integers with integers"),
        ("H100-SXM", "int4", "fp4", "tensor cores multiply integers with integers"),
        ("H100-SXM", "int3", None, "unknown weight dtype 'int3'"),
        ("H100-SXM", "bf16", "fp32", "unknown activation dtype 'fp32'"),
    ],
)
def test_compute_dtype_refuses_what_the_gpu_cannot_run(gpu, weights, activations, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        compute_dtype(get_gpu(gpu), weights, activations)
