"""Fully sharded data parallelism with PyTorch FSDP2 (fully_shard), checked against one process.

Run it with torchrun, which starts one process per device:

    torchrun --standalone --nproc_per_node=2 snippets/practice/fsdp_torch.py
"""

import argparse
import copy
import os
import sys

import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.device_mesh import init_device_mesh
from torch.distributed.fsdp import fully_shard
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
        "  torchrun --standalone --nproc_per_node=2 snippets/practice/fsdp_torch.py"
    )
if args.epochs < 1:
    parser.error(f"--epochs must be at least 1, got {args.epochs}")

rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
local_rank = int(os.environ["LOCAL_RANK"])
accelerator = torch.accelerator.current_accelerator(check_available=True)
device = torch.device("cpu")
if args.device == "auto" and accelerator is not None:
    if torch.accelerator.device_count() >= int(os.environ["LOCAL_WORLD_SIZE"]):
        device = torch.device(accelerator.type, local_rank)  # one device per process
if device.type != "cpu":
    torch.accelerator.set_device_index(local_rank)
backend = dist.get_default_backend_for_device(device)  # gloo on CPU, nccl on CUDA
dist.init_process_group(backend, device_id=device if device.type != "cpu" else None)
mesh = init_device_mesh(device.type, (world,))  # the processes that share the model


def say(*parts):
    """Print once, from rank 0."""
    if rank == 0:
        print(*parts, flush=True)


say(f"processes: {world}")
say(f"device: {device.type}")
say(f"backend: {backend}")

# The same data as the DDP example: label 1 outside the unit circle.
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
reference = copy.deepcopy(model).to(device)  # rank 0 also trains this copy alone
model.to(device)
for layer in model:
    if isinstance(layer, nn.Linear):
        fully_shard(layer, mesh=mesh)  # each layer's weights are gathered only while it runs
fully_shard(model, mesh=mesh)
optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
reference_optimizer = torch.optim.SGD(reference.parameters(), lr=0.2, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()


def gather(tensor):
    """The tensor from every process, in rank order (the same call on every rank)."""
    parts = [torch.empty_like(tensor) for _ in range(world)]
    dist.all_gather(parts, tensor)
    return parts


def full_parameters(net):
    """All parameters as one vector, gathered from the shards (the same call on every rank)."""
    return torch.cat([p.full_tensor().detach().reshape(-1) for p in net.parameters()])


steps, largest_gap = 0, 0.0
for epoch in range(1, args.epochs + 1):
    sampler.set_epoch(epoch)
    total = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()  # FSDP reduce-scatters the gradients: each process keeps its shard's
        optimizer.step()  # and updates only the parameters it holds
        steps += 1
        total += loss.item()
        if steps == 1:
            # Model state per process: parameters, gradients and SGD's momentum, all sharded.
            def state_bytes(tensors):
                return sum(t.to_local().numel() * t.element_size() for t in tensors)

            held = state_bytes(model.parameters()) + state_bytes(p.grad for p in model.parameters())
            held += state_bytes(s["momentum_buffer"] for s in optimizer.state.values())
            full = 3 * sum(p.numel() * p.element_size() for p in reference.parameters())
            say(f"model state per process: {held:,} of {full:,} bytes ({held / full:.1%})")

        # Proof: the sharded model took the same step as one process on the whole global batch.
        params = full_parameters(model)
        batches = gather(x), gather(y)
        full_x, full_y = torch.cat(batches[0]), torch.cat(batches[1])
        if rank == 0:
            reference_loss = loss_fn(reference(full_x), full_y)
            reference_optimizer.zero_grad()
            reference_loss.backward()
            reference_optimizer.step()
            alone = torch.cat([p.detach().reshape(-1) for p in reference.parameters()])
            largest_gap = max(largest_gap, (alone - params).abs().max().item())
    mean_loss = torch.tensor(total / len(loader), device=device)
    dist.all_reduce(mean_loss, op=dist.ReduceOp.AVG)
    say(f"epoch {epoch}  train loss {mean_loss.item():.4f}")

# The shards are disjoint: each process holds its own rows of every weight matrix.
first = next(model.parameters())
local, whole = first.to_local().detach(), first.full_tensor().detach()
start = next(i for i in range(len(whole)) if torch.equal(whole[i : i + len(local)], local))
spans = gather(torch.tensor([start, start + len(local) - 1], device=device))
held_rows = [f"rank {r} holds rows {int(a)}-{int(b)}" for r, (a, b) in enumerate(spans)]
say(f"first layer's weight {tuple(first.shape)}: " + ", ".join(held_rows))
with torch.no_grad():
    accuracy = (model(test_x).argmax(dim=1) == test_y).float().mean().item()
    if rank == 0:
        reference_accuracy = (reference(test_x).argmax(dim=1) == test_y).float().mean().item()
if rank == 0:
    print(f"steps: {steps}; one process on the full batch: largest parameter difference "
          f"{'below 1e-5' if largest_gap < 1e-5 else f'{largest_gap:.2e}'}")  # fmt: skip
    print(f"test accuracy: FSDP {accuracy:.4f}, one process {reference_accuracy:.4f}")
failed = rank == 0 and (largest_gap >= 1e-5 or accuracy < 0.9)
dist.destroy_process_group()
if failed:
    sys.exit("FSDP did not match one process, or missed the 0.9 accuracy bar")
