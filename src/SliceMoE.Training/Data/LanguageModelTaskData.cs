using SliceMoE.Data;
using SliceMoE.Models;
using SliceMoE.Text;

namespace SliceMoE.Training.Data;

/// <summary>
/// Each split as one token stream (documents joined by the end-of-sequence token), cut into non-overlapping windows of
/// <c>context</c> inputs plus the next token as target: the standard setup for perplexity on WikiText.
/// </summary>
public sealed class LanguageModelTaskData : ITaskData<LanguageModelBatch>
{
    private readonly int _context;
    private readonly int? _maxEvalWindows;

    /// <summary>
    /// Tokenizes every split. <paramref name="maxEvalWindows"/> caps the windows evaluated on validation and test: that
    /// many, evenly spaced over the split (so a capped evaluation still samples all of its documents); null: all.
    /// </summary>
    public LanguageModelTaskData(LanguageModelingCorpus corpus, ITokenizer tokenizer, int context, int? maxEvalWindows = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(tokenizer);
        Tokenizer = tokenizer;
        _context = context;
        _maxEvalWindows = maxEvalWindows;
        var (_, _, eos) = TokenizerFactory.Specials(tokenizer);
        int[] Stream(IReadOnlyList<string> docs)
        {
            var ids = new List<int>();
            foreach (var doc in docs)
            {
                ids.AddRange(tokenizer.Encode(doc));
                ids.Add(eos);
            }

            return [.. ids];
        }

        Streams = new Dictionary<string, int[]>
        {
            ["train"] = Stream(corpus.Train),
            ["validation"] = Stream(corpus.Validation),
            ["test"] = Stream(corpus.Test),
        };
    }

    /// <summary>The tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>Token stream of each split.</summary>
    public IReadOnlyDictionary<string, int[]> Streams { get; }

    /// <inheritdoc />
    public int TrainCount => Windows("train");

    /// <summary>Windows in a split.</summary>
    public int Windows(string split) => Math.Max(0, (Streams[split].Length - 1) / _context);

    /// <inheritdoc />
    public LanguageModelBatch TrainBatch(int[] indices) => Make(Streams["train"], indices);

    /// <inheritdoc />
    public IEnumerable<LanguageModelBatch> EvaluationBatches(string split, int batchSize)
    {
        var windows = EvaluationWindows(split);
        for (int i = 0; i < windows.Length; i += batchSize)
        {
            yield return Make(Streams[split], windows[i..Math.Min(windows.Length, i + batchSize)]);
        }
    }

    /// <summary>The windows an evaluation of <paramref name="split"/> reads: all, or the cap's worth evenly spaced.</summary>
    public int[] EvaluationWindows(string split)
    {
        int n = Windows(split);
        if (_maxEvalWindows is not int cap || cap >= n)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        return Enumerable.Range(0, Math.Max(0, cap)).Select(j => (int)((long)j * n / cap)).ToArray();
    }

    private LanguageModelBatch Make(int[] stream, int[] windows)
    {
        int t = _context, b = windows.Length;
        var ids = new int[b * t];
        var targets = new int[b * t];
        for (int i = 0; i < b; i++)
        {
            int start = windows[i] * t;
            Array.Copy(stream, start, ids, i * t, t);
            Array.Copy(stream, start + 1, targets, i * t, t);
        }

        return new LanguageModelBatch(ids, targets, Enumerable.Repeat(t, b).ToArray(), b, t);
    }
}
