"""Topic classification of short Chinese sentences with a character-level LSTM, in PyTorch."""

# %%
import argparse
import os
import random
import sys
from collections import Counter

import numpy as np
import torch
from matplotlib.figure import Figure
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from torch import nn

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument("--figure", default="text_lstm_torch.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
accelerator = torch.accelerator.current_accelerator(check_available=True)  # CUDA, MPS, XPU or None
if args.device == "auto":
    args.device = accelerator.type if accelerator is not None else "cpu"
elif args.device != "cpu" and (accelerator is None or accelerator.type != args.device):
    found = accelerator.type if accelerator is not None else "none"
    parser.error(f"--device {args.device}: not available here (accelerator found: {found})")
print(f"device: {args.device}")

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic CUDA matmuls
torch.manual_seed(0)
# Deterministic kernels where PyTorch has them; on a GPU, an operation that has none
# warns instead of stopping the run.
torch.use_deterministic_algorithms(True, warn_only=True)
torch.backends.fp32_precision = "ieee"  # float32 on GPUs too: no TF32 convolutions or RNNs
torch.set_num_threads(1)  # a model this small runs faster on one CPU thread than on several

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
# Tokens are single characters. Index 0 pads short sentences, 1 stands for unseen characters.
frequency = Counter(char for text in train_text for char in text)
by_frequency = sorted(frequency, key=lambda char: (-frequency[char], char))
vocabulary = {char: i for i, char in enumerate(by_frequency, start=2)}
max_length = max(len(text) for text in texts)
print(f"vocabulary: {len(vocabulary)} characters + padding + unknown, longest {max_length}")


def encode(batch_text):
    ids = torch.zeros(len(batch_text), max_length, dtype=torch.long)
    for row, text in enumerate(batch_text):
        ids[row, : len(text)] = torch.tensor([vocabulary.get(char, 1) for char in text])
    lengths = torch.tensor([len(text) for text in batch_text])
    return ids.to(args.device), lengths.to(args.device)


(x_train, n_train), (x_val, n_val), (x_test, n_test) = map(
    encode, (train_text, val_text, test_text)
)
t_train = torch.from_numpy(y_train).to(args.device)


# %%
class LSTMClassifier(nn.Module):
    def __init__(self, vocabulary_size, embedding_size=32, hidden_size=64, classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary_size, embedding_size, padding_idx=0)
        self.lstm = nn.LSTM(embedding_size, hidden_size, batch_first=True)
        self.output = nn.Linear(hidden_size, classes)  # one logit per topic

    def forward(self, ids, lengths):
        states, _ = self.lstm(self.embedding(ids))  # (batch, max_length, hidden_size)
        # The state after each sentence's last real character; later padding steps are ignored.
        last = states[torch.arange(len(ids), device=ids.device), lengths - 1]
        return self.output(last)


model = LSTMClassifier(len(vocabulary) + 2).to(args.device)
loss_fn = nn.CrossEntropyLoss()  # log-softmax over the 4 logits + negative log-likelihood
epochs, batch_size = 6, 64
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
# The learning rate falls along a cosine to zero by the last step, so the last epochs settle
# instead of taking full-size steps that a CPU's rounding can steer.
steps = epochs * -(-len(x_train) // batch_size)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
print(f"parameters: {sum(p.numel() for p in model.parameters()):,}")


def predict(ids, lengths):
    model.eval()
    with torch.no_grad():
        return model(ids, lengths).argmax(dim=1).cpu().numpy()


# %%
order = torch.Generator().manual_seed(0)  # shuffles the same way on every run
history = {"loss": [], "val_accuracy": []}
for epoch in range(1, epochs + 1):
    model.train()
    total = 0.0
    for batch in torch.randperm(len(x_train), generator=order).split(batch_size):
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[batch], n_train[batch]), t_train[batch])
        loss.backward()
        optimizer.step()
        schedule.step()
        total += loss.item() * len(batch)
    history["loss"].append(total / len(x_train))
    history["val_accuracy"].append(float((predict(x_val, n_val) == y_val).mean()))
    if epoch % 2 == 0:
        print(
            f"epoch {epoch:2d}  train loss {history['loss'][-1]:.4f}  "
            f"validation accuracy {history['val_accuracy'][-1]:.4f}"
        )

# %%
predicted = predict(x_test, n_test)
test_accuracy = report("LSTM test accuracy", "LSTM", predicted)
if test_accuracy < 0.90:
    sys.exit(f"test accuracy {test_accuracy:.4f} is below the 0.90 bar")
if test_accuracy <= best_baseline:
    sys.exit(f"test accuracy {test_accuracy:.4f} does not beat the baseline {best_baseline:.4f}")

# %%
# The same characters in another order: a bag of characters cannot tell these two apart.
pair = ["焦点不是港股涨停，而是国家队赢得比赛", "焦点不是国家队赢得比赛，而是港股涨停"]
print(f"two new sentences ({sum(t in unique for t in pair)} of 2 in the data), same characters:")
model.eval()
with torch.no_grad():
    probabilities = model(*encode(pair)).softmax(dim=1).cpu().numpy()
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
