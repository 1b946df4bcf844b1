using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Models;

/// <summary>Tiny models and data sets for overfitting and gradient tests.</summary>
internal static class TinyModels
{
    public static FeedForwardSpec SliceMoe(int dim) =>
        FeedForwardSpec.Mixture(new MoeConfig { ModelDim = dim, Slices = 4, Experts = 4, TopK = 2, ExpertHidden = dim, RouterHidden = 8, SwitchLossWeight = 0.01 });

    public static FeedForwardSpec TokenMoe(int dim) =>
        FeedForwardSpec.Mixture(new MoeConfig { ModelDim = dim, Slices = 1, Experts = 4, TopK = 2, ExpertHidden = dim, RouterHidden = 8 });

    public static ClassificationBatch Classification(Rng rng, int batch, int length, int vocab, int classes)
    {
        var ids = new int[batch * length];
        var lengths = new int[batch];
        var labels = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = 2 + rng.NextInt(length - 1);
            labels[b] = rng.NextInt(classes);
            for (int t = 0; t < length; t++)
            {
                ids[(b * length) + t] = t < lengths[b] ? 1 + rng.NextInt(vocab - 1) : 0;
            }
        }

        return new ClassificationBatch(ids, lengths, labels, batch, length);
    }

    public static LanguageModelBatch Language(Rng rng, int batch, int length, int vocab)
    {
        var seq = new int[batch * (length + 1)];
        for (int i = 0; i < seq.Length; i++)
        {
            seq[i] = rng.NextInt(vocab);
        }

        var ids = new int[batch * length];
        var targets = new int[batch * length];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
            {
                ids[(b * length) + t] = seq[(b * (length + 1)) + t];
                targets[(b * length) + t] = seq[(b * (length + 1)) + t + 1];
            }
        }

        return new LanguageModelBatch(ids, targets, Enumerable.Repeat(length, batch).ToArray(), batch, length);
    }

    /// <summary>Reverse the source: target = reversed source, with BOS (1) / EOS (2), padding 0 and ignored padded targets.</summary>
    public static TranslationBatch Reverse(Rng rng, int batch, int length, int vocab)
    {
        var src = new int[batch * length];
        var srcLen = new int[batch];
        var tin = new int[batch * (length + 1)];
        var tout = new int[batch * (length + 1)];
        var tlen = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            int n = 2 + rng.NextInt(length - 1);
            srcLen[b] = n;
            tlen[b] = n + 1;
            var words = Enumerable.Range(0, n).Select(_ => 3 + rng.NextInt(vocab - 3)).ToArray();
            for (int t = 0; t < length; t++)
            {
                src[(b * length) + t] = t < n ? words[t] : 0;
            }

            for (int t = 0; t <= length; t++)
            {
                int o = (b * (length + 1)) + t;
                tin[o] = t == 0 ? 1 : t <= n ? words[n - t] : 0;
                tout[o] = t < n ? words[n - 1 - t] : t == n ? 2 : -100;
            }
        }

        return new TranslationBatch(src, srcLen, length, tin, tout, tlen, length + 1, batch);
    }
}
