using SliceMoE.Data;
using SliceMoE.Models;
using SliceMoE.Text;

namespace SliceMoE.Training.Data;

/// <summary>Sentence pairs as ids (one joint tokenizer): source truncated to the maximum length; target framed by BOS/EOS for teacher forcing.</summary>
public sealed class TranslationTaskData : ITaskData<TranslationBatch>
{
    /// <summary>Encodes every split.</summary>
    public TranslationTaskData(ParallelCorpus corpus, ITokenizer tokenizer, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(tokenizer);
        Tokenizer = tokenizer;
        (Pad, Bos, Eos) = TokenizerFactory.Specials(tokenizer);
        (int[] Source, int[] Target) Encode(SentencePair p) =>
            (tokenizer.Encode(p.Source).Take(maxLength).DefaultIfEmpty(Eos).ToArray(), tokenizer.Encode(p.Target).Take(maxLength - 1).ToArray());
        Pairs = new Dictionary<string, (int[] Source, int[] Target)[]>
        {
            ["train"] = corpus.Train.Select(Encode).ToArray(),
            ["validation"] = corpus.Validation.Select(Encode).ToArray(),
            ["test"] = corpus.Test.Select(Encode).ToArray(),
        };
        References = new Dictionary<string, IReadOnlyList<SentencePair>>
        {
            ["train"] = corpus.Train,
            ["validation"] = corpus.Validation,
            ["test"] = corpus.Test,
        };
    }

    /// <summary>The joint tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>Padding id.</summary>
    public int Pad { get; }

    /// <summary>Sequence start id.</summary>
    public int Bos { get; }

    /// <summary>Sequence end id.</summary>
    public int Eos { get; }

    /// <summary>Encoded pairs per split.</summary>
    public IReadOnlyDictionary<string, (int[] Source, int[] Target)[]> Pairs { get; }

    /// <summary>The raw pairs per split (references for BLEU).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SentencePair>> References { get; }

    /// <inheritdoc />
    public int TrainCount => Pairs["train"].Length;

    /// <inheritdoc />
    public TranslationBatch TrainBatch(int[] indices) => Make(indices.Select(i => Pairs["train"][i]).ToArray());

    /// <inheritdoc />
    public IEnumerable<TranslationBatch> EvaluationBatches(string split, int batchSize)
    {
        var pairs = Pairs[split];
        for (int i = 0; i < pairs.Length; i += batchSize)
        {
            yield return Make(pairs.Skip(i).Take(batchSize).ToArray());
        }
    }

    private TranslationBatch Make((int[] Source, int[] Target)[] pairs)
    {
        int b = pairs.Length;
        int s = pairs.Max(p => p.Source.Length);
        int t = pairs.Max(p => p.Target.Length) + 1;
        var src = new int[b * s];
        var tin = new int[b * t];
        var tout = new int[b * t];
        Array.Fill(src, Pad);
        Array.Fill(tin, Pad);
        Array.Fill(tout, -100);
        for (int i = 0; i < b; i++)
        {
            pairs[i].Source.CopyTo(src, i * s);
            tin[i * t] = Bos;
            pairs[i].Target.CopyTo(tin, (i * t) + 1);
            pairs[i].Target.CopyTo(tout, i * t);
            tout[(i * t) + pairs[i].Target.Length] = Eos;
        }

        return new TranslationBatch(src, pairs.Select(p => p.Source.Length).ToArray(), s, tin, tout, pairs.Select(p => p.Target.Length + 1).ToArray(), t, b);
    }
}
