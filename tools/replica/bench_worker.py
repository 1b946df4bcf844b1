"""The PyTorch side of `slicemoe bench train`: a long-lived process that builds replica models and runs timed
training steps when told, so the C# benchmark can alternate rounds of ours and PyTorch's in one run.

Reads one JSON object per line on stdin, answers one JSON line on stdout:
  {"cmd":"build","key":K,"model":"lm","layer":"SliceMoE"|"TokenMoE"|"Dense","d":..,"layers":..,"heads":..,"seq":..,
   "batch":..,"vocab":..,"slices":..,"experts":..,"top_k":..,"router_hidden":..,"expert_hidden":..,"dense_hidden":..,
   "threads":..,"seed":..}                       -> {"ok":true,"key":K,"parameters":N}
  {"cmd":"step","key":K,"count":n}             -> n training steps (forward, backward, clip 1.0, AdamW) -> {"ok":true,"loss":..}
  {"cmd":"memory"}                             -> {"ok":true,"peak_rss_bytes":..}
  {"cmd":"clear"}                              -> forgets every model built so far (between shapes) -> {"ok":true}
  {"cmd":"quit"}                               -> exits
Any failure answers {"ok":false,"error":"..."}. Run it with the tuned environment of run_bench_tuned.sh (jemalloc,
passive OpenMP waiting, AVX-512 OpenBLAS); the C# side sets it."""
import gc
import json
import os
import resource
import sys
import traceback

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
import train  # noqa: E402


def build(c):
    layer = c["layer"].lower()
    if layer == "dense":
        ffn = {"kind": "dense", "hidden": c["dense_hidden"]}
    elif layer in ("slicemoe", "tokenmoe"):
        ffn = {"kind": "moe", "slices": 1 if layer == "tokenmoe" else c["slices"], "experts": c["experts"], "top_k": c["top_k"],
               "expert_hidden": c["expert_hidden"], "router_hidden": c["router_hidden"], "alpha": c.get("alpha", 0.05)}
    else:
        raise ValueError(f"unknown layer '{c['layer']}' (SliceMoE, TokenMoE or Dense)")
    if c.get("model", "lm") != "lm":
        raise ValueError("the bench worker trains the causal LM (model 'lm')")
    torch.manual_seed(c.get("seed", 1))
    model = models.build({"model": "lm", "vocab": c["vocab"], "d": c["d"], "layers": c["layers"], "heads": c["heads"],
                          "max_length": c["seq"], "ffn": ffn})
    with torch.no_grad():  # as the C# embeddings: N(0, 0.02^2)
        model.embed_tokens.weight.normal_(0, 0.02)
        model.embed_positions.weight.normal_(0, 0.02)
    g = torch.Generator().manual_seed(c.get("seed", 1))
    b, t, v = c["batch"], c["seq"], c["vocab"]
    stream = torch.randint(0, v, (b, t + 1), generator=g)
    batch = {"ids": stream[:, :t], "targets": stream[:, 1:].contiguous(), "lengths": torch.full((b,), t, dtype=torch.int64)}
    return {"model": model, "optimizer": train.optimizer(model), "batch": batch}


def main():
    built = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
            cmd = request.get("cmd")
            if cmd == "build":
                torch.set_num_threads(int(request.get("threads", 2)))
                built[request["key"]] = build(request)
                n = sum(p.numel() for p in built[request["key"]]["model"].parameters())
                answer = {"ok": True, "key": request["key"], "parameters": n}
            elif cmd == "step":
                m = built[request["key"]]
                loss = float("nan")
                for _ in range(int(request.get("count", 1))):
                    loss, _, _ = train.step(m["model"], m["optimizer"], m["batch"], 1e-3, 1.0)
                answer = {"ok": True, "loss": loss}
            elif cmd == "memory":
                answer = {"ok": True, "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
            elif cmd == "clear":
                built.clear()
                gc.collect()
                answer = {"ok": True}
            elif cmd == "quit":
                return
            else:
                answer = {"ok": False, "error": f"unknown cmd '{cmd}'"}
        except Exception as e:  # report, keep serving
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc(limit=3)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
