"""The attention blocks of a ``Decoder`` layer, and DeepSeek's sparse-attention indexer.

Each block counts its weights and norms for a hidden size, the cache one sequence holds
and its attention-score work at a context length, and checks a tensor-parallel split.
Softmax attention is here (``GQA``, ``MLA``, DeepSeek-V4's ``CompressedMQA``); the linear
attention of Qwen3.5 (``GatedDeltaNet``) is in ``linear_attention``, and ``Attention``
names any of the four.
"""

from dataclasses import dataclass
from typing import ClassVar

from startup_math._validate import (
    boolean,
    divides,
    non_negative_int,
    optional_positive_int,
    positive_int,
)
from startup_math.params.linear_attention import GatedDeltaNet


def _split_heads(name: str, degree: int, heads: int, kv_heads: int) -> None:
    """Check that ``degree`` GPUs split ``heads`` query heads and share ``kv_heads``."""
    divides(name, degree, "n_heads", heads)
    if kv_heads % degree != 0 and degree % kv_heads != 0:
        raise ValueError(
            f"{name} ({degree}) must divide the key/value heads ({kv_heads}) or be a multiple "
            "of them"
        )


@dataclass(frozen=True, kw_only=True)
class Indexer:
    """The lightning indexer of DeepSeek Sparse Attention: it picks the tokens to attend.

    A few small heads score every earlier token (or compressed entry) with
    ``sum_h w_h ReLU(q_h . k)`` and the attention reads only the ``top_k`` best
    (DeepSeek-V3.2; DeepSeek-V4, section 2.3.1). The indexer caches one key of
    ``head_dim`` per token or entry, shared by its heads.

    Attributes:
        n_heads: Indexer heads (``index_n_heads``).
        head_dim: Size of each indexer query and of the cached key (``index_head_dim``).
        top_k: Tokens or entries each query attends (``index_topk``).
    """

    n_heads: int
    head_dim: int
    top_k: int

    def __post_init__(self) -> None:
        for name in ("n_heads", "head_dim", "top_k"):
            positive_int(name, getattr(self, name))


@dataclass(frozen=True, kw_only=True)
class GQA:
    """Grouped-query attention: ``n_heads`` query heads share ``n_kv_heads`` key/value heads.

    Query, key, value and output projections (``q_proj``, ``k_proj``, ``v_proj``,
    ``o_proj``); multi-head attention when ``n_kv_heads == n_heads``. Each layer caches a
    key and a value vector per key/value head and token, all tokens, or at most the last
    ``window`` (sliding-window attention: gpt-oss's even layers, 128 tokens) or the
    current chunk of ``chunk`` tokens (chunked attention: Llama 4's RoPE layers, 8,192
    tokens). ``transformers`` keeps ``window - 1`` tokens between steps and ``window``
    during one; the cache counts ``window``.

    Attributes:
        n_heads: Query heads (``num_attention_heads``).
        n_kv_heads: Key/value heads (``num_key_value_heads``); must divide ``n_heads``.
        head_dim: Size of each head (``head_dim``).
        window: Sliding window in tokens (``sliding_window``), or ``None``.
        chunk: Chunk size of chunked attention (``attention_chunk_size``), or ``None``.
        bias: Biases on the four projections (``attention_bias``; gpt-oss).
        sinks: One learned attention-sink logit per head (gpt-oss, DeepSeek-V4).
        qk_norm: An RMSNorm weight over each query and key head (Qwen3, Qwen3.5); a norm
            without weights (Llama 4's ``use_qk_norm``) has no parameters and is left out.
        output_gate: The query projection also yields a sigmoid gate on the attention
            output, doubling its width (Qwen3.5's ``attn_output_gate``).
    """

    n_heads: int
    n_kv_heads: int
    head_dim: int
    window: int | None = None
    chunk: int | None = None
    bias: bool = False
    sinks: bool = False
    qk_norm: bool = False
    output_gate: bool = False

    def __post_init__(self) -> None:
        for name in ("n_heads", "n_kv_heads", "head_dim"):
            positive_int(name, getattr(self, name))
        divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        optional_positive_int("window", self.window)
        optional_positive_int("chunk", self.chunk)
        if self.window is not None and self.chunk is not None:
            raise ValueError("give window or chunk, not both")
        for name in ("bias", "sinks", "qk_norm", "output_gate"):
            boolean(name, getattr(self, name))

    @property
    def _span(self) -> int | None:
        return self.window or self.chunk

    def weights(self, d_model: int) -> int:
        """Projection weights and biases, sinks included; norms apart (``norms``)."""
        query = self.n_heads * self.head_dim * (2 if self.output_gate else 1)
        kv = self.n_kv_heads * self.head_dim
        count = d_model * query + 2 * d_model * kv + self.n_heads * self.head_dim * d_model
        if self.bias:
            count += query + 2 * kv + d_model
        return count + (self.n_heads if self.sinks else 0)

    def norms(self) -> int:
        """Norm weights inside the block: the query and key norms, if any."""
        return 2 * self.head_dim if self.qk_norm else 0

    def linears(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each ``nn.Linear`` of the block in transformers 5.23."""
        query = self.n_heads * self.head_dim
        kv = self.n_kv_heads * self.head_dim
        return (
            ("q_proj", d_model, query * (2 if self.output_gate else 1)),
            ("k_proj", d_model, kv),
            ("v_proj", d_model, kv),
            ("o_proj", query, d_model),
        )

    def cache(self, tokens: float) -> float:
        """Elements one sequence caches after ``tokens`` tokens."""
        span = self._span
        return 2 * self.n_kv_heads * self.head_dim * (tokens if span is None else min(tokens, span))

    def cache_per_token(self) -> float:
        """Elements the cache grows by per token once past any window."""
        return 0.0 if self._span else 2.0 * self.n_kv_heads * self.head_dim

    def cache_fixed(self) -> float:
        """Elements held whatever the length, at most: a full window or chunk."""
        return float(self.cache(self._span)) if self._span else 0.0

    def scores(self, context: float) -> tuple[float, float]:
        """Query-key and value widths times the tokens a query attends at ``context``."""
        width = self.n_heads * self.head_dim
        span = self._span
        attended = context if span is None else min(context, span)
        return width * attended, width * attended

    @property
    def attends_all(self) -> bool:
        """Whether every query attends the whole context."""
        return self._span is None

    def check_split(self, name: str, degree: int) -> None:
        """Check that ``degree`` GPUs split the heads (see ``Decoder.check_tensor_parallel``)."""
        _split_heads(name, degree, self.n_heads, self.n_kv_heads)


@dataclass(frozen=True, kw_only=True)
class MLA:
    """Multi-head latent attention (DeepSeek-V2, arXiv:2405.04434, section 2.1).

    Queries go through a low-rank bottleneck (``q_a_proj`` d -> q_lora_rank, an RMSNorm,
    ``q_b_proj`` -> n_heads x (nope + rope)), or one projection if ``q_lora_rank`` is
    ``None``. Keys and values are compressed jointly into a latent of ``kv_lora_rank``
    plus one shared rotary key of ``qk_rope_head_dim`` (``kv_a_proj_with_mqa``, then an
    RMSNorm on the latent); ``kv_b_proj`` expands the latent into per-head keys
    (``qk_nope_head_dim``) and values (``v_head_dim``); ``o_proj`` maps back. No biases.

    The cache holds, per layer and token, only the latent and the rotary key:
    (d_c + d_h^R) l elements in DeepSeek-V2's notation (section 2.1.2-2.1.3, Table 1),
    512 + 64 = 576 per layer for DeepSeek-V3, as engines built for MLA store it and as
    ``transformers`` 5.23 caches it (it decompresses the latent at every step, which costs
    compute and temporary memory, not cache).

    With an ``indexer`` (DeepSeek Sparse Attention, GLM-5's ``glm_moe_dsa``), each layer
    also has the indexer's query projection from the query latent (``wq_b``), its key
    projection (``wk``, with a LayerNorm), and its head weights (``weights_proj``); it
    caches one indexer key per token, and the attention reads only ``top_k`` tokens.

    Attributes:
        n_heads: Attention heads (``num_attention_heads``).
        kv_lora_rank: Width of the compressed key/value latent (``kv_lora_rank``).
        qk_nope_head_dim: Per-head query/key size without rotary positions.
        qk_rope_head_dim: Per-head query size, and shared key size, with rotary positions.
        v_head_dim: Per-head value size.
        q_lora_rank: Width of the query bottleneck; ``None`` for a direct projection.
        indexer: The sparse-attention indexer, or ``None``; needs ``q_lora_rank``.
    """

    n_heads: int
    kv_lora_rank: int
    qk_nope_head_dim: int
    qk_rope_head_dim: int
    v_head_dim: int
    q_lora_rank: int | None = None
    indexer: Indexer | None = None

    def __post_init__(self) -> None:
        names = ("n_heads", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim")
        for name in (*names, "v_head_dim"):
            positive_int(name, getattr(self, name))
        optional_positive_int("q_lora_rank", self.q_lora_rank)
        if self.indexer is not None and self.q_lora_rank is None:
            raise ValueError("an indexer needs q_lora_rank: it reads the query latent")

    def weights(self, d_model: int) -> int:
        """Projection weights (indexer included); norms apart (``norms``)."""
        d, h = d_model, self.n_heads
        qk_head = self.qk_nope_head_dim + self.qk_rope_head_dim
        if self.q_lora_rank is None:
            query = d * h * qk_head
        else:
            query = d * self.q_lora_rank + self.q_lora_rank * h * qk_head
        kv_down = d * (self.kv_lora_rank + self.qk_rope_head_dim)
        kv_up = self.kv_lora_rank * h * (self.qk_nope_head_dim + self.v_head_dim)
        count = query + kv_down + kv_up + h * self.v_head_dim * d
        if self.indexer is not None:
            index = self.indexer
            count += self.q_lora_rank * index.n_heads * index.head_dim  # type: ignore[operator]
            count += d * index.head_dim + d * index.n_heads
        return count

    def linears(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each ``nn.Linear`` of the block in transformers 5.23.

        Raises:
            ValueError: without ``q_lora_rank`` (not modelled).
        """
        if self.q_lora_rank is None:  # no preset has one to check against
            raise ValueError("the linear layers of MLA without q_lora_rank are not modelled yet")
        d, h, q = d_model, self.n_heads, self.q_lora_rank
        qk_head = self.qk_nope_head_dim + self.qk_rope_head_dim
        kv_up = h * (self.qk_nope_head_dim + self.v_head_dim)
        found: tuple[tuple[str, int, int], ...] = (
            ("q_a_proj", d, q),
            ("q_b_proj", q, h * qk_head),
            ("kv_a_proj_with_mqa", d, self.kv_lora_rank + self.qk_rope_head_dim),
            ("kv_b_proj", self.kv_lora_rank, kv_up),
            ("o_proj", h * self.v_head_dim, d),
        )
        if self.indexer is None:
            return found
        index = self.indexer
        return (
            *found,
            ("wq_b", q, index.n_heads * index.head_dim),
            ("wk", d, index.head_dim),
            ("weights_proj", d, index.n_heads),
        )

    def norms(self) -> int:
        """The latent and query-latent RMSNorms, and the indexer's key LayerNorm."""
        index = 2 * self.indexer.head_dim if self.indexer is not None else 0
        return self.kv_lora_rank + (self.q_lora_rank or 0) + index

    def _per_token(self) -> int:
        index = self.indexer.head_dim if self.indexer is not None else 0
        return self.kv_lora_rank + self.qk_rope_head_dim + index

    def cache(self, tokens: float) -> float:
        """Elements one sequence caches after ``tokens`` tokens."""
        return self._per_token() * tokens

    def cache_per_token(self) -> float:
        """Elements the cache grows by per token."""
        return float(self._per_token())

    def cache_fixed(self) -> float:
        """Nothing: every token's latent stays."""
        return 0.0

    def scores(self, context: float) -> tuple[float, float]:
        """Query-key and value widths times the tokens attended; the indexer scores all.

        Widths are those of the model as defined (and as ``transformers`` computes it):
        n_heads query heads of ``qk_nope_head_dim + qk_rope_head_dim`` against the
        decompressed keys. Engines that absorb ``kv_b_proj`` into the query and output
        projections take the products in the latent space instead, with other widths.
        """
        qk = self.n_heads * (self.qk_nope_head_dim + self.qk_rope_head_dim)
        v = self.n_heads * self.v_head_dim
        if self.indexer is None:
            return qk * context, v * context
        attended = min(context, self.indexer.top_k)
        index = self.indexer.n_heads * self.indexer.head_dim * context
        return qk * attended + index, v * attended

    @property
    def attends_all(self) -> bool:
        """Whether every query attends the whole context."""
        return self.indexer is None

    def check_split(self, name: str, degree: int) -> None:
        """Check that ``degree`` GPUs split the heads; the latent counts as one KV head."""
        _split_heads(name, degree, self.n_heads, 1)


@dataclass(frozen=True, kw_only=True)
class CompressedMQA:
    """DeepSeek-V4's attention: one shared key-value head, a sliding window, compression.

    Queries: a low-rank bottleneck (``q_a_proj``, RMSNorm, ``q_b_proj``) to ``n_heads``
    heads of ``head_dim``. Keys and values are one and the same vector of ``head_dim``
    per token (``kv_proj``, RMSNorm; multi-query attention with K = V). The output goes
    through a grouped low-rank projection: ``o_groups`` groups of heads, each mapped to
    ``o_lora_rank`` (``o_a_proj``), then mixed to ``d_model`` (``o_b_proj``). One attention
    sink per head. Every layer attends the last ``window`` tokens.

    Layers with a ``compress_rate`` m also attend compressed entries, one of ``head_dim``
    per m tokens, made by a compressor (``kv_proj`` and ``gate_proj`` from the hidden
    state, a position bias, an RMSNorm): heavily compressed attention (HCA, m = 128,
    attends all entries) without an indexer; compressed sparse attention (CSA, m = 4,
    overlapping windows, so the compressor projects to ``2 x head_dim``) with an
    ``Indexer`` that has its own compressor of ``2 x head_dim`` of the indexer and picks
    ``top_k`` entries. The hidden state of DeepSeek-V4 is ``hyper_connections`` streams
    wide (``Decoder.hyper_connections``), which this block does not see.

    The cache, per layer and sequence, as ``transformers`` 5.23 keeps it: the window's
    K = V vectors (``window x head_dim``, not growing), the compressed entries and indexer
    keys (``(head_dim + indexer head_dim) / m`` per token, growing), and the compressor's
    state: the projected key-value and gate of the fewer than m tokens that have not yet
    filled a window, and for CSA the previous window's overlapping half (m tokens of
    ``head_dim``, key-value and gate; the same for the indexer). The tests measure it on
    small models: ``transformers`` keeps ``window - 1`` tokens between steps (``window``
    during one, counted here) and stores the window-only layers' K = V vector twice
    (counted once here). Not modelled: the precisions DeepSeek's own inference kernels
    store each part in; every element counts at the cache's dtype, so for an fp8 cache
    this is an upper bound if some parts are kept smaller and a lower one if some are
    kept in fp32.

    Attributes:
        n_heads: Query heads (``num_attention_heads``).
        head_dim: Size of each head and of the shared key-value vector (``head_dim``).
        q_lora_rank: Width of the query bottleneck (``q_lora_rank``).
        o_groups: Head groups of the output projection (``o_groups``).
        o_lora_rank: Width each group is projected to (``o_lora_rank``).
        window: Sliding window in tokens (``sliding_window``).
        compress_rate: Tokens per compressed entry (``compress_ratios``: 0 for none).
        indexer: The CSA indexer; needs ``compress_rate``.
    """

    n_heads: int
    head_dim: int
    q_lora_rank: int
    o_groups: int
    o_lora_rank: int
    window: int
    compress_rate: int = 0
    indexer: Indexer | None = None

    linear_subclasses: ClassVar[frozenset[str]] = frozenset({"o_a_proj"})
    """Linear layers built from a subclass of ``nn.Linear`` (``DeepseekV4GroupedLinear``)."""

    def __post_init__(self) -> None:
        for name in ("n_heads", "head_dim", "q_lora_rank", "o_groups", "o_lora_rank", "window"):
            positive_int(name, getattr(self, name))
        non_negative_int("compress_rate", self.compress_rate)
        divides("o_groups", self.o_groups, "n_heads x head_dim", self.n_heads * self.head_dim)
        if self.indexer is not None and not self.compress_rate:
            raise ValueError("an indexer needs compress_rate: it ranks compressed entries")

    @property
    def _overlap(self) -> int:
        """2 for CSA's overlapping compression windows, 1 for HCA's disjoint ones."""
        return 2 if self.indexer is not None else 1

    def weights(self, d_model: int) -> int:
        """Projection weights, sinks and compressors; norms apart (``norms``)."""
        d, h, hd, q = d_model, self.n_heads, self.head_dim, self.q_lora_rank
        groups = self.o_groups * self.o_lora_rank
        count = d * q + q * h * hd + d * hd + h * hd * self.o_lora_rank + groups * d + h
        rate = self.compress_rate
        if rate:
            width = self._overlap * hd
            count += 2 * d * width + rate * width  # kv_proj, gate_proj, position_bias
        if self.indexer is not None:
            index = self.indexer
            width = 2 * index.head_dim
            count += 2 * d * width + rate * width  # the indexer's own compressor
            count += q * index.n_heads * index.head_dim + d * index.n_heads
        return count

    def linears(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each ``nn.Linear`` of the block in transformers 5.23.

        ``o_a_proj`` is one linear layer applied to each group of heads in turn, a subclass
        of ``nn.Linear`` (``linear_subclasses``).
        """
        d, hd, q = d_model, self.head_dim, self.q_lora_rank
        heads = self.n_heads * hd
        found: tuple[tuple[str, int, int], ...] = (
            ("q_a_proj", d, q),
            ("q_b_proj", q, heads),
            ("kv_proj", d, hd),
            ("o_a_proj", heads // self.o_groups, self.o_groups * self.o_lora_rank),
            ("o_b_proj", self.o_groups * self.o_lora_rank, d),
        )
        if self.compress_rate:
            width = self._overlap * hd
            found += (("kv_proj", d, width), ("gate_proj", d, width))  # the compressor
        if self.indexer is not None:
            index = self.indexer
            width = 2 * index.head_dim
            found += (
                ("kv_proj", d, width),  # the indexer's compressor
                ("gate_proj", d, width),
                ("q_b_proj", q, index.n_heads * index.head_dim),
                ("weights_proj", d, index.n_heads),
            )
        return found

    def norms(self) -> int:
        """The query-latent and key-value RMSNorms, and those of the compressors."""
        count = self.q_lora_rank + self.head_dim
        if self.compress_rate:
            count += self.head_dim
        if self.indexer is not None:
            count += self.indexer.head_dim
        return count

    def _entry(self) -> int:
        """Elements of one compressed entry, with its indexer key."""
        return self.head_dim + (self.indexer.head_dim if self.indexer is not None else 0)

    def _state(self, waiting: float, overlap: bool) -> float:
        """Compressor state: ``waiting`` tokens' key-value and gate, and the overlap."""
        widths = [self._overlap * self.head_dim]
        if self.indexer is not None:
            widths.append(2 * self.indexer.head_dim)
        state = sum(2 * waiting * width for width in widths)
        if overlap and self.indexer is not None:
            state += 2 * self.compress_rate * self._entry()
        return state

    def cache(self, tokens: float) -> float:
        """Elements one sequence caches after ``tokens`` tokens."""
        held = self.head_dim * min(tokens, self.window)
        rate = self.compress_rate
        if not rate:
            return held
        entries = tokens // rate
        return held + entries * self._entry() + self._state(tokens % rate, tokens >= rate)

    def cache_per_token(self) -> float:
        """Elements the cache grows by per token: compressed entries and indexer keys."""
        return self._entry() / self.compress_rate if self.compress_rate else 0.0

    def cache_fixed(self) -> float:
        """At most: the full window and the fullest compressor state."""
        held = float(self.head_dim * self.window)
        if not self.compress_rate:
            return held
        return held + self._state(self.compress_rate - 1, True)

    def scores(self, context: float) -> tuple[float, float]:
        """Widths times tokens attended: the window, the entries (CSA: ``top_k`` of them)."""
        width = self.n_heads * self.head_dim
        attended = min(context, self.window)
        index = 0.0
        if self.compress_rate:
            entries = context // self.compress_rate
            if self.indexer is not None:
                index = self.indexer.n_heads * self.indexer.head_dim * entries
                entries = min(entries, self.indexer.top_k)
            attended += entries
        return width * attended + index, width * attended

    @property
    def attends_all(self) -> bool:
        """False: a window and compressed entries, never the whole context."""
        return False

    def check_split(self, name: str, degree: int) -> None:
        """Check that ``degree`` GPUs split the heads; the shared head counts as one."""
        _split_heads(name, degree, self.n_heads, 1)


Attention = GQA | MLA | CompressedMQA | GatedDeltaNet
"""Any of the attention blocks."""
