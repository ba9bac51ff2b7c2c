#!/usr/bin/python3
"""Makes the tiny random Hugging Face model directories and golden logits that model/ tests read.

An independent reference: a plain-PyTorch re-implementation of transformers' Llama/Mistral/Qwen2
forward (modeling_llama.py), computed in float64 from the stored weights. Needs only Debian's
python3-torch; CI never runs this, it reads the committed output.

    /usr/bin/python3 model/scripts/make_fixtures.py model/src/test/resources/models
"""
import json, math, os, struct, sys
import torch

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def save_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- reference forward (HF semantics)

def inv_freq(cfg):
    hd = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    f = 1.0 / (cfg.get("rope_theta", 10000.0) ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    rs = cfg.get("rope_scaling")
    if rs is None:
        return f
    kind = rs.get("rope_type", rs.get("type"))
    if kind == "linear":
        return f / rs["factor"]
    assert kind == "llama3", kind
    factor, lo, hi, old = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"], rs["original_max_position_embeddings"]
    wavelen = 2 * math.pi / f
    out = torch.where(wavelen > old / lo, f / factor, f)
    smooth = (old / wavelen - lo) / (hi - lo)
    smoothed = (1 - smooth) * out / factor + smooth * out
    medium = ~(wavelen < old / hi) & ~(wavelen > old / lo)
    return torch.where(medium, smoothed, out)


def rms(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), -1)


def linear(x, w, name, lora):
    y = x @ w[name + ".weight"].T
    if name + ".bias" in w:
        y = y + w[name + ".bias"]
    if lora is not None and name in lora["A"]:
        y = y + (x @ lora["A"][name].T) @ lora["B"][name].T * lora["scale"]
    return y


def forward(cfg, w, tokens, lora=None):
    """tokens: list of ids, one sequence; returns logits (T, V) float64."""
    H, nH = cfg["hidden_size"], cfg["num_attention_heads"]
    nKv = cfg.get("num_key_value_heads", nH)
    hd = cfg.get("head_dim") or H // nH
    eps = cfg["rms_norm_eps"]
    T = len(tokens)
    x = w["model.embed_tokens.weight"][torch.tensor(tokens)]
    pos = torch.arange(T, dtype=torch.float64)
    freqs = torch.outer(pos, inv_freq(cfg))
    emb = torch.cat((freqs, freqs), -1)
    cos, sin = emb.cos(), emb.sin()
    mask = torch.full((T, T), float("-inf"), dtype=torch.float64).triu(1)
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms(x, w[p + "input_layernorm.weight"], eps)
        q = linear(h, w, p + "self_attn.q_proj", lora).view(T, nH, hd).transpose(0, 1)
        k = linear(h, w, p + "self_attn.k_proj", lora).view(T, nKv, hd).transpose(0, 1)
        v = linear(h, w, p + "self_attn.v_proj", lora).view(T, nKv, hd).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(nH // nKv, 0)
        v = v.repeat_interleave(nH // nKv, 0)
        att = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(hd) + mask, -1)
        o = (att @ v).transpose(0, 1).reshape(T, nH * hd)
        x = x + linear(o, w, p + "self_attn.o_proj", lora)
        h = rms(x, w[p + "post_attention_layernorm.weight"], eps)
        g = linear(h, w, p + "mlp.gate_proj", lora)
        u = linear(h, w, p + "mlp.up_proj", lora)
        x = x + linear(torch.nn.functional.silu(g) * u, w, p + "mlp.down_proj", lora)
    x = rms(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings") else w["lm_head.weight"]
    return x @ head.T


# ---------------------------------------------------------------- random models

def random_weights(cfg, gen):
    H, I, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    nH = cfg["num_attention_heads"]
    nKv = cfg.get("num_key_value_heads", nH)
    hd = cfg.get("head_dim") or H // nH
    r = lambda *s: torch.randn(*s, generator=gen) * 0.2
    w = {"model.embed_tokens.weight": r(V, H)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = 1 + r(H)
        w[p + "post_attention_layernorm.weight"] = 1 + r(H)
        w[p + "self_attn.q_proj.weight"] = r(nH * hd, H)
        w[p + "self_attn.k_proj.weight"] = r(nKv * hd, H)
        w[p + "self_attn.v_proj.weight"] = r(nKv * hd, H)
        w[p + "self_attn.o_proj.weight"] = r(H, nH * hd)
        if cfg["architectures"][0] == "Qwen2ForCausalLM":
            for n in ("q_proj", "k_proj", "v_proj"):
                w[p + f"self_attn.{n}.bias"] = r(w[p + f"self_attn.{n}.weight"].shape[0])
        w[p + "mlp.gate_proj.weight"] = r(I, H)
        w[p + "mlp.up_proj.weight"] = r(I, H)
        w[p + "mlp.down_proj.weight"] = r(H, I)
    w["model.norm.weight"] = 1 + r(H)
    if not cfg.get("tie_word_embeddings"):
        w["lm_head.weight"] = r(V, H)
    return w


def base_cfg(arch, **kw):
    cfg = {"architectures": [arch], "model_type": {"LlamaForCausalLM": "llama", "MistralForCausalLM": "mistral",
                                                    "Qwen2ForCausalLM": "qwen2"}[arch],
           "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
           "num_key_value_heads": 4, "vocab_size": 64, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
           "max_position_embeddings": 128, "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2,
           "hidden_act": "silu", "torch_dtype": "float32"}
    cfg.update(kw)
    return cfg


MODELS = {
    # grouped-query attention, untied head, F32, single file
    "llama-gqa": base_cfg("LlamaForCausalLM", num_key_value_heads=2),
    # llama3 rope scaling, explicit head_dim != hidden/heads, tied embeddings, BF16, two shards
    "llama3-tied-bf16": base_cfg("LlamaForCausalLM", num_key_value_heads=1, head_dim=16, tie_word_embeddings=True,
                                 torch_dtype="bfloat16", rope_theta=500000.0, eos_token_id=[2, 5],
                                 rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                               "high_freq_factor": 4.0, "original_max_position_embeddings": 16}),
    # q/k/v biases, tied embeddings, F16
    "qwen2-f16": base_cfg("Qwen2ForCausalLM", num_key_value_heads=2, tie_word_embeddings=True, rms_norm_eps=1e-6,
                          rope_theta=1000000.0, torch_dtype="float16", bos_token_id=None),
    # linear rope scaling
    "mistral-linear": base_cfg("MistralForCausalLM", num_key_value_heads=2, sliding_window=None,
                               rope_scaling={"type": "linear", "factor": 2.0}),
}
STORE = {"llama-gqa": torch.float32, "llama3-tied-bf16": torch.bfloat16, "qwen2-f16": torch.float16,
         "mistral-linear": torch.float32}
TOKENS = [1, 9, 17, 33, 4, 60, 12, 7, 7, 41, 2, 25]


def tokenizer_files(out):
    specials = ["<unk>", "<s>", "</s>", "<pad>", "<|user|>", "<|assistant|>", "<|system|>"]
    words = ["hello", "world", "how", "are", "you", "i", "am", "fine", "the", "a", "cat", "dog", "sat", "on",
             "mat", "what", "is", "safe", "harmful", "no", "yes", "sorry", "cannot", "help", "with", "that",
             "sure", "here", "it", "to", "do", "make", "bomb", "cake", "recipe", "please", "thanks", "good",
             "bad", "day", "night", "and", "or", "not", "of", "in", ".", ",", "?", "!", "'", "can", "me",
             "tell", "write", "poem", "story"]
    vocab = {t: i for i, t in enumerate(specials + words)}
    assert len(vocab) == 64, len(vocab)
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
              "special": True} for i, t in enumerate(specials)]
    tok = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
           "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
           "post_processor": {"type": "TemplateProcessing",
                              "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                         {"Sequence": {"id": "A", "type_id": 0}}],
                              "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                       {"Sequence": {"id": "A", "type_id": 0}},
                                       {"Sequence": {"id": "B", "type_id": 1}}],
                              "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
           "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
           "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "<unk>"}}
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        json.dump(tok, f, indent=1)
    template = ("{{ bos_token }}{% for message in messages %}"
                "{% if message['role'] not in ['system', 'user', 'assistant'] %}"
                "{{ raise_exception('unknown role ' + message['role']) }}{% endif %}"
                "{{ '<|' + message['role'] + '|> ' }}{{ message['content'].strip() }}{{ ' ' }}"
                "{% if message['role'] == 'assistant' %}{{ eos_token + ' ' }}{% endif %}{% endfor %}"
                "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}")
    cfg = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
           "add_bos_token": True, "model_max_length": 128, "chat_template": template}
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump(cfg, f, indent=1)


def main(root):
    torch.manual_seed(0)
    golden_tokens = {}
    for seed, (name, cfg) in enumerate(MODELS.items()):
        out = os.path.join(root, name)
        os.makedirs(out, exist_ok=True)
        gen = torch.Generator().manual_seed(1000 + seed)
        w = {k: v.to(STORE[name]) for k, v in random_weights(cfg, gen).items()}
        with open(os.path.join(out, "config.json"), "w") as f:
            json.dump(cfg, f, indent=1)
        if name == "llama3-tied-bf16":  # sharded: first layer in one file, the rest in another
            names = list(w)
            first = [n for n in names if n.startswith("model.layers.0.") or n == "model.embed_tokens.weight"]
            shards = {"model-00001-of-00002.safetensors": first,
                      "model-00002-of-00002.safetensors": [n for n in names if n not in first]}
            for file, keys in shards.items():
                save_safetensors(os.path.join(out, file), {k: w[k] for k in keys})
            index = {"metadata": {"total_size": sum(t.numel() * t.element_size() for t in w.values())},
                     "weight_map": {k: file for file, keys in shards.items() for k in keys}}
            with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
                json.dump(index, f, indent=1)
        else:
            save_safetensors(os.path.join(out, "model.safetensors"), w)
        w64 = {k: v.to(torch.float64) for k, v in w.items()}
        logits = forward(cfg, w64, TOKENS)
        save_safetensors(os.path.join(out, "golden.safetensors"),
                         {"tokens": torch.tensor(TOKENS, dtype=torch.int64), "logits": logits.to(torch.float32)})
        if name == "llama-gqa":
            tokenizer_files(out)
            make_adapter(root, cfg, w64, gen)


def make_adapter(root, cfg, w64, gen):
    """A PEFT LoRA adapter with non-zero B (as after training) on q/v/down, r=4, alpha=8."""
    out = os.path.join(root, "llama-gqa-lora")
    os.makedirs(out, exist_ok=True)
    r, alpha, targets = 4, 8, ["q_proj", "v_proj", "down_proj"]
    lora, tensors = {"A": {}, "B": {}, "scale": alpha / r}, {}
    for i in range(cfg["num_hidden_layers"]):
        for t in targets:
            mod = f"model.layers.{i}." + ("mlp." if t == "down_proj" else "self_attn.") + t
            wt = w64[mod + ".weight"]
            a = (torch.randn(r, wt.shape[1], generator=gen) * 0.3).float()
            b = (torch.randn(wt.shape[0], r, generator=gen) * 0.3).float()
            lora["A"][mod], lora["B"][mod] = a.double(), b.double()
            tensors[f"base_model.model.{mod}.lora_A.weight"] = a
            tensors[f"base_model.model.{mod}.lora_B.weight"] = b
    save_safetensors(os.path.join(out, "adapter_model.safetensors"), tensors)
    conf = {"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": "llama-gqa", "r": r,
            "lora_alpha": alpha, "lora_dropout": 0.05, "target_modules": targets, "bias": "none",
            "fan_in_fan_out": False, "inference_mode": True, "init_lora_weights": True, "use_rslora": False,
            "modules_to_save": None, "layers_to_transform": None, "revision": None}
    with open(os.path.join(out, "adapter_config.json"), "w") as f:
        json.dump(conf, f, indent=1)
    logits = forward(cfg, w64, TOKENS, lora)
    save_safetensors(os.path.join(out, "golden.safetensors"),
                     {"tokens": torch.tensor(TOKENS, dtype=torch.int64), "logits": logits.to(torch.float32)})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "model/src/test/resources/models")
