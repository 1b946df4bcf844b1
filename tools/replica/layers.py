"""The layers of SliceMoE.NET's models, written plainly in PyTorch, with the C# code's parameter names, so a
state_dict of this replica is a SliceMoE.NET checkpoint's tensors and the reverse.

Semantics follow the C# layers (src/SliceMoE/Layers, src/SliceMoE/Moe):
- LayerNorm over the last dimension, eps 1e-5, gain and bias.
- Attention: separate q/k/v/out projections with biases; scores / sqrt(d/heads); keys at or beyond a sequence's
  length are masked, and a causal layer also masks keys after the query.
- Dense FFN: fc2(gelu_erf(fc1(x))).
- MoE: each token's d coordinates cut into S contiguous slices of d/S; one router MLP shared by every slice
  (fc2(relu(fc1(slice)))), probabilities = softmax(logits / tau); top-k per slice (or SeqTopK: the T*S*k most probable
  (token, slice, expert) triples of each sequence); the gate (the probability, or renormalised over the selected)
  multiplies the expert's input; a slice's expert outputs are summed. Auxiliary losses: alpha * CV^2 of each
  expert's summed probability, the Switch loss E * sum_e f_e P_e with f_e the detached load fraction, and the z-loss
  mean(logsumexp(logits / tau)^2).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class LayerNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:], self.weight, self.bias, 1e-5)


class Attention(nn.Module):
    def __init__(self, dim, heads, causal):
        super().__init__()
        if dim % heads:
            raise ValueError(f"the model width {dim} must be divisible by the number of heads {heads}")
        self.dim, self.heads, self.causal = dim, heads, causal
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(dim, dim) for _ in range(4))

    def forward(self, xq, xkv, key_lengths):
        """xq [B, Tq, d], xkv [B, Tk, d], key_lengths [B] -> [B, Tq, d]."""
        b, tq, d = xq.shape
        tk, h = xkv.shape[1], self.heads
        q = self.q_proj(xq).view(b, tq, h, d // h).transpose(1, 2)
        k = self.k_proj(xkv).view(b, tk, h, d // h).transpose(1, 2)
        v = self.v_proj(xkv).view(b, tk, h, d // h).transpose(1, 2)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d // h)
        keys = torch.arange(tk, device=xq.device)
        visible = keys.view(1, 1, tk) < key_lengths.view(b, 1, 1)
        if self.causal:
            visible = visible & (keys.view(1, 1, tk) <= torch.arange(tq, device=xq.device).view(1, tq, 1))
        if not bool(visible.all()):
            scores = scores.masked_fill(~visible.unsqueeze(1), float("-inf"))
        p = torch.softmax(scores, dim=-1)
        o = (p @ v).transpose(1, 2).reshape(b, tq, d)
        return self.out_proj(o)


class DenseFfn(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x, sequence_length):
        return self.fc2(F.gelu(self.fc1(x))), None


class Router(nn.Module):
    def __init__(self, slice_dim, hidden, experts):
        super().__init__()
        self.fc1 = nn.Linear(slice_dim, hidden)
        self.fc2 = nn.Linear(hidden, experts)

    def forward(self, slices):
        return self.fc2(F.relu(self.fc1(slices)))


class MoeLayer(nn.Module):
    """SliceMoE (TokenMoE when slices = 1). forward(x [N, d], T) -> (y [N, d], aux objective)."""

    def __init__(self, dim, slices, experts, top_k, expert_hidden, router_hidden, routing="topk", normalize=False,
                 temperature=1.0, alpha=0.05, switch_weight=0.0, z_weight=0.0):
        super().__init__()
        if dim % slices:
            raise ValueError(f"d = {dim} is not divisible by S = {slices}")
        if routing not in ("topk", "seqtopk"):
            raise ValueError(f"the replica has the topk and seqtopk routers, not '{routing}'")
        self.dim, self.slices, self.num_experts, self.top_k = dim, slices, experts, top_k
        self.routing, self.normalize, self.temperature = routing, normalize, temperature
        self.alpha, self.switch_weight, self.z_weight = alpha, switch_weight, z_weight
        self.router = Router(dim // slices, router_hidden, experts)
        self.experts = nn.ModuleList(DenseFfn(dim // slices, expert_hidden) for _ in range(experts))
        self.last_counts = None

    def forward(self, x, sequence_length):
        n, d = x.shape
        s, e, k = self.slices, self.num_experts, self.top_k
        rows = n * s
        sl = x.reshape(rows, d // s)
        z = self.router(sl) / self.temperature
        probs = torch.softmax(z, dim=-1)
        if self.routing == "topk":
            gate, expert = probs.topk(k, dim=-1)
            row = torch.arange(rows, device=x.device).repeat_interleave(k)
        else:
            per_sequence = sequence_length * s
            if rows % per_sequence:
                raise ValueError(f"{n} tokens do not form sequences of {sequence_length}")
            gate, flat = probs.reshape(rows // per_sequence, per_sequence * e).topk(per_sequence * k, dim=-1)
            row = (flat // e) + (torch.arange(rows // per_sequence, device=x.device) * per_sequence).unsqueeze(1)
            expert = flat % e
        if self.normalize:
            gate = gate / torch.zeros(rows, dtype=gate.dtype, device=x.device).index_add(0, row.reshape(-1), gate.reshape(-1))[row]
        row, expert, gate = row.reshape(-1), expert.reshape(-1), gate.reshape(-1)

        # Dispatch sorted by expert: one GEMM pair per expert, then each assignment's output added into its row.
        order = torch.argsort(expert, stable=True)
        row, expert, gate = row[order], expert[order], gate[order]
        counts = torch.bincount(expert, minlength=e)
        expert_in = sl[row] * gate.unsqueeze(1)
        outputs = []
        start = 0
        for i, c in enumerate(counts.tolist()):
            if c:
                outputs.append(self.experts[i](expert_in[start:start + c], sequence_length)[0])
            start += c
        combined = torch.zeros_like(sl).index_add(0, row, torch.cat(outputs))
        self.last_counts = counts

        importance = probs.sum(dim=0)
        mean = importance.mean()
        cv2 = ((importance - mean) ** 2).mean() / (mean * mean + 1e-10)
        objective = self.alpha * cv2
        if self.switch_weight:
            f = counts.to(probs.dtype) / counts.sum()
            objective = objective + self.switch_weight * e * (f * importance / rows).sum()
        if self.z_weight:
            objective = objective + self.z_weight * (torch.logsumexp(z, dim=-1) ** 2).mean()
        return combined.reshape(n, d), objective


class Block(nn.Module):
    """Pre-norm block: h = x + attn(LN(x)); [h += cross(LN(h), memory)]; y = h + ffn(LN(h)). Dropout is left out:
    the replica is compared with dropout off."""

    def __init__(self, dim, heads, causal, cross, make_ffn):
        super().__init__()
        self.attn_norm = LayerNorm(dim)
        self.attn = Attention(dim, heads, causal)
        if cross:
            self.cross_attn_norm = LayerNorm(dim)
            self.cross_attn = Attention(dim, heads, causal=False)
        self.ffn_norm = LayerNorm(dim)
        self.ffn = make_ffn()

    def forward(self, x, lengths, memory=None, memory_lengths=None):
        b, t, d = x.shape
        xn = self.attn_norm(x)
        h = x + self.attn(xn, xn, lengths)
        if memory is not None:
            h = h + self.cross_attn(self.cross_attn_norm(h), memory, memory_lengths)
        y, aux = self.ffn(self.ffn_norm(h).reshape(b * t, d), t)
        return h + y.view(b, t, d), aux


def make_ffn(spec, dim):
    """An FFN slot from a spec dict: {"kind": "dense", "hidden": H} or {"kind": "moe", "slices": S, ...}."""
    if spec["kind"] == "dense":
        return lambda: DenseFfn(dim, spec["hidden"])
    return lambda: MoeLayer(dim, spec["slices"], spec["experts"], spec["top_k"], spec["expert_hidden"],
                            spec["router_hidden"], spec.get("routing", "topk"), spec.get("normalize", False),
                            spec.get("temperature", 1.0), spec.get("alpha", 0.05), spec.get("switch_weight", 0.0),
                            spec.get("z_weight", 0.0))


class Stack(nn.Module):
    """Learned positions, blocks and a final norm (names embed_positions.weight, embed_proj.*, layers.{i}.*, norm.*);
    the token embedding is passed to forward, so models can tie it."""

    def __init__(self, dim, heads, layers, max_length, causal, cross, ffn, embedding_dim=None):
        super().__init__()
        if embedding_dim is not None and embedding_dim != dim:
            self.embed_proj = nn.Linear(embedding_dim, dim)
        self.embed_positions = nn.Embedding(max_length, dim)
        self.layers = nn.ModuleList(Block(dim, heads, causal, cross, make_ffn(ffn, dim)) for _ in range(layers))
        self.norm = LayerNorm(dim)

    def forward(self, tokens, ids, lengths, memory=None, memory_lengths=None):
        """ids [B, T] -> (states [B, T, d], the sum of the MoE layers' aux objectives)."""
        x = tokens(ids)
        if hasattr(self, "embed_proj"):
            x = self.embed_proj(x)
        x = x + self.embed_positions.weight[: ids.shape[1]].unsqueeze(0)
        aux = x.new_zeros(())
        for block in self.layers:
            x, a = block(x, lengths, memory, memory_lengths)
            if a is not None:
                aux = aux + a
        return self.norm(x), aux
