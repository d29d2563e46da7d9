import json
import math
import re
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startup_math import LlamaArchitecture, preset, training_memory
from startup_math.decoder_lora import linear_layers
from startup_math.finetune import (
    LORA_TARGETS,
    PEFT_DEFAULT_TARGETS,
    full_finetune_memory,
    linear_shapes,
    lora_memory,
    lora_parameter_count,
    qlora_memory,
)
from startup_math.params import GQA, MLA, Decoder, DenseMLP, Layer

SETTINGS = settings(max_examples=25, deadline=None)

# GPT-3 175B (Brown et al. 2020, arXiv:2005.14165, Table 2.1): 96 layers, d_model 12,288,
# 96 heads. Its W_q, W_k, W_v and W_o are d_model x d_model, as in a Llama block without
# grouped-query attention, so the attention LoRA counts carry over (the MLP is not adapted).
GPT3 = LlamaArchitecture(vocab_size=50257, d_model=12288, n_layers=96, n_heads=96, d_ff=49152)

# LLaMA 65B (Touvron et al. 2023, arXiv:2302.13971, Table 2: dimension 8192, 64 heads,
# 80 layers); SwiGLU inner size 22,016 and vocabulary 32,000 as in its Hugging Face config.
LLAMA_65B = LlamaArchitecture(vocab_size=32000, d_model=8192, n_layers=80, n_heads=64, d_ff=22016)


@pytest.fixture(scope="module")
def peft_count():
    """Trainable parameters that peft reports, for a model built on the meta device."""
    import peft
    import torch
    import transformers

    transformers.logging.set_verbosity_error()

    def count(arch: LlamaArchitecture, rank: int, targets) -> int:
        config = transformers.LlamaConfig(
            vocab_size=arch.vocab_size,
            hidden_size=arch.d_model,
            num_hidden_layers=arch.n_layers,
            num_attention_heads=arch.n_heads,
            num_key_value_heads=arch.n_kv_heads,
            intermediate_size=arch.d_ff,
            head_dim=arch.head_dim,
            tie_word_embeddings=arch.tie_embeddings,
            bos_token_id=0,
            eos_token_id=0,
            pad_token_id=0,
        )
        with torch.device("meta"):
            model = transformers.LlamaForCausalLM(config)
        # a list is copied: peft would otherwise rewrite the caller's object
        modules = list(targets) if isinstance(targets, tuple | list | set) else targets
        with warnings.catch_warnings():  # deprecation notices from transformers
            warnings.simplefilter("ignore")
            lora = peft.get_peft_model(model, peft.LoraConfig(r=rank, target_modules=modules))
        return lora.get_nb_trainable_parameters()[0]

    return count


# --- Agreement with peft ------------------------------------------------------------------

target_sets = st.one_of(
    st.none(),
    st.just("all-linear"),
    st.sets(st.sampled_from(LORA_TARGETS), min_size=1).map(sorted),
)


@st.composite
def small_llamas(draw):
    kv_heads = draw(st.integers(1, 4))
    n_heads = kv_heads * draw(st.integers(1, 3))
    # Rotary embeddings need an even head size; an explicit one may differ from d / heads.
    head_dim = draw(st.none() | st.sampled_from([2, 4, 6, 8]))
    return LlamaArchitecture(
        vocab_size=draw(st.integers(1, 64)),
        d_model=n_heads * 2 * draw(st.integers(1, 4)),
        n_layers=draw(st.integers(1, 3)),
        n_heads=n_heads,
        n_kv_heads=draw(st.sampled_from([None, kv_heads])),
        d_ff=draw(st.integers(1, 48)),
        head_dim=head_dim,
        tie_embeddings=draw(st.booleans()),
    )


@SETTINGS
@given(arch=small_llamas(), rank=st.integers(1, 16), targets=target_sets)
def test_matches_peft_on_small_models(peft_count, arch, rank, targets):
    assert lora_parameter_count(arch, rank, targets) == peft_count(arch, rank, targets)


@pytest.mark.parametrize("name", ["llama-2-7b", "llama-3-8b"])
@pytest.mark.parametrize(
    ("rank", "targets"),
    [(8, None), (16, ["q_proj", "v_proj"]), (8, "all-linear"), (64, "all-linear"), (4, ["k_proj"])],
)
def test_matches_peft_on_presets(peft_count, name, rank, targets):
    arch = preset(name)
    assert lora_parameter_count(arch, rank, targets) == peft_count(arch, rank, targets)


def test_llama_2_7b_counts():
    # 32 layers x 2 matrices x r x (4096 + 4096); peft prints the same (test above).
    arch = preset("llama-2-7b")
    assert lora_parameter_count(arch, 8) == 32 * 2 * 8 * 8192 == 4_194_304
    assert lora_parameter_count(arch, 16, "all-linear") == 39_976_960
    assert lora_parameter_count(arch, 8, "ALL-LINEAR") == 19_988_480


def test_default_is_peft_default_for_llama():
    arch = preset("llama-3-8b")
    assert PEFT_DEFAULT_TARGETS == ("q_proj", "v_proj")
    assert lora_parameter_count(arch, 8) == lora_parameter_count(arch, 8, ["v_proj", "q_proj"])


def test_duplicate_names_count_once():
    # peft keeps target_modules as a set
    arch = preset("llama-2-7b")
    assert lora_parameter_count(arch, 8, ["q_proj", "q_proj"]) == lora_parameter_count(
        arch, 8, ("q_proj",)
    )


def test_linear_shapes_llama_3_8b():
    shapes = linear_shapes(preset("llama-3-8b"))
    assert list(shapes) == list(LORA_TARGETS)
    assert shapes["q_proj"] == (4096, 4096)
    assert shapes["v_proj"] == (4096, 1024)  # 8 KV heads of 128
    assert shapes["down_proj"] == (14336, 4096)


# --- Published figures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ranks", "published"),
    [
        # Hu et al. 2021, arXiv:2106.09685, Table 4 and Appendix D.4: 4.7M with r_q = r_v = 1,
        # 37.7M with r_q = r_v = 8 (4,718,592 and 37,748,736; the paper truncates to 0.1M).
        ({"q_proj": 1, "v_proj": 1}, 4.7e6),
        ({"q_proj": 8, "v_proj": 8}, 37.7e6),
        # Table 15: r_v = 2 also 4.7M; r_q = r_v = 2 9.4M; r_q = r_v = 4 18.8M;
        # r_q = r_k = r_v = r_o = 4 37.7M.
        ({"v_proj": 2}, 4.7e6),
        ({"q_proj": 2, "v_proj": 2}, 9.4e6),
        ({"q_proj": 4, "v_proj": 4}, 18.8e6),
        ({"q_proj": 4, "k_proj": 4, "v_proj": 4, "o_proj": 4}, 37.7e6),
    ],
)
def test_lora_paper_gpt3_counts(ranks, published):
    # The paper: |Theta| = 2 x L_LoRA x d_model x r (section 5.1).
    rank = set(ranks.values()).pop()
    count = lora_parameter_count(GPT3, rank, list(ranks))
    assert math.floor(count / 1e5) * 1e5 == pytest.approx(published)
    assert abs(count - published) / published < 0.005


def test_qlora_constants_bits_per_parameter():
    # Dettmers et al. 2023, arXiv:2305.14314, section 3: fp32 constants per 64 weights add
    # 32/64 = 0.5 bit per parameter; double quantization 8/64 + 32/(64 x 256) = 0.127.
    arch = preset("llama-2-7b")
    quantized = 32 * sum(i * o for i, o in linear_shapes(arch).values())
    plain = qlora_memory(arch, 8, double_quant=False).quantization_constants * 8 / quantized
    double = qlora_memory(arch, 8).quantization_constants * 8 / quantized
    assert plain == 0.5
    assert double == pytest.approx(8 / 64 + 32 / (64 * 256), rel=1e-4)
    assert round(double, 3) == 0.127
    # The NF4 data itself is exactly 4 bits per weight.
    assert qlora_memory(arch, 8).quantized_weights * 8 == 4 * quantized


def test_qlora_65b_fits_one_48gb_gpu():
    # QLoRA abstract: "finetune a 65B parameter model on a single 48GB GPU". The repository's
    # scripts/finetune_guanaco_65b.sh: --lora_r 64 --lora_modules all --double_quant
    # --quant_type nf4 --bf16; qlora.py casts the adapters to bf16 and uses paged_adamw_32bit.
    assert LLAMA_65B.parameter_count() == 65_285_660_672
    paper = qlora_memory(LLAMA_65B, 64, "all-linear", adapter_dtype="bf16")
    assert lora_parameter_count(LLAMA_65B, 64, "all-linear") == 799_539_200
    assert paper.base / 1e9 == pytest.approx(34.46, abs=0.01)
    assert paper.total / 1e9 == pytest.approx(44.05, abs=0.01)
    assert paper.total < 48e9
    # peft's default fp32 adapters (16 bytes per trainable parameter) still fit.
    assert qlora_memory(LLAMA_65B, 64, "all-linear").total < 48e9
    # "from >780GB of GPU memory": 16 bytes per parameter is 1,044.6 GB.
    assert full_finetune_memory(LLAMA_65B).total > 780e9


def test_lora_paper_gpt3_frozen_weights():
    # Hu et al. 2021, section 4.2: "we reduce the VRAM consumption during training from 1.2TB
    # to 350GB"; 350 GB is 175e9 fp16 weights. The r = 4 Wq, Wv adapters add 18.9M x 16 bytes.
    adapters = lora_parameter_count(GPT3, 4) * 16
    assert 175e9 * 2 == 350e9
    assert adapters / 1e9 == pytest.approx(0.302, abs=0.001)


# --- Memory -------------------------------------------------------------------------------


def test_full_finetune_is_training_memory():
    arch = preset("llama-2-7b")
    assert full_finetune_memory(arch) == training_memory(arch.parameter_count())
    assert round(full_finetune_memory(arch).total / 1e9, 2) == 107.81


def test_lora_memory_breakdown():
    arch = preset("llama-2-7b")
    n, trainable = arch.parameter_count(), lora_parameter_count(arch, 16, "all-linear")
    parts = lora_memory(arch, 16, "all-linear").as_dict()
    assert parts["base_weights"] == 2 * n
    assert parts["adapter_weights"] == parts["adapter_gradients"] == 4 * trainable
    assert parts["adam_m"] == parts["adam_v"] == 4 * trainable
    assert parts["total"] == 2 * n + 16 * trainable
    bf16 = lora_memory(arch, 16, "all-linear", adapter_dtype="bf16", base_dtype="fp32")
    assert bf16.total == 4 * n + 12 * trainable


def test_qlora_memory_llama_2_7b():
    arch = preset("llama-2-7b")
    memory = qlora_memory(arch, 16, "all-linear")
    quantized = 32 * sum(i * o for i, o in linear_shapes(arch).values())
    assert quantized == 6_476_005_376
    assert memory.quantized_weights == quantized // 2
    # Embeddings and LM head (2 x 32,000 x 4,096) and 65 RMSNorm vectors stay in bf16.
    assert memory.unquantized_weights == 2 * (2 * 32000 * 4096 + 65 * 4096)
    assert memory.base == (
        memory.quantized_weights + memory.quantization_constants + memory.unquantized_weights
    )
    assert memory.as_dict()["total"] == memory.base + 16 * lora_parameter_count(
        arch, 16, "all-linear"
    )
    fp32_rest = qlora_memory(arch, 16, "all-linear", unquantized_dtype="fp32")
    assert fp32_rest.unquantized_weights == 2 * memory.unquantized_weights


@SETTINGS
@given(arch=small_llamas(), rank=st.integers(1, 16), targets=target_sets)
def test_qlora_parts_add_up(arch, rank, targets):
    # Two weights per byte, rounded up per matrix (7 matrices per block).
    memory = qlora_memory(arch, rank, targets, double_quant=False)
    n_quantized = arch.n_layers * sum(i * o for i, o in linear_shapes(arch).values())
    assert n_quantized / 2 <= memory.quantized_weights <= (n_quantized + 7 * arch.n_layers) / 2
    assert memory.total == pytest.approx(
        sum(v for k, v in memory.as_dict().items() if k != "total")
    )


@pytest.mark.parametrize("name", ["llama-2-7b", "llama-3-8b"])
def test_ordering_on_presets(name):
    arch = preset(name)
    full = full_finetune_memory(arch).total
    lora = lora_memory(arch, 16, "all-linear").total
    qlora = qlora_memory(arch, 16, "all-linear").total
    assert qlora < lora < full


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda a: lora_parameter_count(preset("gpt2-small"), 8),
            "arch must be a LlamaArchitecture",
        ),
        (lambda a: lora_parameter_count(a, 0), "rank must be greater than zero, got 0"),
        (lambda a: lora_parameter_count(a, 8.0), "rank must be an integer, got float 8.0"),
        (lambda a: lora_parameter_count(a, True), "rank must be an integer, got bool True"),
        (
            lambda a: lora_parameter_count(a, 8, ["q_proj", "wq"]),
            "unknown projection 'wq' in targets; known names: q_proj, k_proj, v_proj, o_proj, "
            "gate_proj, up_proj, down_proj, 'all-linear'",
        ),
        (lambda a: lora_parameter_count(a, 8, []), "targets must name at least one projection"),
        (
            lambda a: lora_parameter_count(a, 8, "q_proj"),
            "targets must be 'all-linear' or a list of projection names, got 'q_proj'",
        ),
        (
            lambda a: lora_parameter_count(a, 8, 7),
            "targets must be 'all-linear' or a list of projection names, got int 7",
        ),
        (
            lambda a: lora_memory(a, 8, base_dtype="int8"),
            "unknown base_dtype 'int8': base_dtype must be one of fp32, float32, bf16",
        ),
        (
            lambda a: lora_memory(a, 8, adapter_dtype="int4"),
            "unknown adapter_dtype 'int4': adapter_dtype must be one of",
        ),
        (lambda a: lora_memory(a, 8, base_dtype=16), "base_dtype must be a string, got int 16"),
        (
            lambda a: qlora_memory(a, 8, unquantized_dtype="fp8"),
            "unknown unquantized_dtype 'fp8'",
        ),
        (
            lambda a: qlora_memory(a, 8, double_quant=1),
            "double_quant must be True or False, got int 1",
        ),
        (lambda a: qlora_memory(a, -1), "rank must be greater than zero, got -1"),
        (lambda a: full_finetune_memory("llama-2-7b"), "arch must be a LlamaArchitecture, got str"),
        (lambda a: linear_shapes(None), "arch must be a LlamaArchitecture, got NoneType"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call(preset("llama-2-7b"))


# --- Decoder presets (2025-2026) against peft on the model transformers builds -------------

CONFIGS = Path(__file__).parent / "configs"


def _build_decoder_model(name: str, n_layers: int | None):
    """The text model of a preset on the meta device (as in test_decoder.py), optionally
    cut to its first ``n_layers`` blocks."""
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    data = json.loads((CONFIGS / f"{name}.json").read_text())
    del data["_source"]
    data.pop("quantization_config", None)
    text = data.get("text_config", data)
    if n_layers is not None:
        text["num_hidden_layers"] = n_layers
        for key in ("layer_types", "mlp_layer_types", "compress_ratios"):
            if key in text:
                text[key] = text[key][:n_layers]
    config = transformers.AutoConfig.for_model(data.pop("model_type"), **data)
    config = getattr(config, "text_config", None) or config
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.device("meta"):
            return transformers.AutoModelForCausalLM.from_config(config)


def _decoder_preset(name: str, n_layers: int | None):
    arch = preset(name)
    return arch if n_layers is None else replace(arch, layers=arch.layers[:n_layers], mtp=())


EXPERT_PARAMETERS = ["mlp.experts.gate_up_proj", "mlp.experts.down_proj"]


@pytest.mark.parametrize(
    ("name", "n_layers", "experts"),
    [
        ("qwen3.5-35b-a3b", None, False),
        ("qwen3.5-35b-a3b", None, True),
        ("gpt-oss-20b", None, False),
        ("gpt-oss-20b", None, True),
        ("qwen3.5-397b-a17b", None, False),
        ("llama-4-scout", None, False),
        ("deepseek-v4-flash", None, False),
        # peft rewrites "all-linear" for these two (MoE.legacy_names); cut to a few blocks,
        # dense and MoE, since peft takes minutes to wrap every expert of the full models
        ("glm-5", 4, False),
        ("kimi-k2.5", 2, False),
    ],
)
def test_decoder_lora_matches_peft(name, n_layers, experts):
    import peft

    arch = _decoder_preset(name, n_layers)
    model = _build_decoder_model(name, n_layers)
    assert sum(p.numel() for p in model.parameters()) == arch.parameter_count()
    extra = {"target_parameters": list(EXPERT_PARAMETERS)} if experts else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        config = peft.LoraConfig(r=16, target_modules="all-linear", **extra)
        lora = peft.get_peft_model(model, config)
    trainable, total = lora.get_nb_trainable_parameters()
    assert lora_parameter_count(arch, 16, "all-linear", experts=experts) == trainable
    assert total == arch.parameter_count() + trainable


@pytest.mark.parametrize("name", ["qwen3.5-35b-a3b", "llama-4-scout", "deepseek-v4-flash"])
def test_decoder_qlora_quantizes_what_bitsandbytes_replaces(name):
    """transformers' bitsandbytes integration replaces modules whose type is exactly
    nn.Linear, the LM head excepted (replace_with_bnb_linear, get_keys_to_not_convert)."""
    import torch

    model = _build_decoder_model(name, None)
    head = model.get_output_embeddings()
    linear = sum(
        m.weight.numel() for m in model.modules() if type(m) is torch.nn.Linear and m is not head
    )
    arch = preset(name)
    memory = qlora_memory(arch, 16, "all-linear", double_quant=False, unquantized_dtype="bf16")
    assert memory.quantized_weights == linear / 2  # two NF4 weights per byte
    assert memory.quantization_constants == 4 * linear / 64  # every matrix a multiple of 64
    assert memory.unquantized_weights == 2 * (arch.parameter_count() - linear)
    assert (
        linear_layers(arch)
        and sum(d_in * d_out * n for (_, d_in, d_out), n in linear_layers(arch).items()) >= linear
    )


def test_decoder_memory():
    arch = preset("qwen3.5-35b-a3b")
    n = arch.parameter_count()
    assert full_finetune_memory(arch).total == 16 * n
    trainable = lora_parameter_count(arch, 16, "all-linear")
    assert lora_memory(arch, 16, "all-linear").total == 2 * n + 16 * trainable
    with_experts = lora_parameter_count(arch, 16, "all-linear", experts=True)
    assert lora_memory(arch, 16, "all-linear", experts=True).total == 2 * n + 16 * with_experts
    plain = qlora_memory(arch, 16, "all-linear")
    nf4 = qlora_memory(arch, 16, "all-linear", quantize_experts=True)
    experts = arch.parameter_breakdown()["experts"]
    # the experts move from 2 bytes to half a byte plus their constants
    assert plain.unquantized_weights - nf4.unquantized_weights == 2 * experts
    assert nf4.quantized_weights - plain.quantized_weights == experts / 2
    assert nf4.total < plain.total < lora_memory(arch, 16, "all-linear").total


DENSE_DECODER = Decoder(
    vocab_size=1000,
    d_model=64,
    layers=(Layer(GQA(n_heads=4, n_kv_heads=2, head_dim=16), DenseMLP(d_ff=128)),),
)
PLAIN_MLA = Decoder(
    vocab_size=1000,
    d_model=64,
    layers=(
        Layer(
            MLA(n_heads=4, kv_lora_rank=32, qk_nope_head_dim=16, qk_rope_head_dim=8, v_head_dim=16),
            DenseMLP(d_ff=128),
        ),
    ),
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: lora_parameter_count(PLAIN_MLA, 8, "all-linear"),
            "the linear layers of MLA without q_lora_rank are not modelled yet",
        ),
        (
            lambda: lora_parameter_count(preset("gpt-oss-20b"), 8),
            "for a Decoder, targets must be 'all-linear' (other target lists are not modelled "
            "yet), got None",
        ),
        (
            lambda: lora_parameter_count(preset("gpt-oss-20b"), 8, ["q_proj"]),
            "for a Decoder, targets must be 'all-linear'",
        ),
        (lambda: lora_parameter_count(preset("gpt-oss-20b"), 0, "all-linear"), "rank must be"),
        (
            lambda: lora_parameter_count(preset("gpt-oss-20b"), 8, "all-linear", experts=1),
            "experts must be True or False, got int 1",
        ),
        (
            lambda: lora_parameter_count(preset("glm-5"), 8, "all-linear", experts=True),
            "experts=True is not modelled for an MoE with legacy_names",
        ),
        (
            lambda: lora_parameter_count(DENSE_DECODER, 8, "all-linear", experts=True),
            "experts=True needs routed experts; this decoder has none",
        ),
        (
            lambda: lora_parameter_count(preset("llama-2-7b"), 8, experts=True),
            "experts applies to a Decoder with routed experts only",
        ),
        (
            lambda: qlora_memory(DENSE_DECODER, 8, "all-linear", quantize_experts=True),
            "quantize_experts needs routed experts; this decoder has none",
        ),
        (
            lambda: qlora_memory(preset("llama-2-7b"), 8, quantize_experts=True),
            "quantize_experts applies to a Decoder with routed experts only",
        ),
        (
            lambda: qlora_memory(preset("gpt-oss-20b"), 8, "all-linear", quantize_experts="yes"),
            "quantize_experts must be True or False",
        ),
        (
            lambda: linear_layers(preset("llama-2-7b")),
            "arch must be a Decoder, got LlamaArchitecture",
        ),
        (
            lambda: full_finetune_memory(preset("gpt2-small")),
            "arch must be a LlamaArchitecture, got GPT2Architecture; a Decoder works too",
        ),
    ],
)
def test_decoder_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
