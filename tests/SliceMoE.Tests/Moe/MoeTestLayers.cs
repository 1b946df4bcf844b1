using System.Numerics;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Tests.Moe;

/// <summary>Small MoE layers and inputs for tests.</summary>
internal static class MoeTestLayers
{
    /// <summary>d = 12, S = 3, E = 4, k = 2, He = 5, Hr = 6: small enough for finite differences over every parameter group.</summary>
    public static MoeConfig Small(Func<MoeConfig, MoeConfig>? edit = null)
    {
        var c = new MoeConfig { ModelDim = 12, Slices = 3, Experts = 4, TopK = 2, ExpertHidden = 5, RouterHidden = 6, CapacityAlpha = 0.05 };
        return edit is null ? c : edit(c);
    }

    public static (ParameterStore<T> Store, MoeLayer<T> Layer) Create<T>(MoeConfig config, ulong seed = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var store = new ParameterStore<T>();
        var layer = new MoeLayer<T>(config, store);
        store.Allocate(seed);
        return (store, layer);
    }

    public static Tensor<T> Random<T>(Rng rng, double scale, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = new Tensor<T>(shape);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = T.CreateTruncating(((2 * rng.NextDouble()) - 1) * scale);
        }

        return t;
    }

    /// <summary>Copies every parameter value (by name; a rename returning null skips the parameter) from one store to another of possibly different element type.</summary>
    public static void CopyParameters<TFrom, TTo>(ParameterStore<TFrom> from, ParameterStore<TTo> to, Func<string, string?>? rename = null)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
        where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        foreach (var p in from.Parameters)
        {
            string? target = rename is null ? p.Name : rename(p.Name);
            if (target is null)
            {
                continue;
            }

            var src = p.Value.Span;
            var dst = to[target].Value.Span;
            for (int i = 0; i < src.Length; i++)
            {
                dst[i] = TTo.CreateTruncating(src[i]);
            }
        }
    }

    public static MoeForwardContext Training(ulong seed, int? sequenceLength = null) => new(true, new Rng(seed), sequenceLength);
}
