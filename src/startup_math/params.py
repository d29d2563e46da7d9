"""Exact parameter counts from an architecture description.

Three dense families: the GPT-2 decoder (Radford et al. 2019), the Llama decoder
(Touvron et al. 2023, arXiv:2302.13971 and arXiv:2307.09288; Llama 3, arXiv:2407.21783)
and the BERT encoder (Devlin et al. 2019, arXiv:1810.04805). Three mixture-of-experts
(MoE) decoders: Mixtral (Jiang et al. 2024, arXiv:2401.04088), Qwen3-MoE (Qwen Team
2025, arXiv:2505.09388) and DeepSeek-V3 (DeepSeek-AI 2024, arXiv:2412.19437) with its
multi-head latent attention (MLA, DeepSeek-V2, arXiv:2405.04434, section 2.1). Each class
counts every weight and bias the way the Hugging Face ``transformers`` implementation
builds them, and the tests check the count against the real model.

Tied embeddings (the language-model head reuses the token embedding matrix) are counted
once, as ``torch.nn.Module.parameters()`` does.

Every class answers the same questions:

* ``parameter_count()`` and ``parameter_breakdown()``: what must sit in memory;
* ``active_parameter_count()``: what one token uses, the N of the 2N FLOPs per token;
* ``non_embedding_parameter_count()``: Kaplan et al.'s N (arXiv:2001.08361, section 2.1);
* ``kv_cache_bytes_per_token()``: the decoder's cache, all layers;
* ``attention_score_dims()``: the widths that set the attention-score FLOPs;
* ``parameters_read(tokens)``: the distinct weights a forward step over a batch reads.
"""

from dataclasses import dataclass, replace
from numbers import Integral

from startup_math._validate import boolean, divides, lookup, positive_int
from startup_math.memory import dtype_bytes

PARTS = (
    "embeddings",
    "attention",
    "mlp",
    "router",
    "experts",
    "norms",
    "lm_head",
    "pooler",
)
"""Keys of every ``parameter_breakdown()`` result, in this order.

``mlp`` holds dense MLPs and shared experts, ``experts`` the routed experts and ``router``
the gating weights; the last two are zero for dense models.
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


def _gqa_attention(d_model: int, n_heads: int, n_kv_heads: int, head_dim: int) -> int:
    """Weights of one attention block without biases: q, k, v and o projections."""
    q_size, kv_size = n_heads * head_dim, n_kv_heads * head_dim
    return d_model * q_size + 2 * d_model * kv_size + q_size * d_model


def _swiglu(d_model: int, d_inner: int) -> int:
    """Weights of one SwiGLU MLP without biases: gate and up (d -> f), down (f -> d)."""
    return 3 * d_model * d_inner


class _Architecture:
    """What all architectures share.

    Each class defines ``n_layers``, ``parameter_breakdown()``, ``attention_score_dims()``
    and ``_kv_elements_per_layer()``; MoE classes also ``_routed_experts()``.
    """

    n_layers: int

    def parameter_breakdown(self) -> dict[str, int]:  # pragma: no cover (each class defines it)
        raise NotImplementedError

    def attention_score_dims(self) -> tuple[int, int, int]:  # pragma: no cover (each class)
        raise NotImplementedError

    def _kv_elements_per_layer(self) -> int:  # pragma: no cover (each class defines it)
        raise NotImplementedError

    def _routed_experts(self) -> tuple[int, int, int, int]:
        """Return ``(moe_layers, n_experts, top_k, params_per_expert)``; dense: no experts."""
        return 0, 1, 1, 0

    @property
    def is_decoder(self) -> bool:
        """Whether the model generates text token by token (keeps a KV cache)."""
        return True

    def kv_heads(self) -> int:
        """Return the distinct key/value heads each layer caches (1 for a shared latent)."""
        return self.kv_cache_dims()[1]  # type: ignore[attr-defined]

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """Check that a tensor-parallel degree splits the attention heads evenly.

        Tensor parallelism gives every GPU the same number of query heads, so the degree
        must divide ``n_heads``. Key/value heads are split too, or, when there are fewer of
        them than GPUs, copied: the degree must divide the KV heads or be a multiple of
        them (as vLLM and Megatron-LM require). A shared latent (MLA) counts as one head.

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
        divides(name, count, "n_heads", self.n_heads)  # type: ignore[attr-defined]
        kv = self.kv_heads()
        if kv % count != 0 and count % kv != 0:
            raise ValueError(
                f"{name} ({count}) must divide the key/value heads ({kv}) or be a multiple of them"
            )
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
        """Return the parameters one token uses: all but the routed experts it skips.

        In every MoE layer a token runs through ``top_k`` of the ``n_experts`` routed
        experts; the other experts' weights are not used for it. Embeddings, the
        language-model head, the router and shared experts count in full, as in the
        published figures: Mixtral 8x7B's "12.9B parameters per token" (Mistral AI,
        "Mixtral of experts", 2023) and DeepSeek-V3's 36.7B activated "including 0.9B for
        Embedding and 0.9B for the output Head" (README_WEIGHTS.md of
        github.com/deepseek-ai/DeepSeek-V3; this class counts 37.55B, within the paper's
        "37B", and the tests record the 0.85B gap). For a dense model this is the total.

        About 2 x this many FLOPs are spent per token in the forward pass, 6 x in training
        (Kaplan et al. 2020, arXiv:2001.08361, section 2.1, applied to the weights used).

        Returns:
            Parameters used for one token.

        Example:
            >>> preset("mixtral-8x7b").active_parameter_count()
            12879925248
        """
        layers, n_experts, top_k, per_expert = self._routed_experts()
        return self.parameter_count() - layers * (n_experts - top_k) * per_expert

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

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """Return the key/value cache one token takes, summed over all layers.

        Every layer caches a key and a value vector per key/value head for every token,
        as ``startup_math.memory.kv_cache_bytes`` counts; multiply by the tokens held and
        the sequences in the batch for the whole cache. Multi-head latent attention caches
        a compressed latent instead (see ``DeepseekV3Architecture``).

        Args:
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes per token.

        Raises:
            ValueError: if ``dtype`` is unknown, or the model is an encoder, which keeps no
                cache.

        Example:
            >>> preset("llama-3-8b").kv_cache_bytes_per_token("fp16")
            131072.0
        """
        return float(self.n_layers * self._kv_elements_per_layer() * dtype_bytes(dtype))

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
        layers, n_experts, top_k, per_expert = self._routed_experts()
        expected = n_experts * (1 - (1 - top_k / n_experts) ** count)
        routed_total = layers * n_experts * per_expert
        return float(self.parameter_count() - routed_total) + layers * expected * per_expert


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

    def _kv_elements_per_layer(self) -> int:
        return 2 * self.d_model

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
class LlamaArchitecture(_Architecture):
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

    def _kv_elements_per_layer(self) -> int:
        _, kv_heads, head_dim = self.kv_cache_dims()
        return 2 * kv_heads * head_dim

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_heads * head_dim, n_heads * head_dim)``.

        See ``GPT2Architecture.attention_score_dims``: with grouped-query attention every
        query head still takes its own dot products, so the widths count query heads.
        """
        _, _, head_dim = self.kv_cache_dims()
        return self.n_layers, self.n_heads * head_dim, self.n_heads * head_dim

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d = self.d_model
        _, kv_heads, head_dim = self.kv_cache_dims()
        # Two RMSNorm weights per block and the final norm.
        norms = self.n_layers * 2 * d + d
        return {
            "embeddings": self.vocab_size * d,
            "attention": self.n_layers * _gqa_attention(d, self.n_heads, kv_heads, head_dim),
            "mlp": self.n_layers * _swiglu(d, self.d_ff),
            "router": 0,
            "experts": 0,
            "norms": norms,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }


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
class MixtralArchitecture(_Architecture):
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

    def _kv_elements_per_layer(self) -> int:
        _, kv_heads, head_dim = self.kv_cache_dims()
        return 2 * kv_heads * head_dim

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_heads * head_dim, n_heads * head_dim)``.

        See ``GPT2Architecture.attention_score_dims``.
        """
        _, _, head_dim = self.kv_cache_dims()
        return self.n_layers, self.n_heads * head_dim, self.n_heads * head_dim

    def _routed_experts(self) -> tuple[int, int, int, int]:
        return self.n_layers, self.n_experts, self.top_k, _swiglu(self.d_model, self.d_expert)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, layers = self.d_model, self.n_layers
        _, kv_heads, head_dim = self.kv_cache_dims()
        return {
            "embeddings": self.vocab_size * d,
            "attention": layers * _gqa_attention(d, self.n_heads, kv_heads, head_dim),
            "mlp": 0,
            "router": layers * self.n_experts * d,
            "experts": layers * self.n_experts * _swiglu(d, self.d_expert),
            # Two RMSNorm weights per block and the final norm.
            "norms": layers * 2 * d + d,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }


@dataclass(frozen=True, kw_only=True)
class Qwen3MoeArchitecture(_Architecture):
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

    def _kv_elements_per_layer(self) -> int:
        return 2 * self.n_kv_heads * self.head_dim

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_heads * head_dim, n_heads * head_dim)``.

        See ``GPT2Architecture.attention_score_dims``.
        """
        width = self.n_heads * self.head_dim
        return self.n_layers, width, width

    def _routed_experts(self) -> tuple[int, int, int, int]:
        return self.n_layers, self.n_experts, self.top_k, _swiglu(self.d_model, self.d_expert)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, layers = self.d_model, self.n_layers
        attention = _gqa_attention(d, self.n_heads, self.n_kv_heads, self.head_dim)
        return {
            "embeddings": self.vocab_size * d,
            "attention": layers * attention,
            "mlp": 0,
            "router": layers * self.n_experts * d,
            "experts": layers * self.n_experts * _swiglu(d, self.d_expert),
            # Two RMSNorms per block, the per-head q and k norms, and the final norm.
            "norms": layers * (2 * d + 2 * self.head_dim) + d,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }


@dataclass(frozen=True, kw_only=True)
class DeepseekV3Architecture(_Architecture):
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

    def _kv_elements_per_layer(self) -> int:
        return self.kv_lora_rank + self.qk_rope_head_dim

    def kv_heads(self) -> int:
        """Return 1: every head reads the same cached latent."""
        return 1

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """Return the MLA cache one token takes, summed over all layers.

        MLA caches, per layer and token, only the compressed key/value latent
        (``kv_lora_rank``) and the shared rotary key (``qk_rope_head_dim``):
        (d_c + d_h^R) l elements in DeepSeek-V2's notation (arXiv:2405.04434,
        section 2.1.2-2.1.3 and Table 1), 512 + 64 = 576 per layer for DeepSeek-V3. This is
        what inference engines built for MLA store. ``transformers`` 5.23 caches the same
        latent (``DeepseekV3Attention`` updates the cache before ``expand_kv``) and then
        decompresses it into per-head keys and values at every step, which costs compute
        and temporary memory but not cache.

        Args:
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes per token.

        Raises:
            ValueError: if ``dtype`` is unknown.

        Example:
            >>> preset("deepseek-v3").kv_cache_bytes_per_token("bf16")  # 61 x 576 x 2
            70272.0
        """
        return super().kv_cache_bytes_per_token(dtype)

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_heads * (nope + rope), n_heads * v_head_dim)``.

        Scores are dot products of n_heads query heads of ``qk_nope_head_dim +
        qk_rope_head_dim`` with the decompressed keys, as the model is defined (and as
        ``transformers`` computes it). Engines that absorb ``kv_b_proj`` into the query
        and output projections take the products in the latent space instead, with other
        widths. See ``GPT2Architecture.attention_score_dims``.
        """
        qk_width = self.n_heads * (self.qk_nope_head_dim + self.qk_rope_head_dim)
        return self.n_layers, qk_width, self.n_heads * self.v_head_dim

    def _moe_layers(self) -> int:
        return self.n_layers - self.first_k_dense

    def _routed_experts(self) -> tuple[int, int, int, int]:
        per_expert = _swiglu(self.d_model, self.d_expert)
        return self._moe_layers(), self.n_experts, self.top_k, per_expert

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
            ``mlp`` holds the dense layers' MLPs and the shared experts.
        """
        d, h = self.d_model, self.n_heads
        qk_head = self.qk_nope_head_dim + self.qk_rope_head_dim
        if self.q_lora_rank is None:
            query, q_norm = d * h * qk_head, 0
        else:
            query, q_norm = d * self.q_lora_rank + self.q_lora_rank * h * qk_head, self.q_lora_rank
        kv_down = d * (self.kv_lora_rank + self.qk_rope_head_dim)
        kv_up = self.kv_lora_rank * h * (self.qk_nope_head_dim + self.v_head_dim)
        attention = query + kv_down + kv_up + h * self.v_head_dim * d
        moe_layers = self._moe_layers()
        dense_mlp = self.first_k_dense * _swiglu(d, self.d_ff)
        shared = moe_layers * _swiglu(d, self.n_shared_experts * self.d_expert)
        return {
            "embeddings": self.vocab_size * d,
            "attention": self.n_layers * attention,
            "mlp": dense_mlp + shared,
            "router": moe_layers * self.n_experts * d,
            "experts": moe_layers * self.n_experts * _swiglu(d, self.d_expert),
            # Two RMSNorms per block, the latent (and query) norms, and the final norm.
            "norms": self.n_layers * (2 * d + self.kv_lora_rank + q_norm) + d,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }


Architecture = (
    GPT2Architecture
    | LlamaArchitecture
    | BertArchitecture
    | MixtralArchitecture
    | Qwen3MoeArchitecture
    | DeepseekV3Architecture
)
"""Any of the architecture descriptions."""

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
