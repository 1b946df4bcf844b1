using System.Globalization;

namespace SliceMoE.Data.Formats;

/// <summary>The six EMOTION classes (Saravia et al. 2018, as published on the Hugging Face hub as dair-ai/emotion), in label order.</summary>
public static class EmotionLabels
{
    /// <summary>Class names; label <c>i</c> is <c>Names[i]</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sadness", "joy", "love", "anger", "fear", "surprise"];

    /// <summary>Parses a label given as its 0-based number or its name (any case); false when it is neither.</summary>
    public static bool TryParse(string text, out int label)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out label))
        {
            return label < Names.Count;
        }

        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], t, StringComparison.OrdinalIgnoreCase))
            {
                label = i;
                return true;
            }
        }

        label = -1;
        return false;
    }

    internal static DataFormatException BadLabel(string path, long line, string column, string value) =>
        new(path, line, column, $"bad label \"{Text.CsvRecords.Shorten(value)}\": expected 0..5 or one of {string.Join(", ", Names)}", Hints.SkipRow);
}
