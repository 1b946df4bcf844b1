using System.Text;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Formats;

/// <summary>
/// WikiText-2 / WikiText-103 (Merity et al. 2016): a folder with <c>wiki.train.tokens</c>, <c>wiki.valid.tokens</c>
/// and <c>wiki.test.tokens</c> (or the <c>.raw</c> variants). Each article starts with a top-level heading line
/// <c> = Title = </c>; an article becomes one document, its non-empty lines trimmed and joined with <c>\n</c>,
/// heading included. Text is kept as it is (<c>&lt;unk&gt;</c>, <c>@-@</c> and all): the files are already tokenized.
/// </summary>
public static class WikiText
{
    /// <summary>Loads the three splits of a WikiText folder.</summary>
    /// <exception cref="FileNotFoundException">When a split file is missing.</exception>
    /// <exception cref="DataFormatException">On invalid UTF-8, unless <see cref="LoadOptions.OnMalformed"/> is Skip (then the line is dropped), and when a split holds no text.</exception>
    public static LanguageModelingCorpus Load(string directory, LoadOptions? options = null, string name = "wikitext")
    {
        ArgumentNullException.ThrowIfNull(directory);
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var splits = new[] { "train", "valid", "test" }.Select(s => ReadSplit(SplitPath(directory, s), report)).ToArray();
        return new LanguageModelingCorpus(name, splits[0], splits[1], splits[2], report.Build());
    }

    /// <summary>Streams the articles of one WikiText file, one document at a time, without loading the file.</summary>
    /// <exception cref="DataFormatException">On invalid UTF-8, unless <paramref name="options"/> skips malformed lines.</exception>
    public static IEnumerable<string> ReadDocuments(string path, LoadOptions? options = null) =>
        ReadDocuments(path, new LoadReportBuilder(options ?? LoadOptions.Default));

    /// <summary>Whether a line is a top-level article heading (<c> = Title = </c>, not <c> = = Section = = </c>).</summary>
    public static bool IsArticleHeading(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var t = line.AsSpan().Trim();
        return t.Length > 4 && t.StartsWith("= ") && t.EndsWith(" =") && !t.StartsWith("= =") && !t.EndsWith("= =");
    }

    private static string SplitPath(string directory, string split)
    {
        foreach (var ext in new[] { "tokens", "raw" })
        {
            var p = Path.Combine(directory, $"wiki.{split}.{ext}");
            if (File.Exists(p))
            {
                return p;
            }
        }

        throw new FileNotFoundException($"No wiki.{split}.tokens (or wiki.{split}.raw) in {directory}: a WikiText folder holds wiki.train/valid/test.tokens.", Path.Combine(directory, $"wiki.{split}.tokens"));
    }

    /// <summary>A split's documents; a split without any (empty or blank, e.g. an empty validation file) is an error, as it would give perplexity NaN.</summary>
    private static string[] ReadSplit(string path, LoadReportBuilder report)
    {
        int skippedBefore = report.Skipped;
        var documents = ReadDocuments(path, report).ToArray();
        return documents.Length > 0 ? documents : throw DataFormatException.NoExamples(path, report.Skipped - skippedBefore, "text");
    }

    private static IEnumerable<string> ReadDocuments(string path, LoadReportBuilder report)
    {
        using var reader = new Utf8LineReader(path);
        var doc = new StringBuilder();
        while (reader.TryReadLine(out var line))
        {
            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                continue;
            }

            if (IsArticleHeading(line) && doc.Length > 0)
            {
                report.CountLoaded();
                yield return doc.ToString();
                doc.Clear();
            }

            var t = line.AsSpan().Trim();
            if (t.Length > 0)
            {
                if (doc.Length > 0)
                {
                    doc.Append('\n');
                }

                doc.Append(t);
            }
        }

        if (doc.Length > 0)
        {
            report.CountLoaded();
            yield return doc.ToString();
        }
    }
}
