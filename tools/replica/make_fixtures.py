"""Writes the replica fixtures that the C# tests read (tests/SliceMoE.Tests.Support/Fixtures/replica), in float64:
the parameters under SliceMoE.NET's names, a batch, the logits, loss, aux objective and every parameter's gradient of
loss + aux, and 20 AdamW steps (batches, learning rates and the loss of each step). Dropout is off.

    /usr/bin/python3 tools/replica/make_fixtures.py [OUT_DIR]
"""
import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import models  # noqa: E402
import safetensors_lite  # noqa: E402
import train  # noqa: E402

STEPS = 20
OPTIMIZER = {"lr": 3e-3, "warmup": 3, "min_ratio": 0.1, "betas": [0.9, 0.98], "eps": 1e-8, "weight_decay": 0.01, "clip": 1.0}
MOE = {"kind": "moe", "slices": 4, "experts": 4, "top_k": 2, "expert_hidden": 12, "router_hidden": 8, "alpha": 0.05,
       "switch_weight": 0.01, "z_weight": 0.001}

CASES = {
    "lm-slicemoe": {"model": "lm", "vocab": 40, "d": 16, "layers": 2, "heads": 2, "max_length": 10, "ffn": MOE, "batch": 3, "seq": 8},
    "lm-tokenmoe": {"model": "lm", "vocab": 40, "d": 16, "layers": 2, "heads": 2, "max_length": 10, "ffn": {**MOE, "slices": 1}, "batch": 3, "seq": 8},
    "lm-dense": {"model": "lm", "vocab": 40, "d": 16, "layers": 2, "heads": 2, "max_length": 10, "ffn": {"kind": "dense", "hidden": 32}, "batch": 3, "seq": 8},
    "lm-seqtopk": {"model": "lm", "vocab": 40, "d": 16, "layers": 2, "heads": 2, "max_length": 10, "ffn": {**MOE, "routing": "seqtopk", "normalize": True}, "batch": 3, "seq": 8},
    "classifier-slicemoe": {"model": "classifier", "vocab": 30, "embedding_dim": 12, "d": 16, "layers": 2, "heads": 4, "max_length": 9,
                            "classes": 3, "pooling": "mean", "label_smoothing": 0.1, "ffn": MOE, "batch": 4, "seq": 9},
    "classifier-tokenmoe-first": {"model": "classifier", "vocab": 30, "d": 16, "layers": 1, "heads": 2, "max_length": 9, "classes": 3,
                                  "pooling": "first", "ffn": {**MOE, "slices": 1}, "batch": 4, "seq": 9},
    "translator-slicemoe": {"model": "translator", "vocab": 36, "d": 16, "encoder_layers": 1, "decoder_layers": 2, "heads": 2,
                            "max_length": 8, "label_smoothing": 0.1, "ffn": MOE, "batch": 3, "seq": 7},
}


def initialise(model, generator):
    """Seeded values of every kind of parameter, larger than a fresh model's so that attention, norms and routing are
    far from uniform and every gradient is exercised."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=generator, dtype=torch.float64)
            if name.endswith("norm.weight"):
                p.copy_(1 + 0.2 * noise)
            elif p.dim() == 1:
                p.copy_(0.2 * noise)
            elif "embed_" in name and "embed_proj" not in name:
                p.copy_(0.7 * noise)
            else:
                p.copy_(noise / math.sqrt(p.shape[1]))


def lengths_of(b, t, generator):
    lengths = torch.randint(max(1, t - 3), t + 1, (b,), generator=generator)
    lengths[0] = t  # at least one full sequence
    return lengths


def make_batch(case, generator):
    b, t, v = case["batch"], case["seq"], case["vocab"]
    if case["model"] == "lm":
        lengths = lengths_of(b, t, generator)
        stream = torch.randint(0, v, (b, t + 1), generator=generator)
        targets = stream[:, 1:].clone()
        targets[torch.arange(t).view(1, t) >= lengths.view(b, 1)] = -100
        return {"ids": stream[:, :t], "targets": targets, "lengths": lengths}
    if case["model"] == "classifier":
        return {"ids": torch.randint(0, v, (b, t), generator=generator), "lengths": lengths_of(b, t, generator),
                "labels": torch.randint(0, case["classes"], (b,), generator=generator)}
    source_lengths, target_lengths = lengths_of(b, t, generator), lengths_of(b, t, generator)
    output = torch.randint(0, v, (b, t), generator=generator)
    output[torch.arange(t).view(1, t) >= target_lengths.view(b, 1)] = -100
    return {"source": torch.randint(0, v, (b, t), generator=generator), "source_lengths": source_lengths,
            "target_input": torch.randint(0, v, (b, t), generator=generator), "target_output": output, "target_lengths": target_lengths}


def learning_rate(step):
    o = OPTIMIZER
    if step < o["warmup"]:
        return o["lr"] * (step + 1) / o["warmup"]
    progress = (step - o["warmup"]) / max(1, STEPS - o["warmup"])
    return o["lr"] * (o["min_ratio"] + (1 - o["min_ratio"]) * 0.5 * (1 + math.cos(math.pi * progress)))


def make_case(name, case, seed):
    generator = torch.Generator().manual_seed(seed)
    config = {k: v for k, v in case.items() if k not in ("batch", "seq")}
    model = models.build(config).double()
    initialise(model, generator)
    out = {n: p.detach().clone() for n, p in model.named_parameters()}

    batch = make_batch(case, generator)
    out.update({f"batch.{k}": v.to(torch.int64) for k, v in batch.items()})
    model.zero_grad()
    loss, aux, logits = model.step(batch)
    (loss + aux).backward()
    out["expected.loss"] = loss.detach().reshape(1)
    out["expected.aux"] = aux.detach().reshape(1)
    out["expected.logits"] = logits.detach()
    out.update({f"grad.{n}": (p.grad if p.grad is not None else torch.zeros_like(p)).detach().clone() for n, p in model.named_parameters()})

    o = OPTIMIZER
    opt = train.optimizer(model, o["lr"], tuple(o["betas"]), o["eps"], o["weight_decay"])
    batches = [make_batch(case, generator) for _ in range(STEPS)]
    losses, auxes, norms, rates = [], [], [], []
    for i, b in enumerate(batches):
        rates.append(learning_rate(i))
        loss, aux, norm = train.step(model, opt, b, rates[-1], o["clip"])
        losses.append(loss)
        auxes.append(aux)
        norms.append(norm)
    for key in batches[0]:
        out[f"train.{key}"] = torch.stack([b[key] for b in batches]).to(torch.int64)
    out["train.lr"] = torch.tensor(rates, dtype=torch.float64)
    out["expected.train_loss"] = torch.tensor(losses, dtype=torch.float64)
    out["expected.train_aux"] = torch.tensor(auxes, dtype=torch.float64)
    out["expected.train_grad_norm"] = torch.tensor(norms, dtype=torch.float64)
    decayed = [n for n, p in model.named_parameters() if models.decays(n, p)]
    metadata = {"format": "slicemoe-replica-fixture/1", "config": json.dumps(config), "optimizer": json.dumps(o),
                "decayed": json.dumps(decayed), "generator": f"tools/replica/make_fixtures.py, torch {torch.__version__}, seed {seed}"}
    return out, metadata, losses


def main():
    root = os.path.abspath(os.path.join(HERE, "..", ".."))
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "SliceMoE.Tests.Support", "Fixtures", "replica")
    os.makedirs(target, exist_ok=True)
    torch.set_num_threads(1)
    for i, (name, case) in enumerate(CASES.items()):
        tensors, metadata, losses = make_case(name, case, 1000 + i)
        path = os.path.join(target, name + ".safetensors")
        safetensors_lite.write(path, tensors, metadata)
        print(f"{name}: {os.path.getsize(path)} bytes, loss {losses[0]:.4f} -> {losses[-1]:.4f} over {STEPS} steps")


if __name__ == "__main__":
    main()
