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

The package's modules, each importable on its own and all re-exported here:

* ``attention``: the softmax attention blocks (``GQA``, ``MLA``, ``CompressedMQA``) and
  DeepSeek's ``Indexer``; ``linear_attention``: ``GatedDeltaNet``;
* ``layers``: the MLPs (``DenseMLP``, ``MoE``) and the ``Layer`` that pairs one with an
  attention block;
* ``decoder``: ``Decoder``, the general description every preset family fills;
* ``dense`` and ``moe``: the architecture classes with their own constructors, GPT-2,
  Llama and BERT, Mixtral, Qwen3-MoE and DeepSeek-V3;
* ``base``: what every architecture answers (``PARTS``, the shared methods);
* ``cards``: what publishers state about a model's size (``ModelCard``);
* ``presets``: the published architectures as data (``PRESETS``) and ``preset()``.
"""

from startup_math.params.attention import GQA, MLA, Attention, CompressedMQA, Indexer
from startup_math.params.base import PARTS
from startup_math.params.cards import ACTIVE_CONVENTIONS, ModelCard, published_range
from startup_math.params.decoder import Decoder
from startup_math.params.dense import BertArchitecture, GPT2Architecture, LlamaArchitecture
from startup_math.params.layers import MLP, DenseMLP, Layer, MoE
from startup_math.params.linear_attention import GatedDeltaNet
from startup_math.params.moe import (
    DeepseekV3Architecture,
    MixtralArchitecture,
    Qwen3MoeArchitecture,
)
from startup_math.params.presets import PRESETS, Architecture, preset

__all__ = [
    "ACTIVE_CONVENTIONS",
    "Architecture",
    "Attention",
    "BertArchitecture",
    "CompressedMQA",
    "Decoder",
    "DeepseekV3Architecture",
    "DenseMLP",
    "GPT2Architecture",
    "GQA",
    "GatedDeltaNet",
    "Indexer",
    "Layer",
    "LlamaArchitecture",
    "MLA",
    "MLP",
    "MixtralArchitecture",
    "MoE",
    "ModelCard",
    "PARTS",
    "PRESETS",
    "Qwen3MoeArchitecture",
    "preset",
    "published_range",
]
