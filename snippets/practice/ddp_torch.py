"""Data-parallel training with PyTorch DDP, checked against one process on the full batch.

Run it with torchrun, which starts one process per device:

    torchrun --standalone --nproc_per_node=2 snippets/practice/ddp_torch.py
"""

import argparse
import copy
import os
import sys

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
parser.add_argument(
    "--device",
    choices=["auto", "cpu"],
    default="auto",
    help="auto: one accelerator per process if there are enough, else the CPU",
)
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
if "RANK" not in os.environ:
    parser.error(
        "start this script with torchrun, for example:\n"
        "  torchrun --standalone --nproc_per_node=2 snippets/practice/ddp_torch.py"
    )
if args.epochs < 1:
    parser.error(f"--epochs must be at least 1, got {args.epochs}")

# torchrun tells each process who it is: RANK (0..WORLD_SIZE-1) and LOCAL_RANK on its machine.
rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
local_rank = int(os.environ["LOCAL_RANK"])
accelerator = torch.accelerator.current_accelerator(check_available=True)
device = torch.device("cpu")
if args.device == "auto" and accelerator is not None:
    if torch.accelerator.device_count() >= int(os.environ["LOCAL_WORLD_SIZE"]):
        device = torch.device(accelerator.type, local_rank)  # one device per process
backend = dist.get_default_backend_for_device(device)  # gloo on CPU, nccl on CUDA
dist.init_process_group(backend, device_id=device if device.type != "cpu" else None)
if device.type != "cpu":
    torch.accelerator.set_device_index(local_rank)


def say(*parts):
    """Print once, from rank 0."""
    if rank == 0:
        print(*parts, flush=True)


say(f"processes: {world}")
say(f"device: {device.type}")
say(f"backend: {backend}")

# Every process builds the same data; the sampler decides which examples each one sees.
# Points in the plane, label 1 outside the unit circle: not linearly separable.
generator = torch.Generator().manual_seed(0)
points = torch.randn(1024 + 512, 2, generator=generator) * 0.9
labels = (points.norm(dim=1) > 1.0).long()
train = TensorDataset(points[:1024], labels[:1024])
test_x, test_y = points[1024:].to(device), labels[1024:].to(device)
global_batch = 64
sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=0)
loader = DataLoader(train, batch_size=global_batch // world, sampler=sampler)
say(f"data: {len(train)} train / {len(test_y)} test points; global batch {global_batch}, "
    f"{global_batch // world} per process")  # fmt: skip

torch.manual_seed(0)  # the same initial weights in every process
model = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 2))
say(f"model: {sum(p.numel() for p in model.parameters()):,} parameters")
reference = copy.deepcopy(model)  # rank 0 also trains this copy alone, on the full global batch
model = DistributedDataParallel(model.to(device))
reference.to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
reference_optimizer = torch.optim.SGD(reference.parameters(), lr=0.2, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()


def gather(tensor):
    """The tensor from every process, in rank order (the same call on every rank)."""
    parts = [torch.empty_like(tensor) for _ in range(world)]
    dist.all_gather(parts, tensor)
    return parts


def flat_parameters(net):
    return torch.cat([p.detach().reshape(-1) for p in net.parameters()])


steps, in_sync, largest_gap = 0, 0, 0.0
for epoch in range(1, args.epochs + 1):
    sampler.set_epoch(epoch)  # a new shuffle each epoch, the same in every process
    # The shards: each process gets its own examples, and together they cover the data.
    shards = gather(torch.tensor(list(sampler), device=device))
    if epoch == 1:
        together = torch.cat(shards)
        say("shards: " + ", ".join(f"rank {r} has {len(s)}" for r, s in enumerate(shards))
            + f"; {len(together) - len(set(together.tolist()))} shared, "
            f"{len(set(together.tolist()))} of {len(train)} covered")  # fmt: skip
    total = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        loss = loss_fn(model(x), y)  # the mean over this process's part of the batch
        optimizer.zero_grad()
        loss.backward()  # DDP averages the gradients of all processes here
        optimizer.step()
        steps += 1
        total += loss.item()

        # Proof 1: after the step, every process holds exactly the same parameters.
        params = gather(flat_parameters(model.module))
        in_sync += all(torch.equal(params[0], p) for p in params[1:])
        # Proof 2: one process training on the whole global batch takes the same step.
        batches = gather(x), gather(y)
        full_x, full_y = torch.cat(batches[0]), torch.cat(batches[1])
        if rank == 0:
            reference_loss = loss_fn(reference(full_x), full_y)
            reference_optimizer.zero_grad()
            reference_loss.backward()
            reference_optimizer.step()
            gap = (flat_parameters(reference) - params[0]).abs().max().item()
            largest_gap = max(largest_gap, gap)
    mean_loss = torch.tensor(total / len(loader), device=device)
    dist.all_reduce(mean_loss, op=dist.ReduceOp.AVG)
    say(f"epoch {epoch}  train loss {mean_loss.item():.4f}")

with torch.no_grad():
    accuracy = (model(test_x).argmax(dim=1) == test_y).float().mean().item()
    if rank == 0:
        reference_accuracy = (reference(test_x).argmax(dim=1) == test_y).float().mean().item()
say(f"steps: {steps}; parameters identical in all {world} processes after {in_sync} of {steps}")
if rank == 0:
    print(f"one process on the full batch: largest parameter difference "
          f"{'below 1e-5' if largest_gap < 1e-5 else f'{largest_gap:.2e}'}")  # fmt: skip
    print(f"test accuracy: DDP {accuracy:.4f}, one process {reference_accuracy:.4f}")
failed = in_sync != steps or (rank == 0 and (largest_gap >= 1e-5 or accuracy < 0.9))
dist.destroy_process_group()
if failed:
    sys.exit("DDP did not match one process, or missed the 0.9 accuracy bar")
