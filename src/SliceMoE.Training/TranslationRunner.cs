using SliceMoE.Models;
using SliceMoE.Text;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>The translation task: the generic runner plus decoding a split with beam search (for BLEU).</summary>
public sealed class TranslationRunner : TaskRunner<TranslationBatch>
{
    private readonly TranslationTaskData _data;
    private readonly Seq2SeqTranslator<float> _model;

    /// <summary>Binds data and model.</summary>
    public TranslationRunner(TranslationTaskData data, Seq2SeqTranslator<float> model, ITokenizer tokenizer)
        : base(data, model, tokenizer, b => b.SourceLengths.Sum() + b.TargetLengths.Sum(), b => b.TargetOutput.Count(t => t != -100), perToken: true)
    {
        _data = data;
        _model = model;
    }

    /// <summary>Decodes the first <paramref name="limit"/> sources of a split; returns (hypothesis, reference) texts.</summary>
    public IReadOnlyList<(string Source, string Hypothesis, string Reference)> Translate(string split, int limit, int beam, int maxLength)
    {
        var pairs = _data.Pairs[split];
        var refs = _data.References[split];
        var result = new List<(string, string, string)>();
        for (int i = 0; i < Math.Min(limit, pairs.Length); i++)
        {
            var ids = _model.Translate(pairs[i].Source, _data.Bos, _data.Eos, beam, maxLength);
            result.Add((refs[i].Source, Tokenizer.Decode(ids), refs[i].Target));
        }

        return result;
    }
}
