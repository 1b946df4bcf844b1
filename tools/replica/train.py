"""One training step as SliceMoE.NET's trainer takes it (src/SliceMoE.Training/TrainingRun.cs): zero the gradients,
forward and backward of task loss + aux objective, clip the global gradient norm, AdamW with decoupled weight decay on
the weights the C# store flags (see models.decays)."""
import torch

from models import decays


def optimizer(model, lr=1e-3, betas=(0.9, 0.98), eps=1e-8, weight_decay=0.01):
    named = list(model.named_parameters())
    groups = [{"params": [p for n, p in named if decays(n, p)], "weight_decay": weight_decay},
              {"params": [p for n, p in named if not decays(n, p)], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=betas, eps=eps)


def step(model, opt, batch, lr, clip=1.0):
    """Returns (task loss, aux objective, gradient norm before clipping) of this step."""
    opt.zero_grad(set_to_none=False)
    for p in model.parameters():
        if p.grad is None:  # an expert that no row has reached yet: C#'s AdamW still decays it and its moments
            p.grad = torch.zeros_like(p)
    loss, aux, _ = model.step(batch)
    (loss + aux).backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip) if clip > 0 else torch.tensor(0.0)
    for group in opt.param_groups:
        group["lr"] = lr
    opt.step()
    return float(loss), float(aux), float(norm)
