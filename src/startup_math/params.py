"""Exact parameter counts, KV cache and attention work from an architecture description.

Decoders are data: a ``Decoder`` lists its layers, each an attention block and an MLP,
and one class interprets them. Four attention blocks cover the published models:

* ``GQA``: grouped-query attention (multi-head when every query head has its own key
  and value head), optionally over a sliding window (gpt-oss) or in chunks (Llama 4),
  with biases and attention sinks (gpt-oss), per-head query/key norms (Qwen3) or an
  output gate (Qwen3.5);
* ``MLA``: multi-head latent attention (DeepSeek-V2, arXiv:2405.04434, section 2.1),
  optionally with the lightning indexer of DeepSeek Sparse Attention (GLM-5);
* ``CompressedMQA``: DeepSeek-V4's shared-key-value attention over a sliding window and
  compressed entries (compressed sparse attention, CSA, and heavily compressed
  attention, HCA);
* ``GatedDeltaNet``: linear attention with a recurrent state of fixed size (Qwen3.5).

Two MLPs: ``DenseMLP`` (SwiGLU) and ``MoE`` (routed SwiGLU experts, shared experts, a
router). The preset families of earlier versions, ``LlamaArchitecture`` (Touvron et al.
2023, arXiv:2302.13971 and arXiv:2307.09288; Llama 3, arXiv:2407.21783),
``MixtralArchitecture`` (arXiv:2401.04088), ``Qwen3MoeArchitecture`` (arXiv:2505.09388)
and ``DeepseekV3Architecture`` (arXiv:2412.19437), keep their constructors and fill a
``Decoder``. Two classes stand apart because their blocks differ (learned positions,
LayerNorms with biases, biased projections): the GPT-2 decoder (Radford et al. 2019) and
the BERT encoder (Devlin et al. 2019, arXiv:1810.04805).

Every count is of the weights and biases the Hugging Face ``transformers`` implementation
builds, and the tests check it against the real model built on the meta device. Tied
embeddings (the language-model head reuses the token embedding matrix) are counted once,
as ``torch.nn.Module.parameters()`` does.

Every architecture answers the same questions:

* ``parameter_count()`` and ``parameter_breakdown()``: what must sit in memory;
* ``active_parameter_count()``: what one token uses, the N of the 2N FLOPs per token,
  the input embedding and the output head included (see ``ModelCard`` for the other
  conventions publishers use);
* ``non_embedding_parameter_count()``: Kaplan et al.'s N (arXiv:2001.08361, section 2.1);
* ``kv_cache_bytes(tokens)``: the cache one sequence holds, with its two parts,
  ``kv_cache_bytes_per_token()`` (what grows with the sequence) and
  ``kv_cache_fixed_bytes()`` (sliding windows, chunks and recurrent states, which do not);
* ``attention_scores(context)``: the attention-score work per token at a context length;
* ``parameters_read(tokens)``: the distinct weights a forward step over a batch reads;
* ``check_tensor_parallel(degree)`` and ``check_context(tokens)``.
"""

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from numbers import Integral

from startup_math._validate import (
    boolean,
    divides,
    lookup,
    non_negative_number,
    positive_int,
)
from startup_math.memory import dtype_bytes

PARTS = (
    "embeddings",
    "attention",
    "mlp",
    "router",
    "experts",
    "norms",
    "hyper_connections",
    "lm_head",
    "pooler",
)
"""Keys of every ``parameter_breakdown()`` result, in this order.

``mlp`` holds dense MLPs and shared experts, ``experts`` the routed experts and ``router``
the gating weights; the last two are zero for dense models. ``hyper_connections`` holds
DeepSeek-V4's weights that mix its parallel residual streams (zero elsewhere).
"""


def _non_negative_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is an integer, zero or greater."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be zero or greater, got {value!r}")
    return int(value)


def _at_most(name: str, value: int, other_name: str, other: int) -> None:
    """Check ``value <= other``; the message names both arguments."""
    if value > other:
        raise ValueError(f"{name} ({value}) must be at most {other_name} ({other})")


def _optional_int(name: str, value: object) -> None:
    """Check that ``value`` is ``None`` or a positive integer."""
    if value is not None:
        positive_int(name, value)


def _swiglu(d_model: int, d_inner: int) -> int:
    """Weights of one SwiGLU MLP without biases: gate and up (d -> f), down (f -> d)."""
    return 3 * d_model * d_inner


def _split_heads(name: str, degree: int, heads: int, kv_heads: int) -> None:
    """Check that ``degree`` GPUs split ``heads`` query heads and share ``kv_heads``."""
    divides(name, degree, "n_heads", heads)
    if kv_heads % degree != 0 and degree % kv_heads != 0:
        raise ValueError(
            f"{name} ({degree}) must divide the key/value heads ({kv_heads}) or be a multiple "
            "of them"
        )


# -- attention blocks ----------------------------------------------------------------------


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
        _optional_int("window", self.window)
        _optional_int("chunk", self.chunk)
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
        _optional_int("q_lora_rank", self.q_lora_rank)
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

    def __post_init__(self) -> None:
        for name in ("n_heads", "head_dim", "q_lora_rank", "o_groups", "o_lora_rank", "window"):
            positive_int(name, getattr(self, name))
        _non_negative_int("compress_rate", self.compress_rate)
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


@dataclass(frozen=True, kw_only=True)
class GatedDeltaNet:
    """Gated DeltaNet linear attention (Yang et al. 2024, arXiv:2412.06464; Qwen3.5).

    One projection makes queries and keys (``n_key_heads x key_head_dim`` each) and
    values (``n_value_heads x value_head_dim``), followed by a short causal convolution of
    ``conv_kernel`` taps over those channels; further projections make an output gate
    (``in_proj_z``) and, per value head, the decay and the write strength (``in_proj_a``,
    ``in_proj_b``, with ``A_log`` and ``dt_bias``); a gated RMSNorm over each head and
    ``out_proj`` follow. No biases.

    Nothing grows with the sequence: each layer keeps, per sequence, a recurrent state
    of ``n_value_heads x key_head_dim x value_head_dim`` and the last ``conv_kernel``
    inputs of the convolution, as ``transformers`` 5.23 keeps them (some engines keep
    ``conv_kernel - 1``, and some keep the state in fp32; counted here at the cache's
    dtype). Its work per token does not depend on the context either: no attention
    scores are counted for it (the state update, about 4 n_v d_k d_v multiply-adds per
    token, is left out, as are the convolution's; both are small beside 2N).

    Attributes:
        n_key_heads: Query/key heads (``linear_num_key_heads``).
        n_value_heads: Value heads (``linear_num_value_heads``), a multiple of the key heads.
        key_head_dim: Size of each query/key head (``linear_key_head_dim``).
        value_head_dim: Size of each value head (``linear_value_head_dim``).
        conv_kernel: Taps of the causal convolution (``linear_conv_kernel_dim``).
    """

    n_key_heads: int
    n_value_heads: int
    key_head_dim: int
    value_head_dim: int
    conv_kernel: int

    def __post_init__(self) -> None:
        names = ("n_key_heads", "n_value_heads", "key_head_dim", "value_head_dim")
        for name in (*names, "conv_kernel"):
            positive_int(name, getattr(self, name))
        divides("n_key_heads", self.n_key_heads, "n_value_heads", self.n_value_heads)

    @property
    def _conv_channels(self) -> int:
        keys = self.n_key_heads * self.key_head_dim
        return 2 * keys + self.n_value_heads * self.value_head_dim

    def weights(self, d_model: int) -> int:
        """Projection and convolution weights, decay parameters; the norm apart."""
        d, heads = d_model, self.n_value_heads
        values = heads * self.value_head_dim
        projections = d * self._conv_channels + d * values + 2 * d * heads + values * d
        return projections + self._conv_channels * self.conv_kernel + 2 * heads

    def norms(self) -> int:
        """The gated RMSNorm's weight, shared by the value heads."""
        return self.value_head_dim

    def cache(self, tokens: float) -> float:
        """Elements one sequence holds: the state and the convolution's inputs."""
        return self.cache_fixed() if tokens > 0 else 0.0

    def cache_per_token(self) -> float:
        """Nothing grows with the sequence."""
        return 0.0

    def cache_fixed(self) -> float:
        """The recurrent state and the convolution's last ``conv_kernel`` inputs."""
        state = self.n_value_heads * self.key_head_dim * self.value_head_dim
        return float(state + self._conv_channels * self.conv_kernel)

    def scores(self, context: float) -> tuple[float, float]:
        """No attention scores: the recurrence costs the same at any context."""
        return 0.0, 0.0

    @property
    def attends_all(self) -> bool:
        """False: no attention over earlier tokens."""
        return False

    def check_split(self, name: str, degree: int) -> None:
        """Check that ``degree`` GPUs split the key heads (and so the value heads)."""
        divides(name, degree, "linear-attention key heads", self.n_key_heads)


Attention = GQA | MLA | CompressedMQA | GatedDeltaNet
"""Any of the attention blocks."""


# -- MLPs ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DenseMLP:
    """A SwiGLU MLP without biases: gate and up projections (d -> d_ff), down (d_ff -> d).

    Attributes:
        d_ff: Inner size (``intermediate_size``).
    """

    d_ff: int

    def __post_init__(self) -> None:
        positive_int("d_ff", self.d_ff)


@dataclass(frozen=True, kw_only=True)
class MoE:
    """A mixture of SwiGLU experts: a router picks ``top_k`` of ``n_experts`` per token.

    The router is a linear layer (d_model -> n_experts) without bias unless ``bias``; how
    it scores (softmax, sigmoid with a balancing bias, grouped top-k, DeepSeek-V4's hash
    routing of its first layers) changes no count here. A balancing bias such as
    DeepSeek's ``e_score_correction_bias`` is a buffer in ``transformers`` 5.23, not a
    parameter, and is not counted; nor is DeepSeek-V4's ``tid2eid`` table. Shared experts
    are one SwiGLU of ``n_shared_experts x d_expert`` that every token uses; Qwen3.5 scales
    its output by a sigmoid gate (``shared_expert_gate``, d_model weights, counted with the
    router). ``transformers`` 5 stores each layer's routed experts as fused tensors
    (``gate_up_proj``, ``down_proj``); the count is the same.

    Attributes:
        n_experts: Routed experts (``num_local_experts``, ``num_experts``, ``n_routed_experts``).
        top_k: Routed experts per token (``num_experts_per_tok``), at most ``n_experts``.
        d_expert: SwiGLU inner size of each expert (``moe_intermediate_size``).
        n_shared_experts: Shared experts (``n_shared_experts``), 0 or more.
        shared_gate: Whether a sigmoid gate scales the shared experts (Qwen3.5).
        bias: Biases on the router and on every expert's projections (gpt-oss).
    """

    n_experts: int
    top_k: int
    d_expert: int
    n_shared_experts: int = 0
    shared_gate: bool = False
    bias: bool = False

    def __post_init__(self) -> None:
        for name in ("n_experts", "top_k", "d_expert"):
            positive_int(name, getattr(self, name))
        _at_most("top_k", self.top_k, "n_experts", self.n_experts)
        _non_negative_int("n_shared_experts", self.n_shared_experts)
        boolean("shared_gate", self.shared_gate)
        boolean("bias", self.bias)

    def expert_weights(self, d_model: int) -> int:
        """Weights (and biases) of one routed expert."""
        biases = 2 * self.d_expert + d_model if self.bias else 0
        return _swiglu(d_model, self.d_expert) + biases

    def router_weights(self, d_model: int) -> int:
        """The router, its bias, and the shared experts' gate."""
        count = self.n_experts * d_model + (self.n_experts if self.bias else 0)
        return count + (d_model if self.shared_gate else 0)

    def shared_weights(self, d_model: int) -> int:
        """The shared experts, one SwiGLU of ``n_shared_experts x d_expert``."""
        return _swiglu(d_model, self.n_shared_experts * self.d_expert)


MLP = DenseMLP | MoE
"""Either MLP."""


@dataclass(frozen=True)
class Layer:
    """One decoder block: pre-norm attention and pre-norm MLP (two RMSNorm weights).

    Attributes:
        attention: The attention block.
        mlp: The MLP.
    """

    attention: Attention
    mlp: MLP

    def __post_init__(self) -> None:
        if not isinstance(self.attention, Attention):
            raise ValueError(f"attention must be an attention block, got {self.attention!r}")
        if not isinstance(self.mlp, MLP):
            raise ValueError(f"mlp must be a DenseMLP or an MoE, got {self.mlp!r}")


# -- what publishers state -----------------------------------------------------------------

_CLAIM = re.compile(r"(\d+(?:\.\d+)?)([BT])")
_UNITS = {"B": 1e9, "T": 1e12}


def published_range(claim: str) -> tuple[float, float]:
    """Return the counts that round to a published figure such as ``"5.1B"`` or ``"1.6T"``.

    Half a unit of the last digit either side: ``"117B"`` is 116.5B to 117.5B.

    Raises:
        ValueError: if ``claim`` is not a number followed by B or T.

    Example:
        >>> published_range("5.1B")
        (5050000000.0, 5150000000.0)
    """
    match = _CLAIM.fullmatch(claim)
    if match is None:
        raise ValueError(f"a published count looks like '117B' or '1.6T', got {claim!r}")
    number, unit = match.groups()
    decimals = len(number.partition(".")[2])
    half = 0.5 * 10.0**-decimals * _UNITS[unit]
    value = float(number) * _UNITS[unit]
    return value - half, value + half


ACTIVE_CONVENTIONS = {
    (): "embedding and head included",
    ("embeddings",): "input embedding left out",
    ("embeddings", "lm_head"): "embedding and head left out",
}
"""How publishers count "active parameters", by the parts they leave out.

``active_parameter_count()`` counts everything a token uses, the input embedding and the
output head included: Mistral AI's 12.9B for Mixtral 8x7B, Qwen's "A3B" and "A17B"
labels and Meta's "17B" for Llama 4 count that way. OpenAI (gpt-oss), DeepSeek
(DeepSeek-V4) and Moonshot AI (Kimi K2.5) leave out the input embedding, a table lookup
rather than a matrix product; Z.ai (GLM-5) leaves out the output head too.
"""


@dataclass(frozen=True, kw_only=True)
class ModelCard:
    """What a model's publisher states about its size, and how it counts.

    Attributes:
        total: Total parameters as published, e.g. ``"117B"`` or ``"1.6T"``.
        active: Active parameters per token as published, e.g. ``"5.1B"``.
        active_leaves_out: Parts of ``parameter_breakdown()`` that the published active
            count leaves out: a key of ``ACTIVE_CONVENTIONS``.
        vision_parameters: Parameters of the vision encoder and projector that the
            published total counts and the text model here does not, as ``transformers``
            5.23 builds them (0 for text-only models). Not modelled: a measured number.
        source: Where the figures were read.
    """

    total: str
    active: str
    source: str
    active_leaves_out: tuple[str, ...] = ()
    vision_parameters: int = 0

    def __post_init__(self) -> None:
        published_range(self.total)
        published_range(self.active)
        if self.active_leaves_out not in ACTIVE_CONVENTIONS:
            known = ", ".join(map(repr, ACTIVE_CONVENTIONS))
            raise ValueError(f"active_leaves_out must be one of {known}")
        _non_negative_int("vision_parameters", self.vision_parameters)

    @property
    def convention(self) -> str:
        """How the published active count is made, in words."""
        return ACTIVE_CONVENTIONS[self.active_leaves_out]


# -- the architectures ---------------------------------------------------------------------


class _Architecture:
    """What all architectures share; the dense, one-attention answers of GPT-2 and BERT.

    Each class defines ``n_heads``, ``parameter_breakdown()``, ``kv_cache_bytes_per_token()``
    and ``attention_score_dims()``; ``Decoder`` and the families that fill one answer the
    rest in their own way.
    """

    n_heads: int

    def parameter_breakdown(self) -> dict[str, int]:  # pragma: no cover (each class defines it)
        raise NotImplementedError

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:  # pragma: no cover
        raise NotImplementedError

    def attention_score_dims(self) -> tuple[int, int, int]:  # pragma: no cover (each class)
        raise NotImplementedError

    @property
    def is_decoder(self) -> bool:
        """Whether the model generates text token by token (keeps a KV cache)."""
        return True

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """Check that a tensor-parallel degree splits the attention heads evenly.

        Tensor parallelism gives every GPU the same number of heads, so the degree must
        divide ``n_heads`` (multi-head attention: every head has its own keys and values).

        Args:
            degree: GPUs sharing each layer.
            name: The argument's name, for the message.

        Returns:
            ``degree``.

        Raises:
            ValueError: if ``degree`` is not a positive integer or does not split the heads.

        Example:
            >>> preset("gpt2-small").check_tensor_parallel(5, "gpus")
            Traceback (most recent call last):
            ...
            ValueError: gpus (5) must divide n_heads (12) exactly, remainder 2
        """
        count = positive_int(name, degree)
        divides(name, count, "n_heads", self.n_heads)
        return count

    def check_context(self, tokens: int, name: str = "seq_len") -> int:
        """Check that ``tokens`` fit in the model's context window, where it is known.

        Raises:
            ValueError: if ``tokens`` exceeds ``max_context``; the message gives both.
        """
        limit = getattr(self, "max_context", None)
        if limit is not None and tokens > limit:
            raise ValueError(
                f"{name} ({tokens:,} tokens) exceeds the model's context window ({limit:,} tokens)"
            )
        return tokens

    def parameter_count(self) -> int:
        """Return the total number of parameters, tied weights counted once."""
        return sum(self.parameter_breakdown().values())

    def active_parameter_count(self) -> int:
        """Return the parameters one token uses: all of them in a dense model."""
        return self.parameter_count()

    def non_embedding_parameter_count(self) -> int:
        """Return the total less the embedding tables and an untied language-model head.

        This is the N of Kaplan et al. 2020, "Scaling Laws for Neural Language Models"
        (arXiv:2001.08361, section 2.1), which excludes "all vocabulary and positional
        embeddings": token and position embeddings (and BERT's token-type embeddings), and
        the head when it is a separate matrix. Norms, including BERT's embedding LayerNorm,
        stay in.

        Returns:
            Non-embedding parameters.

        Example:
            >>> preset("gpt2-small").non_embedding_parameter_count()
            85056000
        """
        breakdown = self.parameter_breakdown()
        return self.parameter_count() - breakdown["embeddings"] - breakdown["lm_head"]

    def kv_cache_bytes(self, tokens: float, dtype: str = "bf16") -> float:
        """Return the KV cache one sequence holds after ``tokens`` tokens, all layers.

        Here every layer caches every token: ``tokens x kv_cache_bytes_per_token()``.
        ``Decoder`` adds what does not grow (windows, recurrent states). ``tokens`` may be
        fractional, an average over a sequence's life.

        Raises:
            ValueError: if ``tokens`` is negative or not a number, ``dtype`` is unknown, or
                the model is an encoder.

        Example:
            >>> preset("gpt2-small").kv_cache_bytes(1024, "fp16") / 2**20  # MiB
            36.0
        """
        count = non_negative_number("tokens", tokens)
        return self.kv_cache_bytes_per_token(dtype) * count

    def kv_cache_fixed_bytes(self, dtype: str = "bf16") -> float:
        """Return the cache a sequence holds whatever its length: none here.

        Raises:
            ValueError: if ``dtype`` is unknown, or the model is an encoder.
        """
        self.kv_cache_bytes_per_token(dtype)
        return 0.0

    def attention_scores(self, context: float) -> tuple[float, float]:
        """Return the attention-score widths of one token at ``context``, summed over layers.

        ``(n_layers x qk_width x context, n_layers x v_width x context)`` from
        ``attention_score_dims()``: the query-key products and the attention-weighted
        values of a token attending ``context`` earlier tokens, each a multiply-add (2
        FLOPs); see ``startup_math.compute.model_flops_per_token``.

        Raises:
            ValueError: if ``context`` is negative or not a number.
        """
        n_ctx = non_negative_number("context", context)
        layers, qk_width, v_width = self.attention_score_dims()
        return layers * qk_width * n_ctx, layers * v_width * n_ctx

    def parameters_read(self, tokens: int) -> float:
        """Return the parameters a forward step over ``tokens`` tokens reads: all of them.

        Raises:
            ValueError: if ``tokens`` is not a positive integer.
        """
        positive_int("tokens", tokens)
        return float(self.parameter_count())


@dataclass(frozen=True, kw_only=True)
class Decoder(_Architecture):
    """A decoder described by its layers: the general class every preset family fills.

    Token embedding, ``layers`` (each a pre-norm attention block and a pre-norm MLP with
    an RMSNorm weight each), a final RMSNorm and a language-model head, untied unless
    ``tie_embeddings``. DeepSeek-V4 widens the residual stream into ``hyper_connections``
    parallel streams (manifold-constrained hyper-connections, mHC): each block's attention
    and MLP then read and write them through learned mixing weights (``(2 + n) n`` outputs
    from the ``n x d_model`` streams, their biases and 3 scales), and a head mixes them
    back before the final norm (``n`` outputs, their biases and one scale).

    ``mtp`` lists multi-token-prediction (MTP) modules, blocks that predict a further
    token for speculative decoding: DeepSeek-V4, GLM-5 and Qwen3.5 ship one.
    ``transformers`` 5.23 does not build them, the publishers' totals leave them out, and
    so do ``parameter_count()`` and every other count here; ``mtp_parameter_count()`` gives
    their size: each module is one block (of the layer given), a projection of the
    embedded token and the hidden state (2 x d_model -> d_model), three RMSNorms and, with
    hyper-connections, a head.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size``).
        d_model: Hidden size (``hidden_size``).
        layers: The blocks, in order (``num_hidden_layers`` of them).
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
        hyper_connections: Residual streams (``hc_mult``); 0 for a plain residual.
        mtp: The MTP modules' blocks, not counted in the total.
        card: What the publisher states, or ``None``.
    """

    vocab_size: int
    d_model: int
    layers: tuple[Layer, ...]
    tie_embeddings: bool = False
    max_context: int | None = None
    hyper_connections: int = 0
    mtp: tuple[Layer, ...] = ()
    card: ModelCard | None = None

    def __post_init__(self) -> None:
        positive_int("vocab_size", self.vocab_size)
        positive_int("d_model", self.d_model)
        for name in ("layers", "mtp"):
            blocks = getattr(self, name)
            if not isinstance(blocks, tuple) or not all(isinstance(b, Layer) for b in blocks):
                raise ValueError(f"{name} must be a tuple of Layer, got {blocks!r}")
        if not self.layers:
            raise ValueError("layers must hold at least one Layer")
        boolean("tie_embeddings", self.tie_embeddings)
        _optional_int("max_context", self.max_context)
        _non_negative_int("hyper_connections", self.hyper_connections)
        if self.card is not None and not isinstance(self.card, ModelCard):
            raise ValueError(f"card must be a ModelCard or None, got {self.card!r}")

    @property
    def n_layers(self) -> int:
        """Number of blocks, MTP modules excluded."""
        return len(self.layers)

    @property
    def n_heads(self) -> int:
        """Query heads of the first softmax-attention block (linear attention skipped)."""
        return next(
            layer.attention.n_heads
            for layer in self.layers
            if not isinstance(layer.attention, GatedDeltaNet)
        )

    def _mixing(self) -> int:
        """Weights of one hyper-connection mixing (before an attention or an MLP)."""
        n = self.hyper_connections
        return (2 + n) * n * n * self.d_model + (2 + n) * n + 3 if n else 0

    def _mixing_head(self) -> int:
        """Weights of the hyper-connection head that merges the streams."""
        n = self.hyper_connections
        return n * n * self.d_model + n + 1 if n else 0

    def _layer_parts(self, layer: Layer) -> Counter:
        """Parameters of one block by part of ``PARTS``."""
        d, attention, mlp = self.d_model, layer.attention, layer.mlp
        parts = Counter(
            attention=attention.weights(d),
            norms=2 * d + attention.norms(),
            hyper_connections=2 * self._mixing(),
        )
        if isinstance(mlp, DenseMLP):
            parts["mlp"] += _swiglu(d, mlp.d_ff)
        else:
            parts["mlp"] += mlp.shared_weights(d)
            parts["router"] += mlp.router_weights(d)
            parts["experts"] += mlp.n_experts * mlp.expert_weights(d)
        return parts

    def _skipped(self, layer: Layer) -> int:
        """Weights of the routed experts one token does not use in this block."""
        mlp = layer.mlp
        if isinstance(mlp, DenseMLP):
            return 0
        return (mlp.n_experts - mlp.top_k) * mlp.expert_weights(self.d_model)

    @cached_property
    def _layer_counts(self) -> Counter:
        """How many times each distinct block repeats (the blocks are frozen, hashable)."""
        return Counter(self.layers)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
            ``mlp`` holds dense MLPs and shared experts; ``norms`` every norm weight,
            those inside attention blocks included.
        """
        return dict(self._breakdown)  # a copy: the counts are computed once per decoder

    @cached_property
    def _breakdown(self) -> dict[str, int]:
        parts = dict.fromkeys(PARTS, 0)
        for layer, count in self._layer_counts.items():
            for part, value in self._layer_parts(layer).items():
                parts[part] += count * value
        parts["embeddings"] = self.vocab_size * self.d_model
        parts["norms"] += self.d_model
        parts["hyper_connections"] += self._mixing_head()
        parts["lm_head"] = 0 if self.tie_embeddings else self.vocab_size * self.d_model
        return parts

    def active_parameter_count(self) -> int:
        """Return the parameters one token uses: all but the routed experts it skips.

        In every MoE block a token runs through ``top_k`` of the ``n_experts`` routed
        experts; the other experts' weights are not used for it. Everything else counts in
        full: attention, norms, routers, shared experts, dense MLPs, the input embedding
        and the output head. Publishers differ on the last two (see
        ``ACTIVE_CONVENTIONS`` and ``card_parameter_counts()``): Mixtral 8x7B's "12.9B
        parameters per token" (Mistral AI, "Mixtral of experts", 2023) counts both, as this
        method does; DeepSeek-V3's 37B activated includes "0.9B for Embedding and 0.9B for
        the output Head" (README_WEIGHTS.md of github.com/deepseek-ai/DeepSeek-V3; this
        method counts 37.55B, and the tests record the 0.85B gap). For a dense model this
        is the total.

        About 2 x this many FLOPs are spent per token in the forward pass, 6 x in training
        (Kaplan et al. 2020, arXiv:2001.08361, section 2.1, applied to the weights used).

        Returns:
            Parameters used for one token.

        Example:
            >>> preset("mixtral-8x7b").active_parameter_count()
            12879925248
        """
        skipped = sum(count * self._skipped(layer) for layer, count in self._layer_counts.items())
        return self.parameter_count() - skipped

    def card_parameter_counts(self) -> tuple[int, int]:
        """Return the total and the active count as the model card counts them.

        The total adds the vision encoder of a multimodal model (``ModelCard``); the active
        count leaves out the parts the publisher leaves out (``ACTIVE_CONVENTIONS``).

        Raises:
            ValueError: if the preset has no ``card``.

        Example:
            >>> preset("gpt-oss-120b").card_parameter_counts()  # "117B", "5.1B"
            (116829156672, 5132849472)
        """
        if self.card is None:
            raise ValueError("this decoder has no model card")
        breakdown = self.parameter_breakdown()
        left_out = sum(breakdown[part] for part in self.card.active_leaves_out)
        total = self.parameter_count() + self.card.vision_parameters
        return total, self.active_parameter_count() - left_out

    def _mtp_module(self, layer: Layer) -> int:
        d = self.d_model
        return sum(self._layer_parts(layer).values()) + 2 * d * d + 3 * d + self._mixing_head()

    def mtp_parameter_count(self) -> int:
        """Return the parameters of the MTP modules, which no other count includes.

        Example:
            >>> preset("glm-5").mtp_parameter_count()
            9952920320
        """
        return sum(self._mtp_module(layer) for layer in self.mtp)

    def mtp_active_parameter_count(self) -> int:
        """Return the MTP modules' parameters one drafted token uses."""
        return sum(self._mtp_module(layer) - self._skipped(layer) for layer in self.mtp)

    def _attentions(self) -> Counter:
        return Counter(layer.attention for layer in self.layers)

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """Return what the cache grows by per token, summed over all layers.

        Full-attention layers cache a key and a value vector per key/value head and
        token (``startup_math.memory.kv_cache_bytes``), MLA layers a latent (see
        ``MLA``), DeepSeek-V4's compressed layers an entry per m tokens (``CompressedMQA``).
        Sliding windows, chunks and linear attention add nothing per token once past
        their span: see ``kv_cache_fixed_bytes()``, and ``kv_cache_bytes()`` for both.

        Args:
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes per token.

        Raises:
            ValueError: if ``dtype`` is unknown.

        Example:
            >>> preset("llama-3-8b").kv_cache_bytes_per_token("fp16")
            131072.0
            >>> preset("deepseek-v3").kv_cache_bytes_per_token("bf16")  # 61 x 576 x 2
            70272.0
        """
        size = dtype_bytes(dtype)
        per_token = sum(count * a.cache_per_token() for a, count in self._attentions().items())
        return float(per_token * size)

    def kv_cache_fixed_bytes(self, dtype: str = "bf16") -> float:
        """Return the most a sequence holds in parts that do not grow with it.

        Full sliding windows and chunks, recurrent states and convolution inputs of linear
        attention, compressor states; zero for a model whose layers all cache every token.

        Args:
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes per sequence.

        Raises:
            ValueError: if ``dtype`` is unknown.

        Example:
            >>> preset("gpt-oss-120b").kv_cache_fixed_bytes("bf16")  # 18 x 128 x 1,024 x 2
            4718592.0
        """
        size = dtype_bytes(dtype)
        fixed = sum(count * a.cache_fixed() for a, count in self._attentions().items())
        return float(fixed * size)

    def kv_cache_bytes(self, tokens: float, dtype: str = "bf16") -> float:
        """Return the cache one sequence holds after ``tokens`` tokens, all layers.

        At most ``kv_cache_fixed_bytes() + tokens x kv_cache_bytes_per_token()``, and
        ``tokens x kv_cache_bytes_per_token()`` when every layer caches every token.
        ``tokens`` may be fractional, an average over a sequence's life.

        Args:
            tokens: Tokens of the sequence so far, prompt and output.
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes.

        Raises:
            ValueError: if ``tokens`` is negative or not a number, or ``dtype`` is unknown.

        Example:
            >>> arch = preset("gpt-oss-120b")  # 18 full layers, 18 of a 128-token window
            >>> arch.kv_cache_bytes(100) == 36 * 100 * 2048
            True
            >>> arch.kv_cache_bytes(10_000) == 18 * (10_000 + 128) * 2048
            True
        """
        count = non_negative_number("tokens", tokens)
        size = dtype_bytes(dtype)
        return float(sum(n * a.cache(count) for a, n in self._attentions().items()) * size)

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, qk_width, v_width)`` when every layer attends the whole context.

        ``qk_width`` is the summed width of the query-key dot products over all query
        heads, ``v_width`` that of the attention-weighted values (see
        ``GPT2Architecture.attention_score_dims``). With grouped-query attention every
        query head still takes its own dot products, so the widths count query heads; with
        MLA they are the decompressed widths (see ``MLA.scores``).

        Raises:
            ValueError: if the layers differ or some attend a window, chunks, a sparse
                selection or nothing (linear attention): use ``attention_scores(context)``.
        """
        attentions = self._attentions()
        attention = next(iter(attentions))
        if len(attentions) > 1 or not attention.attends_all:
            raise ValueError(
                "the layers do not all attend the whole context alike: "
                "use attention_scores(context)"
            )
        qk_width, v_width = attention.scores(1)
        return self.n_layers, int(qk_width), int(v_width)

    def attention_scores(self, context: float) -> tuple[float, float]:
        """Return the attention-score widths of one token at ``context``, summed over layers.

        Each layer's query-key and value widths times the tokens it attends: all
        ``context`` of them, at most a window or a chunk, the ``top_k`` an indexer picks
        (its own scoring of every token or entry added to the query-key side), compressed
        entries, or none (linear attention). Each unit is a multiply-add; see
        ``startup_math.compute.model_flops_per_token``. For chunked attention the chunk is
        an upper bound: a token attends only the earlier tokens of its own chunk.

        Args:
            context: Earlier tokens of the sequence; may be fractional (an average).

        Returns:
            ``(query-key, value)`` multiply-adds per token.

        Raises:
            ValueError: if ``context`` is negative or not a number.
        """
        n_ctx = non_negative_number("context", context)
        qk = v = 0.0
        for attention, count in self._attentions().items():
            layer_qk, layer_v = attention.scores(n_ctx)
            qk += count * layer_qk
            v += count * layer_v
        return qk, v

    def parameters_read(self, tokens: int) -> float:
        """Return the expected distinct parameters a forward step over ``tokens`` reads.

        For a decode step of a batch of ``tokens`` sequences (or a prefill of that many
        tokens), each routed-expert MoE layer reads only the experts some token picked.
        If every token picks its ``top_k`` of the ``n_experts`` experts independently and
        uniformly, an expert is skipped by one token with probability 1 - k/E, so on
        average E (1 - (1 - k/E)^T) experts per layer are read. Everything else (attention,
        norms, router, shared experts, dense MLPs, embeddings, head) is read once per step.
        One token reads ``active_parameter_count()``; many tokens approach
        ``parameter_count()``. Real routers are not uniform, so this is a model, not a
        measurement.

        The whole input-embedding table is counted although a step reads only the rows of
        its tokens: a small overcount (at most the ``embeddings`` part). For a dense model
        the result is the total.

        Args:
            tokens: Tokens processed in the step, at least 1.

        Returns:
            Expected parameters read, a float.

        Raises:
            ValueError: if ``tokens`` is not a positive integer.

        Example:
            >>> arch = preset("mixtral-8x7b")
            >>> arch.parameters_read(1) == arch.active_parameter_count()
            True
            >>> round(arch.parameters_read(8) / arch.parameter_count(), 3)
            0.903
        """
        count = positive_int("tokens", tokens)
        read = float(self.parameter_count() - self.parameter_breakdown()["experts"])
        moe = Counter(layer.mlp for layer in self.layers if isinstance(layer.mlp, MoE))
        for mlp, layers in moe.items():
            n_experts, top_k = mlp.n_experts, mlp.top_k
            expected = n_experts * (1 - (1 - top_k / n_experts) ** count)
            read += layers * expected * mlp.expert_weights(self.d_model)
        return read

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """Check that a tensor-parallel degree splits every block's heads evenly.

        Tensor parallelism gives every GPU the same number of query heads, so the degree
        must divide ``n_heads``. Key/value heads are split too, or, when there are fewer of
        them than GPUs, copied: the degree must divide the KV heads or be a multiple of
        them (as vLLM and Megatron-LM require). A shared latent (MLA) or a shared
        key-value head (DeepSeek-V4) counts as one head. Linear attention splits its key
        heads (and with them the value heads), so the degree must divide them.

        Args:
            degree: GPUs sharing each layer.
            name: The argument's name, for the message.

        Returns:
            ``degree``.

        Raises:
            ValueError: if ``degree`` is not a positive integer or does not split the heads.

        Example:
            >>> preset("mixtral-8x7b").check_tensor_parallel(3, "gpus")
            Traceback (most recent call last):
            ...
            ValueError: gpus (3) must divide n_heads (32) exactly, remainder 2
        """
        count = positive_int(name, degree)
        for attention in self._attentions():
            attention.check_split(name, count)
        return count


class _Family(_Architecture):
    """A preset family whose shapes fill a ``Decoder``, which answers every question."""

    def _decoder(self) -> Decoder:  # pragma: no cover (each family defines it)
        raise NotImplementedError

    @cached_property
    def decoder(self) -> Decoder:
        """The general description these shapes fill."""
        return self._decoder()

    def parameter_breakdown(self) -> dict[str, int]:
        """See ``Decoder.parameter_breakdown``."""
        return self.decoder.parameter_breakdown()

    def active_parameter_count(self) -> int:
        """See ``Decoder.active_parameter_count``."""
        return self.decoder.active_parameter_count()

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """See ``Decoder.kv_cache_bytes_per_token``."""
        return self.decoder.kv_cache_bytes_per_token(dtype)

    def kv_cache_bytes(self, tokens: float, dtype: str = "bf16") -> float:
        """See ``Decoder.kv_cache_bytes``."""
        return self.decoder.kv_cache_bytes(tokens, dtype)

    def kv_cache_fixed_bytes(self, dtype: str = "bf16") -> float:
        """See ``Decoder.kv_cache_fixed_bytes``."""
        return self.decoder.kv_cache_fixed_bytes(dtype)

    def attention_score_dims(self) -> tuple[int, int, int]:
        """See ``Decoder.attention_score_dims``."""
        return self.decoder.attention_score_dims()

    def attention_scores(self, context: float) -> tuple[float, float]:
        """See ``Decoder.attention_scores``."""
        return self.decoder.attention_scores(context)

    def parameters_read(self, tokens: int) -> float:
        """See ``Decoder.parameters_read``."""
        return self.decoder.parameters_read(tokens)

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """See ``Decoder.check_tensor_parallel``."""
        return self.decoder.check_tensor_parallel(degree, name)


@dataclass(frozen=True)
class GPT2Architecture(_Architecture):
    """A GPT-2 style decoder.

    Learned position embeddings, pre-LayerNorm blocks (LayerNorm with weight and bias),
    biases on every linear layer, a GELU MLP, a final LayerNorm, and a language-model head
    without bias that is tied to the token embeddings by default.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``GPT2Config``).
        n_positions: Longest context, the number of learned positions (``n_positions``).
        d_model: Hidden size (``n_embd``).
        n_layers: Number of transformer blocks (``n_layer``).
        n_heads: Attention heads (``n_head``); must divide ``d_model``.
        d_ff: MLP inner size (``n_inner``); ``None`` means ``4 * d_model``.
        tie_embeddings: Whether the head shares the token embedding matrix.
    """

    vocab_size: int
    n_positions: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int | None = None
    tie_embeddings: bool = True

    def __post_init__(self) -> None:
        for name in ("vocab_size", "n_positions", "d_model", "n_layers", "n_heads"):
            positive_int(name, getattr(self, name))
        if self.d_ff is not None:
            positive_int("d_ff", self.d_ff)
        boolean("tie_embeddings", self.tie_embeddings)
        divides("n_heads", self.n_heads, "d_model", self.d_model)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, f = self.d_model, self.d_ff or 4 * self.d_model
        # Fused QKV projection (d -> 3d) and output projection (d -> d), with biases.
        attention = (d * 3 * d + 3 * d) + (d * d + d)
        mlp = (d * f + f) + (f * d + d)
        # Two LayerNorms per block (weight and bias) and the final one.
        norms = self.n_layers * 2 * 2 * d + 2 * d
        return {
            "embeddings": (self.vocab_size + self.n_positions) * d,
            "attention": self.n_layers * attention,
            "mlp": self.n_layers * mlp,
            "router": 0,
            "experts": 0,
            "norms": norms,
            "hyper_connections": 0,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }

    @property
    def max_context(self) -> int:
        """Longest sequence the model takes: its learned positions."""
        return self.n_positions

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size.

        GPT-2 uses multi-head attention, so every head keeps its own keys and values.
        """
        return self.n_layers, self.n_heads, self.d_model // self.n_heads

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """Return the key/value cache one token takes, summed over all layers.

        Every layer caches a key and a value vector of ``d_model`` per token, as
        ``startup_math.memory.kv_cache_bytes`` counts with ``kv_cache_dims()``.

        Raises:
            ValueError: if ``dtype`` is unknown.

        Example:
            >>> preset("gpt2-small").kv_cache_bytes_per_token("fp16")  # 12 x 2 x 768 x 2
            36864.0
        """
        return float(self.n_layers * 2 * self.d_model * dtype_bytes(dtype))

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, qk_width, v_width)``, here ``(n_layers, d_model, d_model)``.

        ``qk_width`` is the summed width of the query-key dot products over all query
        heads, ``v_width`` that of the attention-weighted values. Per token attending to
        n_ctx earlier tokens, the forward pass spends 2 n_layers n_ctx qk_width FLOPs on
        the scores (Kaplan et al. 2020, arXiv:2001.08361, Table 1, with d_attn = qk_width)
        and as many with v_width on the weighted values (Chowdhery et al. 2022,
        arXiv:2204.02311, Appendix B, count both).
        """
        return self.n_layers, self.d_model, self.d_model


@dataclass(frozen=True)
class LlamaArchitecture(_Family):
    """A Llama style decoder.

    Rotary position embeddings (no position parameters), RMSNorm with a weight and no
    bias, no biases on linear layers, a SwiGLU MLP with gate, up and down projections,
    grouped-query attention, a final RMSNorm and a language-model head that is not tied
    to the embeddings by default.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``LlamaConfig``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of transformer blocks (``num_hidden_layers``).
        n_heads: Query heads (``num_attention_heads``).
        n_kv_heads: Key/value heads (``num_key_value_heads``); must divide ``n_heads``.
            ``None`` means ``n_heads`` (plain multi-head attention).
        d_ff: SwiGLU inner size (``intermediate_size``).
        head_dim: Size of each head (``head_dim``); ``None`` means ``d_model // n_heads``.
            ``n_heads`` must divide ``d_model`` either way, as ``LlamaConfig`` requires.
        tie_embeddings: Whether the head shares the token embedding matrix
            (``tie_word_embeddings``).
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int
    n_kv_heads: int | None = None
    head_dim: int | None = None
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        for name in ("vocab_size", "d_model", "n_layers", "n_heads", "d_ff"):
            positive_int(name, getattr(self, name))
        if self.n_kv_heads is not None:
            positive_int("n_kv_heads", self.n_kv_heads)
            divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        if self.head_dim is not None:
            positive_int("head_dim", self.head_dim)
        divides("n_heads", self.n_heads, "d_model", self.d_model)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size."""
        kv_heads = self.n_kv_heads or self.n_heads
        head_dim = self.head_dim or self.d_model // self.n_heads
        return self.n_layers, kv_heads, head_dim

    def _decoder(self) -> Decoder:
        _, kv_heads, head_dim = self.kv_cache_dims()
        attention = GQA(n_heads=self.n_heads, n_kv_heads=kv_heads, head_dim=head_dim)
        return Decoder(
            vocab_size=self.vocab_size,
            d_model=self.d_model,
            layers=(Layer(attention, DenseMLP(d_ff=self.d_ff)),) * self.n_layers,
            tie_embeddings=self.tie_embeddings,
            max_context=self.max_context,
        )


@dataclass(frozen=True)
class BertArchitecture(_Architecture):
    """A BERT style encoder, without the masked-language-model head.

    Word, position and token-type embeddings followed by a LayerNorm, post-LayerNorm
    blocks with biases on every linear layer and LayerNorm weight and bias, and an
    optional pooler (a dense layer with bias on the first token).

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``BertConfig``).
        n_positions: Number of learned positions (``max_position_embeddings``).
        n_token_types: Number of segment types (``type_vocab_size``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``).
        n_heads: Attention heads (``num_attention_heads``); must divide ``d_model``.
        d_ff: MLP inner size (``intermediate_size``).
        pooler: Whether the model has the pooler (``add_pooling_layer`` in ``BertModel``).
    """

    vocab_size: int
    n_positions: int
    n_token_types: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int
    pooler: bool = True

    def __post_init__(self) -> None:
        names = ("vocab_size", "n_positions", "n_token_types", "d_model", "n_layers")
        for name in (*names, "n_heads", "d_ff"):
            positive_int(name, getattr(self, name))
        boolean("pooler", self.pooler)
        divides("n_heads", self.n_heads, "d_model", self.d_model)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, f = self.d_model, self.d_ff
        # q, k, v and output projections (d -> d), with biases.
        attention = 4 * (d * d + d)
        mlp = (d * f + f) + (f * d + d)
        # Embedding LayerNorm and two per block, each with weight and bias.
        norms = 2 * d + self.n_layers * 2 * 2 * d
        return {
            "embeddings": (self.vocab_size + self.n_positions + self.n_token_types) * d,
            "attention": self.n_layers * attention,
            "mlp": self.n_layers * mlp,
            "router": 0,
            "experts": 0,
            "norms": norms,
            "hyper_connections": 0,
            "lm_head": 0,
            "pooler": d * d + d if self.pooler else 0,
        }

    @property
    def is_decoder(self) -> bool:
        """False: an encoder reads its input at once and generates nothing."""
        return False

    @property
    def max_context(self) -> int:
        """Longest input the model takes: its learned positions."""
        return self.n_positions

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """Refuse: an encoder reads its whole input at once and keeps no KV cache.

        Raises:
            ValueError: always.
        """
        raise ValueError(
            "BertArchitecture is an encoder: it processes the whole input in one pass and "
            "keeps no KV cache; kv_cache_bytes_per_token applies to decoders only"
        )

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, d_model, d_model)``; see ``GPT2Architecture``."""
        return self.n_layers, self.d_model, self.d_model


@dataclass(frozen=True, kw_only=True)
class MixtralArchitecture(_Family):
    """A Mixtral style mixture-of-experts decoder.

    The Llama decoder (grouped-query attention, rotary positions, RMSNorm, no biases) in
    which every layer's MLP is replaced by ``n_experts`` SwiGLU experts and a router, a
    linear layer without bias (d_model -> n_experts) whose softmax picks ``top_k``
    experts per token (Jiang et al. 2024, arXiv:2401.04088, section 2.1).
    ``transformers`` 5 stores each layer's experts as two fused tensors
    (``gate_up_proj`` and ``down_proj``); the count is the same.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``MixtralConfig``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``).
        n_heads: Query heads (``num_attention_heads``).
        d_expert: SwiGLU inner size of each expert (``intermediate_size``).
        n_experts: Experts per layer (``num_local_experts``).
        top_k: Experts each token uses (``num_experts_per_tok``), at most ``n_experts``.
        n_kv_heads: Key/value heads (``num_key_value_heads``), dividing ``n_heads``;
            ``None`` means ``n_heads``.
        head_dim: Size of each head (``head_dim``); ``None`` means ``d_model // n_heads``,
            which then must be exact.
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    d_expert: int
    n_experts: int
    top_k: int
    n_kv_heads: int | None = None
    head_dim: int | None = None
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        names = ("vocab_size", "d_model", "n_layers", "n_heads", "d_expert", "n_experts")
        for name in (*names, "top_k"):
            positive_int(name, getattr(self, name))
        _at_most("top_k", self.top_k, "n_experts", self.n_experts)
        if self.n_kv_heads is not None:
            positive_int("n_kv_heads", self.n_kv_heads)
            divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        if self.head_dim is None:
            divides("n_heads", self.n_heads, "d_model", self.d_model)
        else:
            positive_int("head_dim", self.head_dim)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size."""
        kv_heads = self.n_kv_heads or self.n_heads
        head_dim = self.head_dim or self.d_model // self.n_heads
        return self.n_layers, kv_heads, head_dim

    def _decoder(self) -> Decoder:
        _, kv_heads, head_dim = self.kv_cache_dims()
        attention = GQA(n_heads=self.n_heads, n_kv_heads=kv_heads, head_dim=head_dim)
        experts = MoE(n_experts=self.n_experts, top_k=self.top_k, d_expert=self.d_expert)
        return Decoder(
            vocab_size=self.vocab_size,
            d_model=self.d_model,
            layers=(Layer(attention, experts),) * self.n_layers,
            tie_embeddings=self.tie_embeddings,
            max_context=self.max_context,
        )


@dataclass(frozen=True, kw_only=True)
class Qwen3MoeArchitecture(_Family):
    """A Qwen3-MoE decoder: Qwen3 attention and routed SwiGLU experts in every layer.

    Qwen3 attention is grouped-query attention without biases, with an explicit head
    size (not necessarily ``d_model / n_heads``) and an RMSNorm over each query and key
    head (``q_norm``, ``k_norm``: one weight of size ``head_dim`` each per layer). Every
    layer has ``n_experts`` SwiGLU experts and a bias-free router, no shared expert
    (``decoder_sparse_step`` 1, no ``mlp_only_layers``, as in the released models).

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``Qwen3MoeConfig``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``).
        n_heads: Query heads (``num_attention_heads``).
        n_kv_heads: Key/value heads (``num_key_value_heads``), dividing ``n_heads``.
        head_dim: Size of each head (``head_dim``).
        d_expert: SwiGLU inner size of each expert (``moe_intermediate_size``).
        n_experts: Experts per layer (``num_experts``).
        top_k: Experts each token uses (``num_experts_per_tok``), at most ``n_experts``.
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    d_expert: int
    n_experts: int
    top_k: int
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        names = ("vocab_size", "d_model", "n_layers", "n_heads", "n_kv_heads", "head_dim")
        for name in (*names, "d_expert", "n_experts", "top_k"):
            positive_int(name, getattr(self, name))
        divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        _at_most("top_k", self.top_k, "n_experts", self.n_experts)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size."""
        return self.n_layers, self.n_kv_heads, self.head_dim

    def _decoder(self) -> Decoder:
        attention = GQA(
            n_heads=self.n_heads, n_kv_heads=self.n_kv_heads, head_dim=self.head_dim, qk_norm=True
        )
        experts = MoE(n_experts=self.n_experts, top_k=self.top_k, d_expert=self.d_expert)
        return Decoder(
            vocab_size=self.vocab_size,
            d_model=self.d_model,
            layers=(Layer(attention, experts),) * self.n_layers,
            tie_embeddings=self.tie_embeddings,
            max_context=self.max_context,
        )


@dataclass(frozen=True, kw_only=True)
class DeepseekV3Architecture(_Family):
    """A DeepSeek-V3 decoder: multi-head latent attention and DeepSeekMoE.

    Attention (MLA, DeepSeek-V2, arXiv:2405.04434, section 2.1; DeepSeek-V3,
    arXiv:2412.19437, section 2.1.1): queries go through a low-rank bottleneck
    (``q_a_proj`` d -> q_lora_rank, an RMSNorm, ``q_b_proj`` -> n_heads x (nope + rope)),
    or one projection if ``q_lora_rank`` is ``None``. Keys and values are compressed
    jointly into a latent of ``kv_lora_rank`` plus one shared rotary key of
    ``qk_rope_head_dim`` (``kv_a_proj_with_mqa``, then an RMSNorm on the latent), and
    ``kv_b_proj`` expands the latent into per-head keys (``qk_nope_head_dim``) and values
    (``v_head_dim``); ``o_proj`` maps n_heads x v_head_dim back to d. No biases
    (``attention_bias`` false, as released).

    MLP: the first ``first_k_dense`` layers have a dense SwiGLU MLP of ``d_ff``; the rest
    have ``n_shared_experts`` shared experts (one SwiGLU of ``n_shared_experts *
    d_expert``, used by every token), ``n_experts`` routed SwiGLU experts of ``d_expert``
    and a router (``n_experts x d_model`` weight, no bias) that picks ``top_k`` per token
    from sigmoid affinities plus a balancing bias (the auxiliary-loss-free load balancing
    of section 2.1.2), within the best ``topk_group`` of ``n_group`` expert groups, as
    ``transformers``' ``DeepseekV3TopkRouter`` does. That bias,
    ``e_score_correction_bias``, one float per routed expert, is a buffer in
    ``transformers`` 5.23, not a parameter, and is not counted; the released checkpoint
    stores it as a tensor (58 x 256 = 14,848 values for DeepSeek-V3). The grouping does
    not change any count here.

    The released weights also hold one multi-token-prediction (MTP) module, an extra
    transformer block with its own projection and norms that shares the embedding and
    head and predicts one token further ahead (section 2.2): 14B more in the 685B
    checkpoint. ``DeepseekV3ForCausalLM`` in ``transformers`` 5.23 does not build it and
    neither does this class: DeepSeek's 671B total and 37B activated leave it out too.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``DeepseekV3Config``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``), MTP module excluded.
        n_heads: Attention heads (``num_attention_heads``).
        d_ff: SwiGLU inner size of the dense layers (``intermediate_size``).
        d_expert: SwiGLU inner size of each expert (``moe_intermediate_size``).
        n_experts: Routed experts per MoE layer (``n_routed_experts``).
        top_k: Routed experts each token uses (``num_experts_per_tok``), at most
            ``n_experts``.
        n_shared_experts: Shared experts per MoE layer (``n_shared_experts``), 0 or more.
        first_k_dense: Leading layers with a dense MLP (``first_k_dense_replace``), from 0
            to ``n_layers``.
        kv_lora_rank: Width of the compressed key/value latent (``kv_lora_rank``).
        qk_nope_head_dim: Per-head query/key size without rotary positions.
        qk_rope_head_dim: Per-head query size, and shared key size, with rotary positions.
        v_head_dim: Per-head value size.
        q_lora_rank: Width of the query bottleneck; ``None`` for a direct projection.
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int
    d_expert: int
    n_experts: int
    top_k: int
    n_shared_experts: int
    first_k_dense: int
    kv_lora_rank: int
    qk_nope_head_dim: int
    qk_rope_head_dim: int
    v_head_dim: int
    q_lora_rank: int | None = None
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        names = ("vocab_size", "d_model", "n_layers", "n_heads", "d_ff", "d_expert")
        ranks = ("kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim")
        for name in (*names, "n_experts", "top_k", *ranks):
            positive_int(name, getattr(self, name))
        _at_most("top_k", self.top_k, "n_experts", self.n_experts)
        _non_negative_int("n_shared_experts", self.n_shared_experts)
        _non_negative_int("first_k_dense", self.first_k_dense)
        _at_most("first_k_dense", self.first_k_dense, "n_layers", self.n_layers)
        if self.q_lora_rank is not None:
            positive_int("q_lora_rank", self.q_lora_rank)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def _decoder(self) -> Decoder:
        attention = MLA(
            n_heads=self.n_heads,
            kv_lora_rank=self.kv_lora_rank,
            qk_nope_head_dim=self.qk_nope_head_dim,
            qk_rope_head_dim=self.qk_rope_head_dim,
            v_head_dim=self.v_head_dim,
            q_lora_rank=self.q_lora_rank,
        )
        experts = MoE(
            n_experts=self.n_experts,
            top_k=self.top_k,
            d_expert=self.d_expert,
            n_shared_experts=self.n_shared_experts,
        )
        dense = Layer(attention, DenseMLP(d_ff=self.d_ff))
        moe = Layer(attention, experts)
        return Decoder(
            vocab_size=self.vocab_size,
            d_model=self.d_model,
            layers=(dense,) * self.first_k_dense + (moe,) * (self.n_layers - self.first_k_dense),
            tie_embeddings=self.tie_embeddings,
            max_context=self.max_context,
        )


Architecture = (
    GPT2Architecture
    | LlamaArchitecture
    | BertArchitecture
    | MixtralArchitecture
    | Qwen3MoeArchitecture
    | DeepseekV3Architecture
    | Decoder
)
"""Any of the architecture descriptions."""


# -- the open-weight models of 2025-2026, as data ----------------------------------------------
# Each was built with transformers 5.23 on the meta device from the config named in its
# comment; tests/startup_math/test_decoder.py repeats that from the copies in
# tests/startup_math/configs/ and checks every count here against the built model.
# Text models only: the vision encoders of the multimodal ones are a measured number on
# their ModelCard, not modelled.


def _gpt_oss(n_layers: int, n_experts: int, card: ModelCard) -> Decoder:
    """gpt-oss: sliding-window (128 tokens) and full attention alternate, biases, sinks."""
    full = GQA(n_heads=64, n_kv_heads=8, head_dim=64, bias=True, sinks=True)
    experts = MoE(n_experts=n_experts, top_k=4, d_expert=2880, bias=True)
    pair = (Layer(replace(full, window=128), experts), Layer(full, experts))
    return Decoder(
        vocab_size=201088,
        d_model=2880,
        layers=pair * (n_layers // 2),
        max_context=131072,
        card=card,
    )


def _deepseek_v4(
    *,
    d_model: int,
    n_heads: int,
    q_lora_rank: int,
    o_groups: int,
    n_experts: int,
    d_expert: int,
    index_top_k: int,
    compress_ratios: tuple[int, ...],
    card: ModelCard,
) -> Decoder:
    """DeepSeek-V4: layers by ``compress_ratios`` (0 window only, 4 CSA, 128 HCA)."""
    shape = CompressedMQA(
        n_heads=n_heads,
        head_dim=512,
        q_lora_rank=q_lora_rank,
        o_groups=o_groups,
        o_lora_rank=1024,
        window=128,
    )
    indexer = Indexer(n_heads=64, head_dim=128, top_k=index_top_k)
    experts = MoE(n_experts=n_experts, top_k=6, d_expert=d_expert, n_shared_experts=1)
    kinds = {
        0: Layer(shape, experts),
        4: Layer(replace(shape, compress_rate=4, indexer=indexer), experts),
        128: Layer(replace(shape, compress_rate=128), experts),
    }
    return Decoder(
        vocab_size=129280,
        d_model=d_model,
        layers=tuple(kinds[ratio] for ratio in compress_ratios),
        max_context=1048576,
        hyper_connections=4,
        mtp=(kinds[0],),  # the config's last compress_ratios entry: window only
        card=card,
    )


def _qwen3_5(
    *,
    d_model: int,
    n_layers: int,
    n_heads: int,
    n_value_heads: int,
    n_experts: int,
    top_k: int,
    d_expert: int,
    card: ModelCard,
) -> Decoder:
    """Qwen3.5: three Gated DeltaNet layers, then one gated full-attention layer."""
    full = GQA(n_heads=n_heads, n_kv_heads=2, head_dim=256, qk_norm=True, output_gate=True)
    linear = GatedDeltaNet(
        n_key_heads=16,
        n_value_heads=n_value_heads,
        key_head_dim=128,
        value_head_dim=128,
        conv_kernel=4,
    )
    experts = MoE(
        n_experts=n_experts, top_k=top_k, d_expert=d_expert, n_shared_experts=1, shared_gate=True
    )
    block = (Layer(linear, experts),) * 3 + (Layer(full, experts),)  # full_attention_interval 4
    return Decoder(
        vocab_size=248320,
        d_model=d_model,
        layers=block * (n_layers // 4),
        max_context=262144,
        mtp=(Layer(full, experts),),
        card=card,
    )


def _llama_4(*, n_experts: int, moe_step: int, max_context: int, card: ModelCard) -> Decoder:
    """Llama 4: chunked attention, every 4th layer global (no RoPE); MoE every moe_step."""
    chunked = GQA(n_heads=40, n_kv_heads=8, head_dim=128, chunk=8192)
    experts = MoE(n_experts=n_experts, top_k=1, d_expert=8192, n_shared_experts=1)
    layers = tuple(
        Layer(
            replace(chunked, chunk=None) if i % 4 == 3 else chunked,
            experts if i % moe_step == moe_step - 1 else DenseMLP(d_ff=16384),
        )
        for i in range(48)
    )
    return Decoder(
        vocab_size=202048, d_model=5120, layers=layers, max_context=max_context, card=card
    )


_KIMI_MLA = MLA(
    n_heads=64,
    kv_lora_rank=512,
    qk_nope_head_dim=128,
    qk_rope_head_dim=64,
    v_head_dim=128,
    q_lora_rank=1536,
)
_GLM_5_MLA = MLA(
    n_heads=64,
    kv_lora_rank=512,
    qk_nope_head_dim=192,
    qk_rope_head_dim=64,
    v_head_dim=256,
    q_lora_rank=2048,
    indexer=Indexer(n_heads=32, head_dim=128, top_k=2048),
)
_GLM_5_MOE = MoE(n_experts=256, top_k=8, d_expert=2048, n_shared_experts=1)
_KIMI_MOE = MoE(n_experts=384, top_k=8, d_expert=2048, n_shared_experts=1)

_LLAMA_3_8B = LlamaArchitecture(
    vocab_size=128256,
    d_model=4096,
    n_layers=32,
    n_heads=32,
    n_kv_heads=8,
    d_ff=14336,
    max_context=8192,
)
_LLAMA_3_70B = LlamaArchitecture(
    vocab_size=128256,
    d_model=8192,
    n_layers=80,
    n_heads=64,
    n_kv_heads=8,
    d_ff=28672,
    max_context=8192,
)

PRESETS: dict[str, Architecture] = {
    # Radford et al. 2019; Hugging Face "gpt2" config.
    "gpt2-small": GPT2Architecture(
        vocab_size=50257, n_positions=1024, d_model=768, n_layers=12, n_heads=12
    ),
    # Devlin et al. 2019, BERT-base; Hugging Face "bert-base-uncased" config.
    "bert-base-uncased": BertArchitecture(
        vocab_size=30522,
        n_positions=512,
        n_token_types=2,
        d_model=768,
        n_layers=12,
        n_heads=12,
        d_ff=3072,
    ),
    # Touvron et al. 2023, arXiv:2307.09288; Hugging Face "meta-llama/Llama-2-7b-hf" config.
    # max_position_embeddings 4096.
    "llama-2-7b": LlamaArchitecture(
        vocab_size=32000, d_model=4096, n_layers=32, n_heads=32, d_ff=11008, max_context=4096
    ),
    # Llama Team 2024, arXiv:2407.21783, Table 3; "meta-llama/Meta-Llama-3-8B" config:
    # max_position_embeddings 8192.
    "llama-3-8b": _LLAMA_3_8B,
    # Llama Team 2024, arXiv:2407.21783, Table 3; "meta-llama/Meta-Llama-3-70B" config.json:
    # hidden_size 8192, intermediate_size 28672, 80 layers, 64 heads, 8 KV heads,
    # vocab_size 128256, tie_word_embeddings false, max_position_embeddings 8192.
    "llama-3-70b": _LLAMA_3_70B,
    # Touvron et al. 2023, arXiv:2307.09288; "meta-llama/Llama-2-70b-hf" config.json:
    # hidden_size 8192, intermediate_size 28672, 80 layers, 64 heads, 8 KV heads,
    # vocab_size 32000, max_position_embeddings 4096.
    "llama-2-70b": LlamaArchitecture(
        vocab_size=32000,
        d_model=8192,
        n_layers=80,
        n_heads=64,
        n_kv_heads=8,
        d_ff=28672,
        max_context=4096,
    ),
    # Llama 3.1 and 3.3 keep the Llama 3 shapes and extend the context with RoPE scaling:
    # "meta-llama/Llama-3.1-8B" and "meta-llama/Llama-3.3-70B-Instruct" config.json,
    # max_position_embeddings 131072.
    "llama-3.1-8b": replace(_LLAMA_3_8B, max_context=131072),
    "llama-3.3-70b": replace(_LLAMA_3_70B, max_context=131072),
    # Llama Team 2024, arXiv:2407.21783, Table 3 (126 layers, model dimension 16,384, FFN
    # dimension 53,248, 128 heads, 8 KV heads); "meta-llama/Llama-3.1-405B" config.json:
    # vocab_size 128256, max_position_embeddings 131072.
    "llama-3.1-405b": LlamaArchitecture(
        vocab_size=128256,
        d_model=16384,
        n_layers=126,
        n_heads=128,
        n_kv_heads=8,
        d_ff=53248,
        max_context=131072,
    ),
    # Jiang et al. 2024, arXiv:2401.04088; "mistralai/Mixtral-8x7B-v0.1" config.json:
    # hidden_size 4096, intermediate_size 14336, 32 layers, 32 heads, 8 KV heads,
    # num_local_experts 8, num_experts_per_tok 2, vocab_size 32000, untied head,
    # max_position_embeddings 32768.
    "mixtral-8x7b": MixtralArchitecture(
        vocab_size=32000,
        d_model=4096,
        n_layers=32,
        n_heads=32,
        n_kv_heads=8,
        d_expert=14336,
        n_experts=8,
        top_k=2,
        max_context=32768,
    ),
    # Qwen Team 2025, arXiv:2505.09388; "Qwen/Qwen3-30B-A3B" config.json: hidden_size 2048,
    # 48 layers, 32 heads, 4 KV heads, head_dim 128, moe_intermediate_size 768,
    # num_experts 128, num_experts_per_tok 8, vocab_size 151936, untied head,
    # max_position_embeddings 40960 (the model card: 32,768 natively, 131,072 with YaRN).
    "qwen3-30b-a3b": Qwen3MoeArchitecture(
        vocab_size=151936,
        d_model=2048,
        n_layers=48,
        n_heads=32,
        n_kv_heads=4,
        head_dim=128,
        d_expert=768,
        n_experts=128,
        top_k=8,
        max_context=40960,
    ),
    # Qwen Team 2025, arXiv:2505.09388; "Qwen/Qwen3-235B-A22B" config.json: hidden_size
    # 4096, 94 layers, 64 heads, 4 KV heads, head_dim 128, moe_intermediate_size 1536,
    # num_experts 128, num_experts_per_tok 8, vocab_size 151936, untied head,
    # max_position_embeddings 40960.
    "qwen3-235b-a22b": Qwen3MoeArchitecture(
        vocab_size=151936,
        d_model=4096,
        n_layers=94,
        n_heads=64,
        n_kv_heads=4,
        head_dim=128,
        d_expert=1536,
        n_experts=128,
        top_k=8,
        max_context=40960,
    ),
    # DeepSeek-AI 2024, arXiv:2412.19437; "deepseek-ai/DeepSeek-V3" config.json (and
    # inference/configs/config_671B.json of github.com/deepseek-ai/DeepSeek-V3):
    # hidden_size 7168, intermediate_size 18432, moe_intermediate_size 2048, 61 layers,
    # 128 heads, n_routed_experts 256, n_shared_experts 1, num_experts_per_tok 8,
    # first_k_dense_replace 3, q_lora_rank 1536, kv_lora_rank 512, qk_nope_head_dim 128,
    # qk_rope_head_dim 64, v_head_dim 128, vocab_size 129280, untied head,
    # max_position_embeddings 163840.
    "deepseek-v3": DeepseekV3Architecture(
        vocab_size=129280,
        d_model=7168,
        n_layers=61,
        n_heads=128,
        d_ff=18432,
        d_expert=2048,
        n_experts=256,
        top_k=8,
        n_shared_experts=1,
        first_k_dense=3,
        q_lora_rank=1536,
        kv_lora_rank=512,
        qk_nope_head_dim=128,
        qk_rope_head_dim=64,
        v_head_dim=128,
        max_context=163840,
    ),
    # OpenAI 2025, "gpt-oss-120b & gpt-oss-20b Model Card"; "openai/gpt-oss-120b" config.json
    # RECONSTRUCTED, not read: the gpt-oss-20b file below with 36 layers, 128 experts and 36
    # alternating layer_types, as openai/gpt-oss's gpt_oss/torch/model.py defaults give
    # them (commit 7b58334): hidden_size 2880, 64 heads, 8 KV heads, head_dim 64,
    # sliding_window 128, 4 experts per token, vocab_size 201088, max_position_embeddings
    # 131072. The expert weights ship in MXFP4 (about 4.25 bits each), the rest in BF16.
    "gpt-oss-120b": _gpt_oss(
        36,
        128,
        ModelCard(
            total="117B",
            active="5.1B",
            active_leaves_out=("embeddings",),
            source="openai/gpt-oss README.md (GitHub, commit 7b58334): "
            "'117B parameters with 5.1B active parameters'",
        ),
    ),
    # "openai/gpt-oss-20b" config.json, copied verbatim in a third-party report of the
    # checkpoint (its tensor list adds up to this count): 24 layers, 32 experts.
    "gpt-oss-20b": _gpt_oss(
        24,
        32,
        ModelCard(
            total="21B",
            active="3.6B",
            active_leaves_out=("embeddings",),
            source="openai/gpt-oss README.md (GitHub): "
            "'21B parameters with 3.6B active parameters'",
        ),
    ),
    # DeepSeek-AI 2026, DeepSeek-V4 (preview); "deepseek-ai/DeepSeek-V4-Pro" config.json,
    # copied verbatim in a third-party report of the checkpoint (its tensor list adds up to
    # this count plus the MTP module): hidden_size 7168, 61 layers, 128 heads, head_dim
    # 512, q_lora_rank 1536, o_groups 16, o_lora_rank 1024, 384 experts of 3072, 6 per
    # token, 1 shared, index_topk 1024, hc_mult 4; the first 3 layers route by a hash of
    # the token (same counts). Not modelled: the precisions DeepSeek's kernels store the
    # cache in (every element counts at the cache's dtype).
    "deepseek-v4-pro": _deepseek_v4(
        d_model=7168,
        n_heads=128,
        q_lora_rank=1536,
        o_groups=16,
        n_experts=384,
        d_expert=3072,
        index_top_k=1024,
        compress_ratios=(128, 128) + (4, 128) * 29 + (4,),
        card=ModelCard(
            total="1.6T",
            active="49B",
            active_leaves_out=("embeddings",),
            source="DeepSeek-V4 model card, read in a copy: "
            "'DeepSeek-V4-Pro with 1.6T parameters (49B activated)'",
        ),
    ),
    # "deepseek-ai/DeepSeek-V4-Flash" config.json, copied verbatim in a third-party report
    # (its tensor list was partial): hidden_size 4096, 43 layers, 64 heads, q_lora_rank
    # 1024, o_groups 8, 256 experts of 2048, index_topk 512.
    "deepseek-v4-flash": _deepseek_v4(
        d_model=4096,
        n_heads=64,
        q_lora_rank=1024,
        o_groups=8,
        n_experts=256,
        d_expert=2048,
        index_top_k=512,
        compress_ratios=(0, 0) + (4, 128) * 20 + (4,),
        card=ModelCard(
            total="284B",
            active="13B",
            active_leaves_out=("embeddings",),
            source="DeepSeek-V4 model card, read in a copy: "
            "'DeepSeek-V4-Flash with 284B parameters (13B activated)'",
        ),
    ),
    # Qwen Team 2026, Qwen3.5; "Qwen/Qwen3.5-397B-A17B" config.json RECONSTRUCTED, not
    # read: the Qwen3.5-35B-A3B structure with the values several third-party
    # transcriptions of the file agree on: hidden_size 4096, 60 layers, 32 heads, 2 KV
    # heads, head_dim 256, 64 linear-attention value heads, 512 experts of 1024, 10 per
    # token, vocab_size 248320. Text model only (Qwen3_5MoeForCausalLM); the card's total
    # counts the vision encoder too.
    "qwen3.5-397b-a17b": _qwen3_5(
        d_model=4096,
        n_layers=60,
        n_heads=32,
        n_value_heads=64,
        n_experts=512,
        top_k=10,
        d_expert=1024,
        card=ModelCard(
            total="397B",
            active="17B",
            vision_parameters=456_010_480,
            source="Qwen3.5 model card as quoted by SGLang's Qwen3.5 cookbook: "
            "'397B total parameters, 17B activated'",
        ),
    ),
    # "Qwen/Qwen3.5-35B-A3B" config as transformers 5.7 parsed it (not the raw file), in a
    # third-party report of the checkpoint whose tensor list adds up to this count plus
    # the vision encoder and the MTP module: hidden_size 2048, 40 layers, 16 heads, 32
    # linear-attention value heads, 256 experts of 512, 8 per token. Text model only.
    "qwen3.5-35b-a3b": _qwen3_5(
        d_model=2048,
        n_layers=40,
        n_heads=16,
        n_value_heads=32,
        n_experts=256,
        top_k=8,
        d_expert=512,
        card=ModelCard(
            total="35B",
            active="3B",
            vision_parameters=446_571_248,
            source="NVIDIA Megatron-Bridge Qwen3.5 documentation: "
            "'35B total parameters, 3B activated per token'",
        ),
    ),
    # Moonshot AI 2026, Kimi K2.5; "moonshotai/Kimi-K2.5" config as transformers 5.7 parsed
    # it (not the raw file), in a third-party report of the checkpoint whose tensor list
    # adds up to this count plus the vision encoder: a DeepSeek-V3 text model
    # (text_config) of hidden_size 7168, 61 layers (1 dense), 64 heads, 384 experts, 8
    # per token, 1 shared, vocab_size 163840, max_position_embeddings 262144, no MTP
    # layer. Text model only. Routed experts ship in INT4.
    "kimi-k2.5": Decoder(
        vocab_size=163840,
        d_model=7168,
        layers=(Layer(_KIMI_MLA, DenseMLP(d_ff=18432)),) + (Layer(_KIMI_MLA, _KIMI_MOE),) * 60,
        max_context=262144,
        card=ModelCard(
            total="1T",
            active="32B",
            active_leaves_out=("embeddings",),
            vision_parameters=471_143_920,
            source="Kimi K2.5 model card table, read in third-party copies: "
            "'Total Parameters 1T, Activated Parameters 32B'",
        ),
    ),
    # Z.ai 2026, GLM-5 (arXiv:2602.15763); "zai-org/GLM-5" config.json RECONSTRUCTED, not
    # read: the GLM-5.1 config.json, copied verbatim in a third-party report of that
    # checkpoint (its tensor list adds up to this count plus the MTP layer), which the
    # zai-org/GLM-5 README gives the same "744B-A40B" shape: hidden_size 6144, 78 layers
    # (3 dense), 64 heads, MLA with a DSA indexer (32 heads of 128, top 2048), 256
    # experts of 2048, 8 per token, 1 shared, vocab_size 154880.
    "glm-5": Decoder(
        vocab_size=154880,
        d_model=6144,
        layers=(Layer(_GLM_5_MLA, DenseMLP(d_ff=12288)),) * 3
        + (Layer(_GLM_5_MLA, _GLM_5_MOE),) * 75,
        max_context=202752,
        mtp=(Layer(_GLM_5_MLA, _GLM_5_MOE),),
        card=ModelCard(
            total="744B",
            active="40B",
            active_leaves_out=("embeddings", "lm_head"),
            source="zai-org/GLM-5 README.md (GitHub): '744B parameters (40B active)'",
        ),
    ),
    # Meta 2025, Llama 4; "meta-llama/Llama-4-Scout-17B-16E-Instruct" config.json as copied
    # in the test data of a fork of ai-dynamo/dynamo (not compared with Meta's gated file):
    # hidden_size 5120, 48 layers, 40 heads, 8 KV heads, head_dim 128,
    # attention_chunk_size 8192, 16 experts of 8192, 1 per token, 1 shared expert,
    # max_position_embeddings 10485760. Text model only (Llama4ForCausalLM).
    "llama-4-scout": _llama_4(
        n_experts=16,
        moe_step=1,
        max_context=10485760,
        card=ModelCard(
            total="109B",
            active="17B",
            vision_parameters=871_932_416,
            source="Hugging Face transformers documentation, Llama4: "
            "'17B active parameters out of ~109B total'",
        ),
    ),
    # "meta-llama/Llama-4-Maverick-17B-128E-Instruct" config.json RECONSTRUCTED, not read:
    # the two-layer Maverick config of TensorRT-LLM's tests with its 48 layers restored:
    # 128 experts on odd layers (interleave_moe_layer_step 2), dense MLPs of 16384 on the
    # others, max_position_embeddings 1048576. Text model only.
    "llama-4-maverick": _llama_4(
        n_experts=128,
        moe_step=2,
        max_context=1048576,
        card=ModelCard(
            total="402B",
            active="17B",
            vision_parameters=871_932_416,
            source="Hugging Face transformers documentation, Llama4: 'comes in two "
            "flavors: 109B, and 402B parameters' (Meta's announcement: ~400B)",
        ),
    ),
}
"""Published architectures by name."""


def preset(name: str) -> Architecture:
    """Look up a published architecture by name (case-insensitive).

    Args:
        name: One of the keys of ``PRESETS``, for example ``"llama-3-8b"``.

    Returns:
        The architecture description.

    Raises:
        ValueError: if ``name`` is not a string or not a known preset; the message lists
            the known names.

    Example:
        >>> preset("gpt2-small").parameter_count()
        124439808
    """
    return lookup(PRESETS, name, arg="name", what="preset")
