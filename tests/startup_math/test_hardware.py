import re

import pytest

from startup_math import GPUS, get_gpu, gpu_names

# Dense BF16 tensor TFLOPS, memory GB, bandwidth TB/s from the NVIDIA datasheets:
# A100 Tensor Core GPU (2021): 312 TFLOPS (624 with sparsity), 40 GB at 1,555 GB/s and
# 80 GB SXM at 2,039 GB/s. H100 Tensor Core GPU (2022): SXM 1,979 sparse (989 dense),
# 80 GB, 3.35 TB/s; PCIe 1,513 sparse (756 dense), 80 GB, 2 TB/s. H200 (2024): 1,979
# sparse, 141 GB, 4.8 TB/s. L4 (2023): 242 sparse (121 dense), 24 GB, 300 GB/s.
EXPECTED = {
    "A100-40GB-SXM": (312, 40, 1.555),
    "A100-80GB-SXM": (312, 80, 2.039),
    "H100-SXM": (989, 80, 3.35),
    "H100-PCIe": (756, 80, 2.0),
    "H200-SXM": (989, 141, 4.8),
    "L4": (121, 24, 0.3),
}
SPARSE_DATASHEET_TFLOPS = {"H100-SXM": 1979, "H100-PCIe": 1513, "H200-SXM": 1979, "L4": 242}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_datasheet_figures(name):
    gpu = get_gpu(name)
    assert (gpu.bf16_tflops, gpu.memory_gb, gpu.bandwidth_tbps) == EXPECTED[name]
    assert gpu.name == name
    assert "datasheet" in gpu.source


@pytest.mark.parametrize("name", list(SPARSE_DATASHEET_TFLOPS))
def test_dense_is_half_the_sparsity_figure(name):
    assert get_gpu(name).bf16_tflops == pytest.approx(SPARSE_DATASHEET_TFLOPS[name] / 2, abs=1)


def test_units():
    h100 = get_gpu("H100-SXM")
    assert h100.peak_flops == 989e12
    assert h100.memory_bytes == 80e9
    assert h100.bandwidth_bytes_per_s == 3.35e12


def test_table_and_names_agree():
    assert gpu_names() == list(EXPECTED)
    assert set(GPUS) == {name.lower() for name in EXPECTED}


def test_lookup_ignores_case():
    assert get_gpu("h100-pcie") is get_gpu("H100-PCIe")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("V100", "unknown GPU 'V100': name must be one of " + ", ".join(EXPECTED)),
        ("", "unknown GPU '': name must be one of A100-40GB-SXM"),
        (100, "name must be a string, got int 100"),
        (None, "name must be a string, got NoneType None"),
    ],
)
def test_unknown_gpu_lists_known_names(name, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        get_gpu(name)
