namespace SliceMoE.Data;

/// <summary>
/// A data file that does not have the format its loader expects. The message names the file, the 1-based line,
/// the column (a field name or 1-based number) when known, what is wrong and how to fix it or skip it.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates an exception for a problem at <paramref name="file"/>:<paramref name="line"/>, column <paramref name="column"/>.</summary>
    public DataFormatException(string file, long line, string? column, string problem, string? fix = null, Exception? inner = null)
        : base(Format(file, line, column, problem, fix), inner)
    {
        FilePath = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Creates an exception with a message only (prefer the constructor that names the place).</summary>
    public DataFormatException(string message)
        : base(message)
    {
        FilePath = "";
        Problem = message;
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public DataFormatException(string message, Exception inner)
        : base(message, inner)
    {
        FilePath = "";
        Problem = message;
    }

    /// <summary>Creates an exception with no message (for serializers and frameworks).</summary>
    public DataFormatException()
        : this("The data file does not have the expected format.")
    {
    }

    /// <summary>
    /// The error for a file that yields nothing to learn from: empty, blank, only a header, or every row malformed and
    /// skipped (<paramref name="skipped"/>). <paramref name="what"/> names what it should hold ("examples", "documents").
    /// </summary>
    public static DataFormatException NoExamples(string file, int skipped, string what = "examples") =>
        new(file, 0, null,
            skipped > 0 ? $"holds no {what}: all {skipped} of its rows were malformed and skipped" : $"holds no {what}: it is empty or blank{(what == "examples" ? ", or only a header" : string.Empty)}",
            "a split needs at least one; check that this is the file you meant");

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line where the problem is (0 when it concerns the file as a whole).</summary>
    public long Line { get; }

    /// <summary>The field name or 1-based column number, when the problem is in one field.</summary>
    public string? Column { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Problem { get; }

    private static string Format(string file, long line, string? column, string problem, string? fix)
    {
        string place = line > 0 ? $"{file}:{line}" : file;
        if (column is not null)
        {
            place += $", column {column}";
        }

        string message = $"{place}: {problem}";
        return fix is null ? message : $"{message} ({fix})";
    }
}
