using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SliceMoE.Models;
using SliceMoE.Numerics;

namespace SliceMoE.Onnx.Runtime;

/// <summary>
/// An exported causal language model (<see cref="OnnxExport.LanguageModel"/>) run by ONNX Runtime on the CPU: the full
/// forward, a prefill and one-token decode steps through the key/value cache (each one graph call), and generation with
/// the same options and sampling as <see cref="CausalLanguageModel{T}.Generate"/>, so greedy decoding gives the same tokens.
/// </summary>
public sealed class OnnxLanguageModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly LanguageModelConfig _config;

    /// <summary>
    /// Opens serialized graph bytes (or a .onnx file's contents) of a model with <paramref name="config"/>, with all
    /// graph optimisations; <paramref name="memoryArena"/> false opens it without ONNX Runtime's CPU memory arena, which
    /// keeps the largest buffers of every call shape it has seen (gigabytes per session for a long batch's prefill).
    /// </summary>
    /// <exception cref="OnnxRuntimeException">When ONNX Runtime cannot load the graph.</exception>
    public OnnxLanguageModelSession(byte[] model, LanguageModelConfig config, bool memoryArena = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, EnableCpuMemArena = memoryArena };
        _session = new InferenceSession(model, options);
    }

    /// <summary>Exports <paramref name="model"/> and opens the graph (see the constructor for <paramref name="memoryArena"/>).</summary>
    public static OnnxLanguageModelSession Create(CausalLanguageModel<float> model, bool memoryArena = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new OnnxLanguageModelSession(OnnxExport.LanguageModel(model), model.Config, memoryArena);
    }

    /// <summary>The model's shape.</summary>
    public LanguageModelConfig Config => _config;

    /// <summary>
    /// Whether decoding may go step by step: as for the native model (<see cref="FeedForwardSpec.RoutesEachRowAlone"/>), a
    /// router that ranks tokens against each other (SeqTopK, Expert Choice, USMoE, capacity) routes a decode step's one
    /// token differently from the whole sequence.
    /// </summary>
    public bool SupportsCachedDecoding => _config.FeedForward.RoutesEachRowAlone;

    /// <summary>Logits [B, T, V] of B sequences of T tokens (ids [B·T]), with an empty past: the model's full forward.</summary>
    public float[] Forward(int[] ids, int batch, int length)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var (logits, _) = Run(ids, batch, length, Empty(batch));
        return logits;
    }

    /// <summary>Runs B prompts of equal length (ids [B·T]) through a fresh cache; returns each one's next-token logits [B, V] and the cache.</summary>
    /// <exception cref="ArgumentException">When the prompts are empty or reach the context.</exception>
    /// <exception cref="NotSupportedException">When the router ranks tokens against each other (<see cref="SupportsCachedDecoding"/>).</exception>
    public (float[] Logits, OnnxDecodingCache Cache) Prefill(int[] ids, int batch, int length)
    {
        ArgumentNullException.ThrowIfNull(ids);
        RequireCachedDecoding();
        if (length < 1 || length >= _config.MaxLength)
        {
            throw new ArgumentException($"The prompt has {length} tokens, but the model's context is {_config.MaxLength} tokens and at least one must be left to generate: give 1 to {_config.MaxLength - 1} tokens.", nameof(length));
        }

        var (logits, cache) = Run(ids, batch, length, Empty(batch));
        return (Last(logits, batch, length), cache);
    }

    /// <summary>Appends one token per sequence (tokens [B]) and returns the logits [B, V] of what follows each, and the longer cache.</summary>
    /// <exception cref="ArgumentException">When the cache is full or of another batch size.</exception>
    public (float[] Logits, OnnxDecodingCache Cache) Decode(int[] tokens, OnnxDecodingCache cache)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(cache);
        RequireCachedDecoding();
        if (tokens.Length != cache.Batch || cache.Length >= _config.MaxLength)
        {
            throw new ArgumentException($"{tokens.Length} tokens for a cache of {cache.Batch} sequences at position {cache.Length} (context {_config.MaxLength}).", nameof(tokens));
        }

        return Run(tokens, tokens.Length, 1, cache);
    }

    /// <summary>
    /// Continues one prompt as <see cref="CausalLanguageModel{T}.Generate"/> does for a batch of one: a prefill, then one
    /// decode step per token, sampling with <see cref="Sampling.Sample"/> from Rng(seed); stops at a stop token, after
    /// MaxNewTokens, or when the context is full. <paramref name="onToken"/> streams each token.
    /// </summary>
    /// <exception cref="ArgumentException">When the prompt is empty, fills the context, or holds an id outside the vocabulary.</exception>
    /// <exception cref="NotSupportedException">When the router ranks tokens against each other.</exception>
    public int[] Generate(IReadOnlyList<int> prompt, GenerationOptions options, Action<int>? onToken = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (prompt.Any(id => (uint)id >= (uint)_config.Vocabulary))
        {
            throw new ArgumentException($"The prompt has a token id outside the vocabulary of {_config.Vocabulary}.", nameof(prompt));
        }

        var (logits, cache) = Prefill([.. prompt], 1, prompt.Count);
        var rng = new Rng(options.Seed);
        var generated = new List<int>();
        while (true)
        {
            int token = Sampling.Sample<float>(logits, options.Temperature, options.TopK, rng, options.TopP);
            generated.Add(token);
            onToken?.Invoke(token);
            if (options.StopTokens.Contains(token) || generated.Count >= options.MaxNewTokens || cache.Length >= _config.MaxLength)
            {
                return [.. generated];
            }

            (logits, cache) = Decode([token], cache);
        }
    }

    /// <summary>
    /// As <see cref="CausalLanguageModel{T}.GenerateUncached"/>, for routers that rank tokens against each other: samples
    /// <paramref name="count"/> tokens, re-running the full forward on the growing context (its last MaxLength tokens).
    /// </summary>
    /// <exception cref="ArgumentException">When the prompt is empty.</exception>
    public int[] GenerateUncached(IReadOnlyList<int> prompt, int count, double temperature, int topK, Rng rng, int? stopToken = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(rng);
        var context = prompt.ToList();
        if (context.Count == 0)
        {
            throw new ArgumentException("The prompt needs at least one token.", nameof(prompt));
        }

        var generated = new List<int>();
        int v = _config.Vocabulary;
        for (int i = 0; i < count; i++)
        {
            var window = context.Skip(Math.Max(0, context.Count - _config.MaxLength)).ToArray();
            var logits = Forward(window, 1, window.Length);
            int next = Sampling.Sample<float>(logits.AsSpan((window.Length - 1) * v, v), temperature, topK, rng);
            generated.Add(next);
            context.Add(next);
            if (next == stopToken)
            {
                break;
            }
        }

        return [.. generated];
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private void RequireCachedDecoding()
    {
        if (!SupportsCachedDecoding)
        {
            throw new NotSupportedException($"Cached decoding needs an FFN that routes each token alone; this model's router ({_config.FeedForward.Moe!.Routing}{(_config.FeedForward.Moe.CapacityFactor is null ? string.Empty : ", with a capacity factor")}) ranks tokens against each other. Run Forward on the whole context instead.");
        }
    }

    private OnnxDecodingCache Empty(int batch)
    {
        var keys = new DenseTensor<float>[_config.Layers];
        var values = new DenseTensor<float>[_config.Layers];
        for (int i = 0; i < _config.Layers; i++)
        {
            keys[i] = new DenseTensor<float>([batch, 0, _config.Dim]);
            values[i] = new DenseTensor<float>([batch, 0, _config.Dim]);
        }

        return new OnnxDecodingCache(keys, values);
    }

    private (float[] Logits, OnnxDecodingCache Cache) Run(int[] ids, int batch, int length, OnnxDecodingCache past)
    {
        if (ids.Length != batch * length || batch < 1)
        {
            throw new ArgumentException($"{ids.Length} ids do not form a batch of {batch} x {length}.", nameof(ids));
        }

        if (past.Length + length > _config.MaxLength)
        {
            throw new ArgumentException($"Sequences would reach {past.Length + length} tokens, past the model's context of {_config.MaxLength}.", nameof(ids));
        }

        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(OnnxNames.InputIds, new DenseTensor<long>(ids.Select(x => (long)x).ToArray(), [batch, length])),
        };
        for (int i = 0; i < _config.Layers; i++)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxNames.PastKey(i), past.Keys[i]));
            inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxNames.PastValue(i), past.Values[i]));
        }

        using var results = _session.Run(inputs);
        var byName = results.ToDictionary(r => r.Name, r => r.AsTensor<float>(), StringComparer.Ordinal);
        var keys = new DenseTensor<float>[_config.Layers];
        var values = new DenseTensor<float>[_config.Layers];
        for (int i = 0; i < _config.Layers; i++)
        {
            keys[i] = Copy(byName[OnnxNames.PresentKey(i)]);
            values[i] = Copy(byName[OnnxNames.PresentValue(i)]);
        }

        return (byName[OnnxNames.Logits].ToArray(), new OnnxDecodingCache(keys, values));
    }

    private static DenseTensor<float> Copy(Tensor<float> t) => new(t.ToArray(), t.Dimensions.ToArray());

    private float[] Last(float[] logits, int batch, int length)
    {
        int v = _config.Vocabulary;
        var last = new float[batch * v];
        for (int b = 0; b < batch; b++)
        {
            Array.Copy(logits, (((b * length) + length) - 1) * v, last, b * v, v);
        }

        return last;
    }
}
