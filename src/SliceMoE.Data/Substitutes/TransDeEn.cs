using System.Text.RegularExpressions;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// English-German example sentences from the Ding dictionary (Debian <c>trans-de-en</c>, file
/// <c>usr/share/trans/de-en</c>; GPL-2+). Lines are <c>de | de2 :: en | en2</c>, the <c>|</c>-separated parts aligned;
/// a part pair is kept as a sentence pair when both sides end with <c>. ! ?</c>, the English starts with a capital and
/// has at least two words, and neither side lists alternatives with <c>;</c> (those cannot be aligned). About 17,500
/// distinct pairs. Split at random by <see cref="LoadOptions"/>.
/// </summary>
public static partial class TransDeEn
{
    /// <summary>Loads the pairs from a fetched <c>trans-de-en</c> folder (or the folder holding <c>de-en</c>).</summary>
    /// <exception cref="DataFormatException">On invalid UTF-8 or a line whose two sides have different part counts, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static ParallelCorpus Load(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        string file = CorpusPaths.Require(Path.Combine(CorpusPaths.Locate(path, "usr/share/trans"), "de-en"), "trans-de-en");
        var report = new LoadReportBuilder(options);
        var pairs = new List<SentencePair>();
        var seen = new HashSet<SentencePair>();
        using var reader = new Utf8LineReader(file);
        while (reader.TryReadLine(out var line))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                continue;
            }

            int sep = line.IndexOf(" :: ", StringComparison.Ordinal);
            if (sep < 0)
            {
                report.Malformed(new DataFormatException(file, reader.LineNumber, null, "expected 'german :: english'", Hints.SkipRow));
                continue;
            }

            var de = line[..sep].Split(" | ");
            var en = line[(sep + 4)..].Split(" | ");
            if (de.Length != en.Length)
            {
                report.Malformed(new DataFormatException(file, reader.LineNumber, null, $"{de.Length} German parts but {en.Length} English parts", Hints.SkipRow));
                continue;
            }

            for (int i = 0; i < de.Length; i++)
            {
                string d = de[i].Trim(), s = en[i].Trim();
                if (IsSentence(s, d))
                {
                    var p = new SentencePair(s, d);
                    if (seen.Add(p))
                    {
                        pairs.Add(p);
                        report.CountLoaded();
                    }
                }
            }
        }

        return Formats.ParallelTsv.Assemble("trans-de-en", "en", "de", pairs, null, null, options, report.Build());
    }

    /// <summary>Whether an aligned (English, German) part pair is an example sentence rather than a dictionary headword.</summary>
    public static bool IsSentence(string english, string german)
    {
        ArgumentNullException.ThrowIfNull(english);
        ArgumentNullException.ThrowIfNull(german);
        return EndsSentence().IsMatch(english) && EndsSentence().IsMatch(german)
            && english.Length > 0 && char.IsUpper(english[0])
            && english.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2
            && !english.Contains(';', StringComparison.Ordinal) && !german.Contains(';', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[.!?]$", RegexOptions.CultureInvariant)]
    private static partial Regex EndsSentence();
}
