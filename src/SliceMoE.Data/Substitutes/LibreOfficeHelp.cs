using System.Net;
using System.Text.RegularExpressions;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// English-German pairs from LibreOffice's help (Debian <c>libreoffice-help-en-us</c> and <c>libreoffice-help-de</c>;
/// MPL-2.0). The help pages under <c>usr/share/libreoffice/help/{en-US,de}/text/</c> have the same file names, and
/// their paragraphs and headings carry the same ids (<c>&lt;p id="par_id..."&gt;</c>), so they align one to one.
/// Markup is removed, entities decoded and whitespace collapsed; each distinct (English, German) pair is one example.
/// Split at random by <see cref="LoadOptions"/>.
/// </summary>
public static partial class LibreOfficeHelp
{
    /// <summary>Loads the pairs from a fetched <c>libreoffice-help</c> folder (or the folder holding <c>en-US</c> and <c>de</c>).</summary>
    public static ParallelCorpus Load(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        string help = CorpusPaths.Locate(path, "usr/share/libreoffice/help");
        string en = Path.Combine(help, "en-US", "text"), de = Path.Combine(help, "de", "text");
        if (!Directory.Exists(en) || !Directory.Exists(de))
        {
            throw new DirectoryNotFoundException($"{en} or {de} is missing: fetch the data set with 'slicemoe data fetch libreoffice-help'.");
        }

        var report = new LoadReportBuilder(options);
        var pairs = new List<SentencePair>();
        var seen = new HashSet<SentencePair>();
        foreach (var enFile in CorpusPaths.Sorted(en, "*.html", SearchOption.AllDirectories))
        {
            string deFile = Path.Combine(de, Path.GetRelativePath(en, enFile));
            if (!File.Exists(deFile))
            {
                continue;
            }

            var german = Paragraphs(deFile);
            foreach (var (id, english) in Paragraphs(enFile))
            {
                if (german.TryGetValue(id, out var g) && english.Length > 0 && g.Length > 0)
                {
                    var p = new SentencePair(english, g);
                    if (seen.Add(p))
                    {
                        pairs.Add(p);
                        report.CountLoaded();
                    }
                }
            }
        }

        return Formats.ParallelTsv.Assemble("libreoffice-help", "en", "de", pairs, null, null, options, report.Build());
    }

    /// <summary>The paragraphs and headings with a <c>par_id</c> of one help page, as plain text by id (the first of a repeated id wins).</summary>
    public static Dictionary<string, string> Paragraphs(string htmlFile)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string html = File.ReadAllText(htmlFile); // one help page: a few kilobytes
        foreach (Match m in Paragraph().Matches(html))
        {
            result.TryAdd(m.Groups["id"].Value, PlainText(m.Groups["body"].Value));
        }

        return result;
    }

    /// <summary>Markup removed, entities decoded, whitespace collapsed.</summary>
    public static string PlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        string text = WebUtility.HtmlDecode(Tag().Replace(html, ""));
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"<(?<tag>p|h[1-6]?) id=""(?<id>par_id[^""]*)""[^>]*>(?<body>.*?)</\k<tag>>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
