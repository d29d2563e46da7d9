"""Datasheet GB against the memory nvidia-smi reports on three HBM parts."""

from startup_math import get_gpu

MIB = 2**20
GIB = 2**30
# memory.total as nvidia-smi prints it, in MiB
NVIDIA_SMI_MIB = {"A100-80GB-SXM": 81920, "H100-SXM": 81559, "H200-SXM": 143771}

print(f"{'GPU':<14}{'datasheet':>10}{'nvidia-smi':>12}{'in GiB':>8}{'in GB':>8}{'more':>7}")
for name, mib in NVIDIA_SMI_MIB.items():
    gpu = get_gpu(name)
    actual = mib * MIB  # bytes
    more = actual / gpu.memory_bytes - 1  # than the datasheet GB read as 10^9 bytes
    row = f"{name:<14}{gpu.memory_gb:>7g} GB{mib:>8,} MiB{actual / GIB:>8.1f}"
    print(row + f"{actual / 1e9:>8.1f}{more:>7.1%}")
