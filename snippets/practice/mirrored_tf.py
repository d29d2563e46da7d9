"""Data-parallel training with TensorFlow's MirroredStrategy, checked against one device.

With a GPU for each replica (two by default) it mirrors the model on them; otherwise it splits
the CPU into logical devices, so the same code runs, and proves the same things, on a laptop.
"""

import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's C++ log
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # the same CPU kernels on every CPU

import keras
import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--device",
    choices=["auto", "cpu"],
    default="auto",
    help="auto: one GPU per replica if there are enough, else logical CPU devices",
)
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--replicas", type=int, default=2, help="how many copies of the model")
args = parser.parse_args()
if args.epochs < 1:
    parser.error(f"--epochs must be at least 1, got {args.epochs}")
if args.replicas < 1:
    parser.error(f"--replicas must be at least 1, got {args.replicas}")
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
gpus = tf.config.list_physical_devices("GPU")
if len(gpus) < args.replicas:
    # Split the CPU into logical devices, one per replica (before TensorFlow starts).
    tf.config.set_visible_devices([], "GPU")
    cpu = tf.config.list_physical_devices("CPU")[0]
    split = [tf.config.LogicalDeviceConfiguration()] * args.replicas
    tf.config.set_logical_device_configuration(cpu, split)
kind = "GPU" if len(gpus) >= args.replicas else "CPU"
devices = [d.name for d in tf.config.list_logical_devices(kind)][: args.replicas]
strategy = tf.distribute.MirroredStrategy(devices)
replicas = strategy.num_replicas_in_sync
print(f"replicas: {replicas}")
print(f"device: {kind.lower()}")

keras.utils.set_random_seed(0)
tf.config.experimental.enable_op_determinism()
tf.config.experimental.enable_tensor_float_32_execution(False)  # float32 on GPUs too, no TF32

# The same task as the PyTorch examples: label 1 outside the unit circle.
rng = np.random.default_rng(0)
points = (rng.standard_normal((1024 + 512, 2)) * 0.9).astype(np.float32)
labels = (np.linalg.norm(points, axis=1) > 1.0).astype(np.int32)
x_train, y_train, x_test, y_test = points[:1024], labels[:1024], points[1024:], labels[1024:]
global_batch = 64
dataset = (
    tf.data.Dataset.from_tensor_slices((x_train, y_train, np.arange(len(x_train))))
    .shuffle(len(x_train), seed=0)
    .batch(global_batch)
)
# Each global batch of 64 is split into one part per replica.
batches = strategy.experimental_distribute_dataset(dataset)
print(f"data: {len(x_train)} train / {len(x_test)} test points; global batch {global_batch}, "
      f"{global_batch // replicas} per replica")  # fmt: skip


def build():
    return keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(64, activation="tanh"),
            keras.layers.Dense(64, activation="tanh"),
            keras.layers.Dense(2),
        ]
    )


with strategy.scope():  # variables created here are mirrored: one copy per replica
    model = build()
    optimizer = keras.optimizers.SGD(learning_rate=0.2, momentum=0.9)
    optimizer.build(model.trainable_variables)  # its momentum is mirrored too
print(f"model: {model.count_params():,} parameters")
reference = build()  # one device, trained on the whole global batch
reference.set_weights(model.get_weights())
reference_optimizer = keras.optimizers.SGD(learning_rate=0.2, momentum=0.9)
reference_optimizer.build(reference.trainable_variables)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)


@tf.function
def distributed_step(inputs):
    def step(x, y, index):
        with tf.GradientTape() as tape:
            # Divide by the global batch, not the replica's: the replicas' gradients are summed.
            loss = tf.nn.compute_average_loss(loss_fn(y, model(x)), global_batch_size=global_batch)
        gradients = tape.gradient(loss, model.trainable_variables)
        # Under the strategy, the optimizer sums the replicas' gradients before it applies them.
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        return loss, index

    losses, index = strategy.run(step, args=inputs)
    return strategy.reduce("SUM", losses, axis=None), index


@tf.function
def reference_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(loss_fn(y, reference(x)))
    gradients = tape.gradient(loss, reference.trainable_variables)
    reference_optimizer.apply_gradients(zip(gradients, reference.trainable_variables, strict=True))


def accuracy(net):
    return float((np.argmax(keras.ops.convert_to_numpy(net(x_test)), axis=1) == y_test).mean())


steps, in_sync, largest_gap = 0, 0, 0.0
for epoch in range(1, args.epochs + 1):
    total, count, shards = 0.0, 0, [[] for _ in range(replicas)]
    for inputs in batches:
        loss, index = distributed_step(inputs)
        steps, count = steps + 1, count + 1
        total += float(loss)
        parts = [keras.ops.convert_to_numpy(i) for i in strategy.experimental_local_results(index)]
        for shard, part in zip(shards, parts, strict=True):
            shard.extend(part.tolist())
        # Proof 1: every replica holds exactly the same variables after the step.
        copies = [strategy.experimental_local_results(v.value) for v in model.trainable_variables]
        in_sync += all(
            len(c) == replicas and all(np.array_equal(c[0], o) for o in c[1:]) for c in copies
        )
        # Proof 2: one device training on the whole global batch takes the same step.
        whole = np.concatenate(parts)
        reference_step(x_train[whole], y_train[whole])
        for mirrored, single in zip(model.get_weights(), reference.get_weights(), strict=True):
            largest_gap = max(largest_gap, float(np.abs(mirrored - single).max()))
    if epoch == 1:
        seen = [i for shard in shards for i in shard]
        print("shards: " + ", ".join(f"replica {r} had {len(s)}" for r, s in enumerate(shards))
              + f"; {len(seen) - len(set(seen))} shared, {len(set(seen))} of {len(x_train)} "
              "covered")  # fmt: skip
    print(f"epoch {epoch}  train loss {total / count:.4f}")

print(f"steps: {steps}; variables identical in all {replicas} replicas after {in_sync} of {steps}")
print(f"one device on the full batch: largest parameter difference "
      f"{'below 1e-5' if largest_gap < 1e-5 else f'{largest_gap:.2e}'}")  # fmt: skip
mirrored_accuracy, reference_accuracy = accuracy(model), accuracy(reference)
print(
    f"test accuracy: MirroredStrategy {mirrored_accuracy:.4f}, one device {reference_accuracy:.4f}"
)
if in_sync != steps or largest_gap >= 1e-5 or mirrored_accuracy < 0.9:
    sys.exit("MirroredStrategy did not match one device, or missed the 0.9 accuracy bar")
