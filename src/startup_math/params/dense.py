"""Dense architectures with their own constructors: GPT-2, Llama and BERT.

GPT-2 and BERT stand apart (learned positions, LayerNorms with biases, biased
projections) and count their blocks themselves; a Llama fills a ``Decoder``.
"""

from dataclasses import dataclass

from startup_math._validate import boolean, divides, positive_int
from startup_math.memory import dtype_bytes
from startup_math.params.attention import GQA
from startup_math.params.base import _Architecture, _Family
from startup_math.params.decoder import Decoder
from startup_math.params.layers import DenseMLP, Layer


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
            >>> from startup_math import preset
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
        return self._stack((Layer(attention, DenseMLP(d_ff=self.d_ff)),) * self.n_layers)


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
