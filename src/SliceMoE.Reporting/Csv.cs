using System.Text;

namespace SliceMoE.Reporting;

/// <summary>RFC 4180 CSV fields: a field holding a comma, quote, CR or LF (or leading/trailing spaces, which some readers trim) is quoted, with quotes doubled.</summary>
internal static class Csv
{
    public const string LineEnd = "\r\n";

    public static string Field(string value)
    {
        bool quote = value.Length > 0 && (value[0] == ' ' || value[^1] == ' ');
        foreach (char c in value)
        {
            if (c is ',' or '"' or '\r' or '\n')
            {
                quote = true;
                break;
            }
        }

        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Line(IEnumerable<string> fields)
    {
        var sb = new StringBuilder();
        foreach (string f in fields)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(Field(f));
        }

        return sb.Append(LineEnd).ToString();
    }
}
