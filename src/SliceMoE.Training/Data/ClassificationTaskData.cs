using SliceMoE.Data;
using SliceMoE.Models;
using SliceMoE.Text;

namespace SliceMoE.Training.Data;

/// <summary>Classification examples as token ids (truncated to the maximum length), batched with padding to the longest in each batch.</summary>
public sealed class ClassificationTaskData : ITaskData<ClassificationBatch>
{
    private readonly int _pad;

    /// <summary>Encodes every split of <paramref name="dataset"/>.</summary>
    public ClassificationTaskData(TextClassificationDataset dataset, ITokenizer tokenizer, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(tokenizer);
        LabelNames = dataset.LabelNames;
        Tokenizer = tokenizer;
        var (pad, _, _) = TokenizerFactory.Specials(tokenizer);
        _pad = pad;
        int unk = tokenizer.Specials.Unk ?? pad;
        (int[] Ids, int Label) Encode(LabeledText t)
        {
            var ids = tokenizer.Encode(t.Text).Take(maxLength).ToArray();
            return (ids.Length == 0 ? [unk] : ids, t.Label);
        }

        Train = dataset.Train.Select(Encode).ToArray();
        Validation = dataset.Validation.Select(Encode).ToArray();
        Test = dataset.Test.Select(Encode).ToArray();
        Texts = new Dictionary<string, IReadOnlyList<string>>
        {
            ["train"] = dataset.Train.Select(t => t.Text).ToArray(),
            ["validation"] = dataset.Validation.Select(t => t.Text).ToArray(),
            ["test"] = dataset.Test.Select(t => t.Text).ToArray(),
        };
    }

    /// <summary>Class names.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>The tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>Encoded training examples.</summary>
    public IReadOnlyList<(int[] Ids, int Label)> Train { get; }

    /// <summary>Encoded validation examples.</summary>
    public IReadOnlyList<(int[] Ids, int Label)> Validation { get; }

    /// <summary>Encoded test examples.</summary>
    public IReadOnlyList<(int[] Ids, int Label)> Test { get; }

    /// <summary>The raw texts per split (for inspection, e.g. expert specialisation).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Texts { get; }

    /// <inheritdoc />
    public int TrainCount => Train.Count;

    /// <inheritdoc />
    public ClassificationBatch TrainBatch(int[] indices) => Make(indices.Select(i => Train[i]).ToArray());

    /// <inheritdoc />
    public IEnumerable<ClassificationBatch> EvaluationBatches(string split, int batchSize)
    {
        var examples = Split(split);
        for (int i = 0; i < examples.Count; i += batchSize)
        {
            yield return Make(examples.Skip(i).Take(batchSize).ToArray());
        }
    }

    /// <summary>The examples of "train", "validation" or "test".</summary>
    public IReadOnlyList<(int[] Ids, int Label)> Split(string split) => split switch
    {
        "train" => Train,
        "validation" => Validation,
        "test" => Test,
        _ => throw new ArgumentException($"Unknown split '{split}' (train, validation or test).", nameof(split)),
    };

    private ClassificationBatch Make((int[] Ids, int Label)[] examples)
    {
        int t = examples.Max(e => e.Ids.Length);
        var ids = new int[examples.Length * t];
        Array.Fill(ids, _pad);
        for (int b = 0; b < examples.Length; b++)
        {
            examples[b].Ids.CopyTo(ids, b * t);
        }

        return new ClassificationBatch(ids, examples.Select(e => e.Ids.Length).ToArray(), examples.Select(e => e.Label).ToArray(), examples.Length, t);
    }
}
