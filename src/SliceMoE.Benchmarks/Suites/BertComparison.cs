using System.Globalization;
using Microsoft.ML.Tokenizers;
using WordPieceTokenizer = SliceMoE.Text.WordPieceTokenizer;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>How far Microsoft.ML.Tokenizers' <c>BertTokenizer</c> is from our <see cref="WordPieceTokenizer"/> on some texts.</summary>
/// <param name="Texts">Texts compared.</param>
/// <param name="DifferingTexts">Texts whose ids differ.</param>
/// <param name="AccentsStripped">Whether its accent stripping worked in this process ("café" gave "cafe"): it needs Unicode normalisation, which a process with invariant globalization lacks.</param>
/// <param name="MissingTokens">The tokens of our ids that its ids lack, with the number of differing texts that have them, most frequent first.</param>
public sealed record BertComparisonReport(int Texts, int DifferingTexts, bool AccentsStripped, IReadOnlyList<(string Token, int Texts)> MissingTokens);

/// <summary>
/// Our BERT uncased WordPiece against <c>BertTokenizer.Create(vocab.txt)</c> with lowercasing and accent stripping, as
/// bert-base-uncased is configured; no special tokens added on either side.
/// </summary>
public static class BertComparison
{
    /// <summary>Compares the two on <paramref name="texts"/>, our tokenizer loaded from <paramref name="vocabPath"/>.</summary>
    public static BertComparisonReport Run(IReadOnlyList<string> texts, string vocabPath)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ours = WordPieceTokenizer.Load(vocabPath);
        string vocabText = Path.Combine(Path.GetTempPath(), $"slicemoe-bert-vocab-{Guid.NewGuid():N}.txt");
        try
        {
            ours.SaveVocabularyText(vocabText);
            var theirs = BertTokenizer.Create(vocabText, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
            int differing = 0;
            var missing = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string text in texts)
            {
                var a = ours.Encode(text);
                var b = theirs.EncodeToIds(text, addSpecialTokens: false);
                if (a.SequenceEqual(b))
                {
                    continue;
                }

                differing++;
                foreach (int id in a.Except(b))
                {
                    string token = ours.TokenOf(id) ?? id.ToString(CultureInfo.InvariantCulture);
                    missing[token] = missing.GetValueOrDefault(token) + 1;
                }
            }

            bool stripped = theirs.EncodeToIds("café", addSpecialTokens: false).SequenceEqual(ours.Encode("cafe"));
            var top = missing.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToArray();
            return new BertComparisonReport(texts.Count, differing, stripped, top);
        }
        finally
        {
            File.Delete(vocabText);
        }
    }
}
