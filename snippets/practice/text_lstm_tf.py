"""Topic classification of short Chinese sentences with a character-level LSTM, in Keras 3."""

# %%
import argparse
import os
import random
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's C++ log
# oneDNN's custom CPU kernels are on by default only on some CPUs, where they change the
# rounding and announce themselves on stderr; off, every CPU runs the same kernels.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
parser.add_argument("--figure", default="text_lstm_tf.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
    parser.error("--device gpu: no GPU is visible to TensorFlow")
print("device:", "gpu" if tf.config.list_logical_devices("GPU") else "cpu")

keras.utils.set_random_seed(0)  # seeds Python, NumPy and TensorFlow
tf.config.experimental.enable_op_determinism()
tf.config.experimental.enable_tensor_float_32_execution(False)  # float32 on GPUs too, no TF32

# %%
# Synthetic news sentences in four topics, built from word lists with a seeded generator.
TOPICS = ["sports", "finance", "weather", "tech"]
SUBJECTS = [
    "主队 客队 国家队 卫冕冠军 这支球队 老将 新秀 前锋".split(),
    "股市 股价 港股 基金 债券 汇率 银行股 成交额".split(),
    "北方 南方 沿海地区 华北 江南 这座城市 山区 明天".split(),
    "新款手机 这款芯片 大模型 操作系统 机器人 数据中心 自动驾驶 这家软件公司".split(),
]
PREDICATES = [
    "赢得比赛 输掉决赛 打进两球 晋级八强 加时取胜 主场告负 成功卫冕 爆冷出局".split(),
    "涨停 跌停 大幅波动 收盘走高 小幅回落 获得融资 遭遇抛售 止跌回升".split(),
    "迎来暴雨 大幅降温 遭遇台风 出现雾霾 持续高温 下起大雪 刮起大风 发布寒潮预警".split(),
    "正式发布 宣布开源 完成升级 修复漏洞 提升算力 支持快充 接入网络 更新系统".split(),
]
SHARED = "创下纪录 引发关注 超出预期 连续上涨 明显下跌 再创新高".split()  # any topic
OPENINGS = ["", "", "今天", "昨天", "本周", "上午", "据报道", "记者获悉", "最新消息：", "周末"]
ENDINGS = ["", "", "", "，引发热议", "，专家表示还会持续", "，市民议论纷纷", "，后续值得关注"]
# Two topics in one sentence: only the word order says which one it is about (topic b).
CONTRASTS = [
    "{o}焦点不是{a}，而是{b}",
    "{o}大家关心的是{b}，不是{a}",
    "{o}比起{a}，更重要的是{b}",
    "{o}虽然{a}，但头条是{b}",
]
rng = random.Random(0)


def clause(topic):
    verb = rng.choice(SHARED) if rng.random() < 0.35 else rng.choice(PREDICATES[topic])
    return rng.choice(SUBJECTS[topic]) + verb


def sentence():
    """Return (text, topic, is_contrast)."""
    topic, opening = rng.randrange(4), rng.choice(OPENINGS)
    if rng.random() < 0.4:
        other = rng.choice([t for t in range(4) if t != topic])
        frame = rng.choice(CONTRASTS)
        return frame.format(o=opening, a=clause(other), b=clause(topic)), topic, True
    text = opening + clause(topic)
    if rng.random() < 0.5:
        text += "，" + clause(topic)
    return text + rng.choice(ENDINGS), topic, False


unique = {}  # text -> (topic, is_contrast): each text once, so no test text is in training
while len(unique) < 4000:
    text, topic, contrast = sentence()
    unique.setdefault(text, (topic, contrast))
texts = np.array(list(unique))
labels = np.array([topic for topic, _ in unique.values()])
contrast = np.array([c for _, c in unique.values()])
split = train_test_split(texts, labels, contrast, test_size=0.3, stratify=labels, random_state=0)
train_text, rest_text, y_train, y_rest, c_train, c_rest = split
val_text, test_text, y_val, y_test, c_val, c_test = train_test_split(
    rest_text, y_rest, c_rest, test_size=0.5, stratify=y_rest, random_state=0
)
print(
    f"data: {len(texts)} unique sentences ({contrast.sum()} with two topics), "
    f"{len(train_text)} train / {len(val_text)} validation / {len(test_text)} test, 4 classes"
)
for i in (0, 1):
    print(f"  {texts[i]} -> {TOPICS[labels[i]]}")


# %%
# Baselines on the same split: always the most frequent class, then logistic regression on
# bags of characters and of adjacent character pairs, which see (almost) no word order.
results = {}  # label -> test accuracy on one-topic and on two-topic sentences


def report(name, label, predicted):
    right = predicted == y_test
    results[label] = right[~c_test].mean(), right[c_test].mean()
    print(
        f"{name}: {right.mean():.4f} (one topic {right[~c_test].mean():.4f}, "
        f"two topics {right[c_test].mean():.4f})"
    )
    return right.mean()


majority = np.bincount(y_train).argmax()
report("baseline, majority class", "majority", np.full_like(y_test, majority))
best_baseline = 0.0
for name, label, ngrams in [
    ("characters", "bag of\ncharacters", (1, 1)),
    ("character pairs", "bag of\npairs", (1, 2)),
]:
    bag = CountVectorizer(analyzer="char", ngram_range=ngrams)
    regression = LogisticRegression(max_iter=1000)
    regression.fit(bag.fit_transform(train_text), y_train)
    predicted = regression.predict(bag.transform(test_text))
    best_baseline = max(best_baseline, report(f"baseline, bag of {name}", label, predicted))

# %%
# Tokens are single characters. TextVectorization maps them to integers: 0 pads short
# sentences, 1 ("[UNK]") stands for characters not seen in training.
max_length = max(len(text) for text in texts)
vectorize = keras.layers.TextVectorization(
    standardize=None, split="character", output_sequence_length=max_length
)
vectorize.adapt(train_text)
vocabulary_size = vectorize.vocabulary_size()
print(f"vocabulary: {vocabulary_size - 2} characters + padding + unknown, longest {max_length}")
x_train, x_val, x_test = (np.asarray(vectorize(t)) for t in (train_text, val_text, test_text))

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(max_length,), dtype="int32"),
        # mask_zero: the LSTM skips padding steps and returns the state after the last character
        keras.layers.Embedding(vocabulary_size, 32, mask_zero=True),
        keras.layers.LSTM(64),
        keras.layers.Dense(4),  # one logit per topic; softmax is inside the loss
    ]
)
epochs, batch_size = 6, 64
# The learning rate falls along a cosine to zero by the last step, so the last epochs settle
# instead of taking full-size steps that a CPU's rounding can steer.
steps = epochs * -(-len(x_train) // batch_size)
model.compile(
    optimizer=keras.optimizers.Adam(
        keras.optimizers.schedules.CosineDecay(3e-3, steps), clipnorm=1.0
    ),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
print(f"parameters: {model.count_params():,}")

# %%
history = model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    validation_data=(x_val, y_val),
    verbose=0,
).history
for epoch in range(2, epochs + 1, 2):
    print(
        f"epoch {epoch:2d}  train loss {history['loss'][epoch - 1]:.4f}  "
        f"validation accuracy {history['val_accuracy'][epoch - 1]:.4f}"
    )

# %%
predicted = model.predict(x_test, verbose=0).argmax(axis=1)
test_accuracy = report("LSTM test accuracy", "LSTM", predicted)
if test_accuracy < 0.90:
    sys.exit(f"test accuracy {test_accuracy:.4f} is below the 0.90 bar")
if test_accuracy <= best_baseline:
    sys.exit(f"test accuracy {test_accuracy:.4f} does not beat the baseline {best_baseline:.4f}")

# %%
# The same characters in another order: a bag of characters cannot tell these two apart.
pair = ["焦点不是港股涨停，而是国家队赢得比赛", "焦点不是国家队赢得比赛，而是港股涨停"]
print(f"two new sentences ({sum(t in unique for t in pair)} of 2 in the data), same characters:")
logits = model.predict(np.asarray(vectorize(pair)), verbose=0)
probabilities = np.asarray(keras.ops.softmax(logits))
for text, p in zip(pair, probabilities, strict=True):
    print(f"  {text} -> {TOPICS[p.argmax()]} (probability {p.max():.4f})")

# %%
fig = Figure(figsize=(9, 3.6), layout="constrained")
curve, bars = fig.subplots(1, 2)
steps = range(1, epochs + 1)
curve.plot(steps, history["loss"], marker="o", label="train loss")
curve.plot(steps, history["val_accuracy"], marker="s", label="validation accuracy")
curve.set(xlabel="epoch", ylim=(0, 1.4), title="Training curve")
curve.legend()
one_topic, two_topics = np.array(list(results.values())).T
x = np.arange(len(results))
bars.bar(x - 0.2, one_topic, width=0.4, label="one topic")
bars.bar(x + 0.2, two_topics, width=0.4, label="two topics")
bars.set(
    xticks=x,
    xticklabels=list(results),
    ylim=(0, 1.3),
    ylabel="accuracy",
    title="Test accuracy by kind of sentence",
)
bars.legend(loc="upper left", ncols=2)
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
