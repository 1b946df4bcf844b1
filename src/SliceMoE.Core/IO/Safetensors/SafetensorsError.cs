namespace SliceMoE.IO.Safetensors;

/// <summary>Builds <see cref="SafetensorsException"/>s whose messages all start by naming the file.</summary>
internal static class SafetensorsError
{
    public static SafetensorsException Create(SafetensorsErrorKind kind, string? file, string? tensor, string detail, Exception? inner = null) =>
        new(kind, file is null ? detail : $"Safetensors file '{file}': {detail}", file, tensor, inner);

    /// <summary>A tensor name as it appears in messages: quoted, with control characters escaped.</summary>
    public static string Quote(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 2).Append('\'');
        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('\'').ToString();
    }
}
