using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace SliceMoE.Data.Text;

/// <summary>One CSV record with the line it starts on and what was wrong with it, if anything.</summary>
/// <param name="Fields">The fields, unquoted (empty for a record that could not be read).</param>
/// <param name="Line">1-based line where the record starts.</param>
/// <param name="Error">Invalid UTF-8 or broken quoting in the record; null when it parsed cleanly.</param>
internal readonly record struct CsvRecord(string[] Fields, long Line, DataFormatException? Error);

/// <summary>
/// Reads RFC 4180 CSV with CsvHelper's UTF-8 reader, one record at a time (blank lines are not records), and turns what CsvHelper reports
/// (malformed quoting, with its line) and what it does not check (UTF-8 validity of the fields) into
/// <see cref="DataFormatException"/>s carrying file, line and column.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(string path, char separator = ',')
    {
        var pending = new Queue<CsvMalformedRecord>();
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = pending.Enqueue,
        };
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = CsvReader.Create(stream, options, false);
        while (true)
        {
            bool has = reader.Read();
            while (pending.Count > 0)
            {
                var bad = pending.Dequeue();
                yield return new CsvRecord([], bad.LineNumber, new DataFormatException(path, bad.LineNumber, null,
                    $"malformed CSV quoting ({Describe(bad.Reason)}) in: {Shorten(bad.RawRecord)}",
                    "quote fields that contain commas or quotes, doubling the quotes inside them, or " + Hints.SkipRow));
            }

            if (!has)
            {
                yield break;
            }

            var fields = new string[reader.FieldCount];
            DataFormatException? error = null;
            for (int i = 0; i < fields.Length; i++)
            {
                var span = reader.GetSpan(i);
                if (error is null && !Utf8.IsValid(span))
                {
                    error = Utf8LineReader.InvalidUtf8(path, reader.LineNumber, (i + 1).ToString(CultureInfo.InvariantCulture), span, "field");
                }

                fields[i] = Encoding.UTF8.GetString(span);
            }

            // A blank line is no record (as pandas' skip_blank_lines): a file of blank lines holds no examples.
            if (error is null && fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return new CsvRecord(fields, reader.LineNumber, error);
        }
    }

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field that is never closed",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside quotes",
        CsvMalformedReason.FieldCountMismatch => "wrong number of fields",
        _ => reason.ToString(),
    };
}
