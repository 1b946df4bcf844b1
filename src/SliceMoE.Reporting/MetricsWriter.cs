using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;

namespace SliceMoE.Reporting;

/// <summary>
/// Appends metric rows (one per step, epoch or run) to a JSON Lines file and a CSV file with the same columns
/// in the same order. Each row is flushed as it is written, so a run that dies keeps every row it logged.
/// Values: null is JSON null and an empty CSV field; doubles are written in shortest round-trip form, NaN and
/// ±Infinity as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them); strings, booleans,
/// integers and other values as themselves (IFormattable with the invariant culture). The CSV is written by CsvHelper:
/// RFC 4180 (CRLF line ends, fields with a comma, quote, CR or LF quoted with quotes doubled), and fields that start or
/// end with a space or tab quoted too, so that readers that trim keep them.
/// </summary>
public sealed class MetricsWriter : IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly CsvWriterOptions CsvOptions = new() { Quoting = CsvQuoting.WhenNeededOrWhitespace };
    private readonly StreamWriter _jsonl;
    private readonly CsvWriter _csv;
    private readonly Dictionary<string, int> _index;
    private bool _disposed;

    /// <summary>Creates (or, with <paramref name="append"/>, extends) the two files. A new CSV file starts with the header row.</summary>
    /// <exception cref="ArgumentException">When there are no columns or two share a name.</exception>
    public MetricsWriter(string jsonlPath, string csvPath, IEnumerable<string> columns, bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsonlPath);
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        if (Columns.Count == 0)
        {
            throw new ArgumentException("A metrics file needs at least one column.", nameof(columns));
        }

        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] is null || !_index.TryAdd(Columns[i], i))
            {
                throw new ArgumentException($"Column '{Columns[i]}' is null or appears twice.", nameof(columns));
            }
        }

        var encoding = new UTF8Encoding(false);
        bool csvHasContent = append && File.Exists(csvPath) && new FileInfo(csvPath).Length > 0;
        _jsonl = new StreamWriter(jsonlPath, append, encoding) { NewLine = "\n" };
        _csv = CsvWriter.Create(new FileStream(csvPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read), CsvOptions, leaveOpen: false);
        if (!csvHasContent)
        {
            _csv.WriteHeader([.. Columns]);
            _csv.Flush();
        }
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Writes a row given positionally, one value per column.</summary>
    /// <exception cref="ArgumentException">When the value count differs from the column count.</exception>
    public void Write(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"Expected {Columns.Count} values ({string.Join(", ", Columns)}), got {values.Length}.", nameof(values));
        }

        WriteRow(values);
    }

    /// <summary>Writes a row given by column name; missing columns are null.</summary>
    /// <exception cref="ArgumentException">When a name is not one of the columns.</exception>
    public void Write(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var values = new object?[Columns.Count];
        foreach (var (name, value) in row)
        {
            if (!_index.TryGetValue(name, out int i))
            {
                throw new ArgumentException($"'{name}' is not a column ({string.Join(", ", Columns)}).", nameof(row));
            }

            values[i] = value;
        }

        WriteRow(values);
    }

    /// <summary>Flushes and closes both files.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _jsonl.Dispose();
        _csv.Dispose();
    }

    /// <summary>The JSON object for one row (no trailing newline).</summary>
    internal static string JsonLine(IReadOnlyList<string> columns, IReadOnlyList<object?> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            for (int i = 0; i < columns.Count; i++)
            {
                json.WritePropertyName(columns[i]);
                WriteJsonValue(json, values[i]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The CSV text of one value.</summary>
    internal static string CsvText(object? value) => value switch
    {
        null => string.Empty,
        double d => FormatDouble(d),
        float f => double.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : FormatDouble(f),
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private void WriteRow(object?[] values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _jsonl.WriteLine(JsonLine(Columns, values));
        _jsonl.Flush();
        _csv.WriteRecord([.. values.Select(CsvText)]);
        _csv.Flush();
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case double d: json.WriteStringValue(FormatDouble(d)); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case float f: json.WriteStringValue(FormatDouble(f)); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case bool b: json.WriteBooleanValue(b); break;
            case decimal m: json.WriteNumberValue(m); break;
            case string s: json.WriteStringValue(s); break;
            default: json.WriteStringValue(CsvText(value)); break;
        }
    }

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", CultureInfo.InvariantCulture);
}
