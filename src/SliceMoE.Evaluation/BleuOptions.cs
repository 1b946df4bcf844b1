namespace SliceMoE.Evaluation;

/// <summary>BLEU settings. The defaults are sacreBLEU's <c>corpus_bleu</c> defaults: 13a tokens, exponential smoothing, 4-grams, case-sensitive, no effective order.</summary>
public sealed record BleuOptions
{
    /// <summary>sacreBLEU's corpus defaults (signature <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp</c>).</summary>
    public static BleuOptions Default { get; } = new();

    /// <summary>Sentence-level defaults: as <see cref="Default"/> with <see cref="EffectiveOrder"/> on, as sacreBLEU recommends for one segment.</summary>
    public static BleuOptions Sentence { get; } = new() { EffectiveOrder = true };

    /// <summary>The smoothing method.</summary>
    public BleuSmoothing Smoothing { get; init; } = BleuSmoothing.Exponential;

    /// <summary>The value for <see cref="BleuSmoothing.Floor"/> (default 0.1) and <see cref="BleuSmoothing.AddK"/> (default 1); null for the default.</summary>
    public double? SmoothValue { get; init; }

    /// <summary>Lowercase hypotheses and references first, as Python's <c>str.lower()</c> does (final sigma and U+0130 included).</summary>
    public bool Lowercase { get; init; }

    /// <summary>The tokenizer.</summary>
    public BleuTokenizer Tokenizer { get; init; } = BleuTokenizer.Mteval13a;

    /// <summary>The largest n-gram order (4 for BLEU-4).</summary>
    public int MaxNgramOrder { get; init; } = 4;

    /// <summary>Average only over the orders up to the last one the hypothesis has any n-grams of (for short segments).</summary>
    public bool EffectiveOrder { get; init; }
}
