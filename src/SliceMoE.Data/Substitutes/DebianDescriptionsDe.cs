namespace SliceMoE.Data.Substitutes;

/// <summary>
/// English-German pairs from Debian's description translations: a <c>Translation-de</c> entry and the
/// <c>Translation-en</c> entry with the same <c>Description-md5</c> are aligned paragraph by paragraph (the
/// synopsis first) when both have the same number of paragraphs; each distinct (English, German) paragraph pair is one
/// example (32,788 for Debian 12). Descriptions are under their packages' licences. Split at random.
/// </summary>
public static class DebianDescriptionsDe
{
    /// <summary>Loads the pairs from a fetched <c>debian-descriptions-de</c> folder (or a folder of uncompressed apt lists).</summary>
    /// <exception cref="DataFormatException">On a malformed list line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static ParallelCorpus Load(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        string lists = CorpusPaths.Locate(path, "lists");
        var report = new LoadReportBuilder(options);
        var english = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in DebianDescriptions.ListFiles(lists, "_i18n_Translation-en", "debian-descriptions-de"))
        {
            foreach (var s in DebianControlReader.Read(file, report, f => f is "Description-md5" or "Description-en"))
            {
                if (s.TryGetValue("Description-md5", out var md5) && s.TryGetValue("Description-en", out var text))
                {
                    english.TryAdd(md5, text);
                }
            }
        }

        var pairs = new List<SentencePair>();
        var seen = new HashSet<SentencePair>();
        foreach (var file in DebianDescriptions.ListFiles(lists, "_i18n_Translation-de", "debian-descriptions-de"))
        {
            foreach (var s in DebianControlReader.Read(file, report, f => f is "Description-md5" or "Description-de"))
            {
                if (!s.TryGetValue("Description-md5", out var md5) || !s.TryGetValue("Description-de", out var de) || !english.TryGetValue(md5, out var en))
                {
                    continue;
                }

                var a = DebianControlReader.Paragraphs(en);
                var b = DebianControlReader.Paragraphs(de);
                if (a.Count != b.Count)
                {
                    continue; // translated against another version of the description: no safe alignment
                }

                for (int i = 0; i < a.Count; i++)
                {
                    var p = new SentencePair(a[i], b[i]);
                    if (p.Source.Length > 0 && p.Target.Length > 0 && seen.Add(p))
                    {
                        pairs.Add(p);
                        report.CountLoaded();
                    }
                }
            }
        }

        return Formats.ParallelTsv.Assemble("debian-descriptions-de", "en", "de", pairs, null, null, options, report.Build());
    }
}
