using SliceMoE.Evaluation;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Text;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>
/// The translation task: the generic runner plus decoding a split with beam search (for BLEU), and, when
/// <see cref="ValidationBleuSentences"/> is set, the validation BLEU of greedy decoding at every evaluation.
/// </summary>
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

    /// <summary>Validation sentences greedy-decoded at every evaluation of the validation split for its BLEU (0: none).</summary>
    public int ValidationBleuSentences { get; init; }

    /// <summary>Longest output of that decoding, in tokens.</summary>
    public int DecodeLength { get; init; } = 48;

    /// <summary>
    /// Whether BLEU is scored case-insensitively (sacreBLEU -lc): a lowercasing tokenizer can only produce lowercase
    /// text, and every capital letter of the references would otherwise count as an error of the model.
    /// </summary>
    public bool ScoresLowercased => Tokenizer is WordLevelTokenizer { Lowercase: true } or SubwordTokenizer { Lowercase: true };

    /// <summary>Corpus BLEU of decoded hypotheses against their references, cased as <see cref="ScoresLowercased"/> says.</summary>
    public BleuScore Score(IReadOnlyList<(string Source, string Hypothesis, string Reference)> decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        return Bleu.Corpus(decoded.Select(d => d.Hypothesis).ToArray(), decoded.Select(d => d.Reference).ToArray(), new BleuOptions { Lowercase = ScoresLowercased });
    }

    /// <inheritdoc />
    /// <remarks>On the validation split with <see cref="ValidationBleuSentences"/> set, the result carries their greedy BLEU.</remarks>
    public override EvaluationResult Evaluate(string split, int batchSize, ForwardContext context)
    {
        var result = base.Evaluate(split, batchSize, context);
        if (split != "validation" || ValidationBleuSentences == 0)
        {
            return result;
        }

        return result with { Bleu = Score(Translate(split, ValidationBleuSentences, beam: 1, DecodeLength)).Score };
    }

    /// <summary>
    /// Decodes the first <paramref name="limit"/> sources of a split; returns (hypothesis, reference) texts. The weights are
    /// packed once for all the sentences (float32: the same translations as unpacked; see <see cref="WeightPacks"/>), unless
    /// the caller has packs of its own in effect.
    /// </summary>
    public IReadOnlyList<(string Source, string Hypothesis, string Reference)> Translate(string split, int limit, int beam, int maxLength)
    {
        var pairs = _data.Pairs[split];
        var refs = _data.References[split];
        var result = new List<(string, string, string)>();
        using var packs = WeightPacks.Current is null ? WeightPacks.Create(_model.Store, WeightFormat.Float32) : null;
        using var reading = packs?.Activate();
        for (int i = 0; i < Math.Min(limit, pairs.Length); i++)
        {
            var ids = _model.Translate(pairs[i].Source, _data.Bos, _data.Eos, beam, maxLength);
            result.Add((refs[i].Source, Tokenizer.Decode(ids), refs[i].Target));
        }

        return result;
    }
}
