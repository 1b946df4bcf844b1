using System.Globalization;
using System.Text;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// Writes the JSON header byte for byte as the official implementation (serde_json, compact) does:
/// <c>{"__metadata__":{...},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},...}</c>, no
/// whitespace, non-ASCII characters as raw UTF-8, only <c>"</c>, <c>\</c> and control characters escaped
/// (<c>\b \f \n \r \t</c>, others as <c>\u00xx</c>), then spaces up to a multiple of 8 bytes.
/// </summary>
internal static class SafetensorsHeaderWriter
{
    /// <summary>One tensor's header entry, already in layout order.</summary>
    public readonly record struct Item(string Name, SafetensorsDtype Dtype, int[] Shape, long Begin, long End);

    public static byte[] Build(IReadOnlyList<KeyValuePair<string, string>> metadata, IReadOnlyList<Item> items)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        if (metadata.Count > 0)
        {
            sb.Append("\"__metadata__\":{");
            for (int i = 0; i < metadata.Count; i++)
            {
                AppendString(sb.Append(i == 0 ? string.Empty : ","), metadata[i].Key).Append(':');
                AppendString(sb, metadata[i].Value);
            }

            sb.Append('}');
            first = false;
        }

        foreach (var item in items)
        {
            AppendString(sb.Append(first ? string.Empty : ","), item.Name);
            sb.Append(":{\"dtype\":\"").Append(item.Dtype.ToHeaderName()).Append("\",\"shape\":[");
            for (int d = 0; d < item.Shape.Length; d++)
            {
                sb.Append(d == 0 ? string.Empty : ",").Append(item.Shape[d].ToString(CultureInfo.InvariantCulture));
            }

            sb.Append("],\"data_offsets\":[").Append(item.Begin.ToString(CultureInfo.InvariantCulture))
              .Append(',').Append(item.End.ToString(CultureInfo.InvariantCulture)).Append("]}");
            first = false;
        }

        sb.Append('}');
        int length = Encoding.UTF8.GetByteCount(sb.ToString());
        sb.Append(' ', ((length + 7) / 8 * 8) - length);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static StringBuilder AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"');
    }
}
