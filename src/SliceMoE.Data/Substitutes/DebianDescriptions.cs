using System.Text.RegularExpressions;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// Debian package descriptions classified by archive section: the AG NEWS stand-in (short topical texts, a
/// few classes). Reads apt's uncompressed lists (<c>*_Packages</c> for each package's Section and Description-md5,
/// <c>*_i18n_Translation-en</c> for the long descriptions). Kept: packages in the <see cref="Sections"/> (topical
/// sections, not language ecosystems, libraries or catch-alls like <c>utils</c> and <c>misc</c>), whose names are
/// not libraries or companion packages (<see cref="IsCompanionPackage"/>), one example per distinct description.
/// An example's text is the synopsis and the extended description, paragraphs joined by spaces.
/// </summary>
public static partial class DebianDescriptions
{
    /// <summary>The 18 sections kept, in label order: the largest topical sections of Debian 12 main.</summary>
    public static IReadOnlyList<string> Sections { get; } =
    [
        "admin", "database", "editors", "electronics", "fonts", "games", "gnome", "graphics", "kde", "mail",
        "math", "net", "science", "sound", "text", "video", "web", "x11",
    ];

    /// <summary>Whether a package is a library or a companion of another package (-dev, -doc, -dbg, -data, -common), whose description repeats its main package's.</summary>
    public static bool IsCompanionPackage(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("lib", StringComparison.Ordinal) || CompanionSuffix().IsMatch(name);
    }

    /// <summary>Loads the stand-in from a fetched <c>debian-descriptions</c> folder (or a folder of uncompressed apt lists).</summary>
    /// <exception cref="DataFormatException">On a malformed list line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static TextClassificationDataset Load(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        string lists = CorpusPaths.Locate(path, "lists");
        var report = new LoadReportBuilder(options);
        var sectionLabel = Sections.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);

        // Pass 1: which descriptions (by md5) we want, and their section; the first package with a description wins.
        var wanted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in ListFiles(lists, "_Packages", "debian-descriptions"))
        {
            foreach (var s in DebianControlReader.Read(file, report, f => f is "Package" or "Section" or "Description-md5"))
            {
                if (!s.TryGetValue("Package", out var package) || !s.TryGetValue("Description-md5", out var md5) || !s.TryGetValue("Section", out var section))
                {
                    continue;
                }

                section = section[(section.LastIndexOf('/') + 1)..]; // contrib/net -> net
                if (sectionLabel.TryGetValue(section, out int label) && !IsCompanionPackage(package))
                {
                    wanted.TryAdd(md5, label);
                }
            }
        }

        // Pass 2: the long descriptions of those md5s.
        var examples = new List<LabeledText>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in ListFiles(lists, "_i18n_Translation-en", "debian-descriptions"))
        {
            foreach (var s in DebianControlReader.Read(file, report, f => f is "Description-md5" or "Description-en"))
            {
                if (s.TryGetValue("Description-md5", out var md5) && wanted.TryGetValue(md5, out int label) && s.TryGetValue("Description-en", out var text) && seen.Add(md5))
                {
                    examples.Add(new LabeledText(string.Join(' ', DebianControlReader.Paragraphs(text)), label));
                    report.CountLoaded();
                }
            }
        }

        return Formats.ClassificationFiles.Assemble("debian-descriptions", Sections, examples, null, null, options, report.Build());
    }

    /// <summary>The uncompressed apt list files whose names end with <paramref name="suffix"/>, sorted.</summary>
    internal static string[] ListFiles(string lists, string suffix, string dataSet)
    {
        var files = CorpusPaths.Sorted(lists, "*" + suffix);
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No *{suffix} file in {lists}: fetch the data set with 'slicemoe data fetch {dataSet}'.");
        }

        return files;
    }

    [GeneratedRegex(@"-(dev|doc|dbg|dbgsym|data|common)$", RegexOptions.CultureInvariant)]
    private static partial Regex CompanionSuffix();
}
