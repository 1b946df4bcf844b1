namespace SliceMoE.Training;

/// <summary>
/// What a run will need in memory, estimated from its config before anything is allocated, so that a configuration that
/// cannot fit (experts = 100000, batch_size = 1000000) is refused with the estimate instead of failing in an allocation
/// after the run folder was touched. Parameters are counted exactly from the architecture (value, gradient and AdamW's
/// two moments: 16 bytes each); activations are a bound from above of what one micro-batch's forward and backward keep
/// per token (attention, the FFN slot's hidden layers, the output logits). The check fails only when the estimate
/// exceeds the memory the process may use, so it never refuses a run that fits.
/// </summary>
/// <param name="Parameters">Trainable and frozen parameters.</param>
/// <param name="ParameterBytes">Parameters with their gradients and optimiser state.</param>
/// <param name="ActivationBytes">One micro-batch's activations and their gradients.</param>
public sealed record MemoryEstimate(long Parameters, long ParameterBytes, long ActivationBytes)
{
    /// <summary>Total bytes.</summary>
    public long TotalBytes => ParameterBytes + ActivationBytes;

    /// <summary>The estimate for <paramref name="c"/>.</summary>
    public static MemoryEstimate For(TrainingConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        long d = c.Dim, t = c.MaxLength, vocab = c.Tokenizer switch { "gpt2" => 50257, "bert" => 30522, _ => c.VocabularySize };
        bool moe = c.Layer != "dense";
        long slices = c.Layer == "tokenmoe" ? 1 : c.Slices, ds = d / Math.Max(1, slices);
        long expertHidden = c.ExpertHidden ?? Math.Max(1, 4 * d / Math.Max(1, c.TopK));
        long denseHidden = c.DenseHidden ?? (4 * d);
        long ffn = moe
            ? (ds * c.RouterHidden) + c.RouterHidden + ((long)c.RouterHidden * c.Experts) + c.Experts + ((long)c.Experts * ((2 * ds * expertHidden) + expertHidden + ds))
            : (2 * d * denseHidden) + denseHidden + d;
        long attention = (4 * d * d) + (4 * d);
        long block = attention + ffn + (4 * d);
        int blocks = c.Task == "translation" ? 2 * c.Layers : c.Layers;
        long crossAttention = c.Task == "translation" ? c.Layers * (attention + (2 * d)) : 0;
        long parameters = (vocab * d) + (t * d) + (blocks * block) + crossAttention + (vocab * d) + (4 * d);

        // Floats kept per token and block for the backward, and their gradients: attention (q, k, v, output, norms,
        // residuals ~ 16 d, probabilities heads·T), the FFN slot (hidden pre-activation, activation, derivative).
        long ffnPerToken = moe ? (slices * (c.RouterHidden + (3L * c.Experts))) + (slices * c.TopK * ((3 * expertHidden) + (3 * ds))) : 3 * denseHidden;
        long perToken = (blocks * ((16 * d) + ((long)c.Heads * t) + ffnPerToken)) + (2 * vocab);
        long tokens = (long)c.BatchSize * t;
        return new MemoryEstimate(parameters, 16 * parameters, 2 * 4 * perToken * tokens);
    }

    /// <summary>Throws when the estimate exceeds <paramref name="availableBytes"/> (default: what the GC says this process may use).</summary>
    /// <exception cref="InvalidOperationException">Naming the estimate, its parts, the memory available and the keys to change.</exception>
    public void RequireFits(long? availableBytes = null)
    {
        long available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (TotalBytes <= available)
        {
            return;
        }

        throw new InvalidOperationException(
            $"This configuration needs about {Gib(TotalBytes)} GiB ({Parameters:N0} parameters: {Gib(ParameterBytes)} GiB with gradients and AdamW's moments; " +
            $"one micro-batch's activations: {Gib(ActivationBytes)} GiB), but {Gib(available)} GiB are available. " +
            "Lower experts, dim, layers or vocabulary_size for the parameters, or batch_size (with gradient_accumulation to keep the batch) or max_length for the activations.");
    }

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
