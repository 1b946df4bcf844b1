using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SliceMoE.Models;

namespace SliceMoE.Onnx.Runtime;

/// <summary>
/// An exported translator (<see cref="OnnxExport.Translator"/>) run by ONNX Runtime on the CPU: the encoder graph once
/// per source (it also projects every decoder block's cross-attention keys and values), then the decoder graph one
/// token per call through the self-attention cache. Greedy decoding, as <see cref="Seq2SeqTranslator{T}.Translate"/>
/// with beam 1 when the router routes each token alone.
/// </summary>
public sealed class OnnxTranslatorSession : IDisposable
{
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly TranslationConfig _config;

    /// <summary>Opens the two graphs of a translator with <paramref name="config"/>.</summary>
    /// <exception cref="OnnxRuntimeException">When ONNX Runtime cannot load a graph.</exception>
    public OnnxTranslatorSession(TranslatorGraphs graphs, TranslationConfig config)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _encoder = new InferenceSession(graphs.Encoder, options);
        _decoder = new InferenceSession(graphs.Decoder, options);
    }

    /// <summary>Exports <paramref name="model"/> and opens its graphs.</summary>
    public static OnnxTranslatorSession Create(Seq2SeqTranslator<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new OnnxTranslatorSession(OnnxExport.Translator(model), model.Config);
    }

    /// <summary>
    /// The greedy translation of one source (its first MaxLength tokens): from <paramref name="bos"/>, the likeliest token
    /// each step, until <paramref name="eos"/> or min(<paramref name="maxLength"/>, MaxLength) tokens; returned without BOS/EOS.
    /// </summary>
    /// <exception cref="NotSupportedException">When the router ranks tokens against each other (a decode step would route its one token alone).</exception>
    public int[] TranslateGreedy(IReadOnlyList<int> source, int bos, int eos, int maxLength = 64)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!_config.FeedForward.RoutesEachRowAlone)
        {
            throw new NotSupportedException($"Cached decoding needs an FFN that routes each token alone; this model's router ({_config.FeedForward.Moe!.Routing}) ranks tokens against each other.");
        }

        var src = source.Take(_config.MaxLength).Select(x => (long)x).ToArray();
        if (src.Length == 0)
        {
            return [];
        }

        int layers = _config.DecoderLayers, d = _config.Dim, v = _config.Vocabulary;
        var lengths = new DenseTensor<long>(new long[] { src.Length }, [1]);
        using var encoded = _encoder.Run(
        [
            NamedOnnxValue.CreateFromTensor(OnnxNames.SourceIds, new DenseTensor<long>(src, [1, src.Length])),
            NamedOnnxValue.CreateFromTensor(OnnxNames.SourceLengths, lengths),
        ]);
        var byName = encoded.ToDictionary(r => r.Name, r => r.AsTensor<float>(), StringComparer.Ordinal);
        var past = new Tensor<float>[2 * layers];
        for (int i = 0; i < 2 * layers; i++)
        {
            past[i] = new DenseTensor<float>([1, 0, d]);
        }

        var output = new List<int>();
        int token = bos, limit = Math.Min(maxLength, _config.MaxLength);
        for (int step = 0; step < limit; step++)
        {
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor(OnnxNames.InputIds, new DenseTensor<long>(new long[] { token }, [1, 1])),
                NamedOnnxValue.CreateFromTensor(OnnxNames.SourceLengths, lengths),
            };
            for (int i = 0; i < layers; i++)
            {
                inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxNames.CrossKey(i), byName[OnnxNames.CrossKey(i)]));
                inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxNames.CrossValue(i), byName[OnnxNames.CrossValue(i)]));
                inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxNames.PastKey(i), past[2 * i]));
                inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxNames.PastValue(i), past[(2 * i) + 1]));
            }

            using var results = _decoder.Run(inputs);
            var r = results.ToDictionary(x => x.Name, x => x.AsTensor<float>(), StringComparer.Ordinal);
            var logits = r[OnnxNames.Logits].ToArray();
            token = ArgMax(logits.AsSpan(0, v));
            if (token == eos)
            {
                break;
            }

            output.Add(token);
            for (int i = 0; i < layers; i++)
            {
                past[2 * i] = Copy(r[OnnxNames.PresentKey(i)]);
                past[(2 * i) + 1] = Copy(r[OnnxNames.PresentValue(i)]);
            }
        }

        return [.. output];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    private static DenseTensor<float> Copy(Tensor<float> t) => new(t.ToArray(), t.Dimensions.ToArray());

    /// <summary>The likeliest token, ties to the lower id (ours: TopK's rule over the log-probabilities).</summary>
    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > row[best])
            {
                best = j;
            }
        }

        return best;
    }
}
