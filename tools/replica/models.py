"""SliceMoE.NET's three models in PyTorch, architecture for architecture, with its parameter names:
- CausalLM: embed_tokens.weight (tied with the output), embed_positions.weight, layers.{i}.*, norm.*;
- Classifier: embed_tokens.weight, embed_proj.* (when the embedding width differs), embed_positions.weight, layers.*,
  norm.*, head.*; mean pooling over real tokens, or the first token;
- Translator: embed_tokens.weight (shared by encoder, decoder and output), encoder.*, decoder.* (decoder blocks add
  cross-attention over the encoder output).
Each step(batch) returns (task loss, aux objective, logits); the training objective is their sum."""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_lite
from layers import Stack


class CausalLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embed_tokens = nn.Embedding(c["vocab"], c["d"])
        stack = Stack(c["d"], c["heads"], c["layers"], c["max_length"], causal=True, cross=False, ffn=c["ffn"])
        # The stack's parameters sit at the top level (embed_positions.weight, layers.*, norm.*), as in the C# model.
        self.embed_positions, self.layers, self.norm = stack.embed_positions, stack.layers, stack.norm
        self._stack = [stack]

    def step(self, batch):
        ids, targets, lengths = batch["ids"], batch["targets"], batch["lengths"]
        states, aux = self._stack[0](self.embed_tokens, ids, lengths)
        logits = states @ self.embed_tokens.weight.t()
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100)
        return loss, aux, logits


class Classifier(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embed_tokens = nn.Embedding(c["vocab"], c.get("embedding_dim", c["d"]))
        stack = Stack(c["d"], c["heads"], c["layers"], c["max_length"], causal=False, cross=False, ffn=c["ffn"],
                      embedding_dim=c.get("embedding_dim", c["d"]))
        if hasattr(stack, "embed_proj"):
            self.embed_proj = stack.embed_proj
        self.embed_positions, self.layers, self.norm = stack.embed_positions, stack.layers, stack.norm
        self.head = nn.Linear(c["d"], c["classes"])
        self._stack = [stack]

    def step(self, batch):
        ids, lengths, labels = batch["ids"], batch["lengths"], batch["labels"]
        states, aux = self._stack[0](self.embed_tokens, ids, lengths)
        if self.config.get("pooling", "mean") == "first":
            pooled = states[:, 0]
        else:
            t = ids.shape[1]
            real = lengths.clamp(1, t)
            mask = (torch.arange(t).view(1, t) < real.view(-1, 1)).to(states.dtype)
            pooled = (states * mask.unsqueeze(-1)).sum(dim=1) / real.to(states.dtype).unsqueeze(1)
        logits = self.head(pooled)
        loss = F.cross_entropy(logits, labels, label_smoothing=self.config.get("label_smoothing", 0.0))
        return loss, aux, logits


class Translator(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embed_tokens = nn.Embedding(c["vocab"], c["d"])
        self.encoder = Stack(c["d"], c["heads"], c["encoder_layers"], c["max_length"], causal=False, cross=False, ffn=c["ffn"])
        self.decoder = Stack(c["d"], c["heads"], c["decoder_layers"], c["max_length"], causal=True, cross=True, ffn=c["ffn"])

    def step(self, batch):
        memory, aux_e = self.encoder(self.embed_tokens, batch["source"], batch["source_lengths"])
        states, aux_d = self.decoder(self.embed_tokens, batch["target_input"], batch["target_lengths"], memory, batch["source_lengths"])
        logits = states @ self.embed_tokens.weight.t()
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch["target_output"].reshape(-1), ignore_index=-100,
                               label_smoothing=self.config.get("label_smoothing", 0.0))
        return loss, aux_e + aux_d, logits


MODELS = {"lm": CausalLM, "classifier": Classifier, "translator": Translator}


def build(config):
    return MODELS[config["model"]](config)


def decays(name, parameter):
    """Whether AdamW decays a parameter, as the C# store flags it: the weights of linear layers, not embeddings,
    biases or norms."""
    return parameter.dim() == 2 and not name.startswith("embed_tokens") and "embed_positions" not in name


def load_state(model, tensors):
    """Copies tensors (a SliceMoE.NET checkpoint's, or a fixture's) into the model by name; every parameter must be
    there with its shape, and every non-optimizer, non-trainer tensor must be a parameter."""
    own = dict(model.named_parameters())
    stored = {k: v for k, v in tensors.items() if not k.startswith(("optimizer.", "trainer.", "rng.", "data.", "grad.", "expected.", "batch."))}
    missing = sorted(set(own) - set(stored))
    extra = sorted(set(stored) - set(own))
    if missing or extra:
        raise ValueError(f"the tensors do not fit the model: missing {missing[:5]}, unexpected {extra[:5]}")
    with torch.no_grad():
        for name, p in own.items():
            if tuple(stored[name].shape) != tuple(p.shape):
                raise ValueError(f"tensor '{name}' has shape {tuple(stored[name].shape)}, the model wants {tuple(p.shape)}")
            p.copy_(stored[name].to(p.dtype))


def config_from_checkpoint(metadata, tensors):
    """The replica's config from a SliceMoE.NET training checkpoint's __metadata__.config (the trainer's keys)."""
    t = json.loads(metadata["config"])
    get = lambda key, default=None: t.get(key, default)
    d = get("dim", 128)
    layer = get("layer", "slicemoe")
    routing = {"topk": "topk", "seq_topk": "seqtopk"}.get(get("routing", "topk"))
    unsupported = [(routing is None, f"routing '{get('routing')}' (the replica has topk and seq_topk)"),
                   (get("slice_layout", "contiguous") != "contiguous", "shuffled slices"),
                   (get("capacity_factor") is not None, "a capacity factor"),
                   (bool(get("router_noise", 0.0)), "router noise")]
    reasons = [why for bad, why in unsupported if bad and layer != "dense"]
    if reasons:
        raise ValueError(f"the checkpoint's model uses {', '.join(reasons)}, which the replica does not implement")
    if layer == "dense":
        ffn = {"kind": "dense", "hidden": get("dense_hidden") or 4 * d}
    else:
        slices = 1 if layer == "tokenmoe" else get("slices", 8)
        k = get("top_k", 2)
        ffn = {"kind": "moe", "slices": slices, "experts": get("experts", 16), "top_k": k,
               "expert_hidden": get("expert_hidden") or max(1, 4 * d // k), "router_hidden": get("router_hidden", 256),
               "routing": routing, "temperature": get("temperature", 1.0), "alpha": get("capacity_alpha", 0.05),
               "switch_weight": get("switch_loss_weight", 0.0), "z_weight": get("z_loss_weight", 0.0)}
    task = get("task", "classification")
    vocab, width = tensors["embed_tokens.weight"].shape
    common = {"vocab": vocab, "d": d, "heads": get("heads", 4), "ffn": ffn, "label_smoothing": get("label_smoothing", 0.0)}
    if task == "lm":
        return {"model": "lm", "layers": get("layers", 2), "max_length": tensors["embed_positions.weight"].shape[0], **common}
    if task == "translation":
        layers = get("layers", 2)
        return {"model": "translator", "encoder_layers": layers, "decoder_layers": layers,
                "max_length": tensors["encoder.embed_positions.weight"].shape[0], **common}
    return {"model": "classifier", "layers": get("layers", 2), "embedding_dim": width, "classes": tensors["head.weight"].shape[0],
            "max_length": tensors["embed_positions.weight"].shape[0], "pooling": get("pooling", "mean"), **common}


def from_checkpoint(path, dtype=torch.float32):
    """A replica model holding the parameters of a SliceMoE.NET checkpoint (or of any safetensors file with a config)."""
    tensors, metadata = safetensors_lite.read(path)
    config = config_from_checkpoint(metadata, tensors)
    model = build(config).to(dtype)
    load_state(model, tensors)
    return model, config
