using SliceMoE.Data.Text;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// WordNet 3.0 noun glosses classified by lexicographer category: the DBPEDIA-14 stand-in. Each synset line of
/// <c>data.noun</c> gives one example, its text the synset's first word and its gloss (like DBPEDIA's title and
/// abstract), its class the synset's lexicographer file (field 2, e.g. 06 = <c>noun.artifact</c>). The
/// <see cref="DefaultCategoryCount"/> largest noun categories are kept (73,422 glosses, 2,016 to 11,587 each);
/// labels are in lexicographer file order. No official split: a stratified one from <see cref="LoadOptions"/>.
/// </summary>
public static class WordNetGlosses
{
    /// <summary>How many categories DBPEDIA-14 has, and so how many the stand-in keeps.</summary>
    public const int DefaultCategoryCount = 14;

    /// <summary>WordNet 3.0's lexicographer file names, indexed by file number (from the <c>lexnames</c>(5WN) manual page).</summary>
    public static IReadOnlyList<string> LexicographerFiles { get; } =
    [
        "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute",
        "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
        "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon", "noun.plant", "noun.possession",
        "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
        "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition", "verb.consumption",
        "verb.contact", "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession",
        "verb.social", "verb.stative", "verb.weather", "adj.ppl",
    ];

    /// <summary>One gloss with its lexicographer file number and first word, before categories are chosen.</summary>
    /// <param name="LexFile">Lexicographer file number (0..44).</param>
    /// <param name="Word">The synset's first word, underscores as spaces.</param>
    /// <param name="Gloss">The gloss (definition and examples).</param>
    public sealed record Synset(int LexFile, string Word, string Gloss);

    /// <summary>Loads the stand-in from a fetched <c>wordnet</c> folder (or a folder holding <c>data.noun</c>).</summary>
    /// <exception cref="DataFormatException">On a malformed synset line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static TextClassificationDataset Load(string path, LoadOptions? options = null, int categoryCount = DefaultCategoryCount)
    {
        options ??= LoadOptions.Default;
        var read = ReadSynsets(path, options);
        var chosen = read.Examples.GroupBy(s => s.LexFile)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Take(categoryCount).Select(g => g.Key).Order().ToArray();
        var labelOf = chosen.Select((lex, i) => (lex, i)).ToDictionary(p => p.lex, p => p.i);
        var examples = read.Examples.Where(s => labelOf.ContainsKey(s.LexFile))
            .Select(s => new LabeledText(AgNewsJoin(s.Word, s.Gloss), labelOf[s.LexFile])).ToArray();
        return Formats.ClassificationFiles.Assemble("wordnet", chosen.Select(l => LexicographerFiles[l]).ToArray(), examples, null, null, options, read.Report);
    }

    /// <summary>Every noun synset of <c>data.noun</c>, in file order.</summary>
    /// <exception cref="DataFormatException">On a malformed synset line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LoadResult<Synset> ReadSynsets(string path, LoadOptions? options = null)
    {
        string file = CorpusPaths.Require(Path.Combine(CorpusPaths.Locate(path, "usr/share/wordnet"), "data.noun"), "wordnet");
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var synsets = new List<Synset>();
        using var reader = new Utf8LineReader(file);
        while (reader.TryReadLine(out var line))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) || line.Length == 0)
            {
                continue; // the licence header: lines start with two spaces
            }

            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                continue;
            }

            var s = Parse(file, reader.LineNumber, line, out var error);
            if (error is not null)
            {
                report.Malformed(error);
                continue;
            }

            synsets.Add(s!);
            report.CountLoaded();
        }

        return new LoadResult<Synset>(synsets, report.Build());
    }

    // data.noun line: offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...] | gloss
    private static Synset? Parse(string file, long lineNumber, string line, out DataFormatException? error)
    {
        error = null;
        int bar = line.IndexOf(" | ", StringComparison.Ordinal);
        var fields = (bar < 0 ? line : line[..bar]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (bar < 0 || fields.Length < 6)
        {
            error = new DataFormatException(file, lineNumber, bar < 0 ? "gloss" : "1",
                "not a WordNet synset line (expected 'offset lex_filenum ss_type w_cnt word lex_id ... | gloss')", Hints.SkipRow);
            return null;
        }

        if (!int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int lex) || lex >= LexicographerFiles.Count)
        {
            error = new DataFormatException(file, lineNumber, "2 (lex_filenum)", $"bad lexicographer file number \"{fields[1]}\": expected 00..44", Hints.SkipRow);
            return null;
        }

        string gloss = line[(bar + 3)..].Trim();
        return new Synset(lex, fields[4].Replace('_', ' '), gloss);
    }

    private static string AgNewsJoin(string word, string gloss) => Formats.AgNewsCsv.JoinTitle(word, gloss);
}
