namespace SliceMoE.IO.Safetensors;

/// <summary>
/// Close names for a tensor that is not in a file, to put in the error message: names at a small edit
/// distance (typos, <c>fc1</c> vs <c>fc2</c>), names that differ by a leading prefix such as <c>module.</c>
/// or <c>model.</c> (DataParallel / wrapper checkpoints), and names in the same dotted parent.
/// </summary>
internal static class NameSuggestions
{
    public const int MaxSuggestions = 5;

    public static List<string> For(string wanted, IEnumerable<string> available)
    {
        int maxDistance = Math.Max(2, wanted.Length / 4);
        string parent = Parent(wanted);
        var scored = new List<(int Score, string Name)>();
        foreach (string name in available)
        {
            if (name.EndsWith("." + wanted, StringComparison.Ordinal) || wanted.EndsWith("." + name, StringComparison.Ordinal))
            {
                scored.Add((0, name));
                continue;
            }

            int d = Levenshtein(wanted, name, maxDistance);
            if (d <= maxDistance)
            {
                scored.Add((d, name));
            }
            else if (parent.Length > 0 && Parent(name) == parent)
            {
                scored.Add((maxDistance + 1, name));
            }
        }

        return scored.OrderBy(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions).Select(s => s.Name).ToList();
    }

    private static string Parent(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot < 0 ? string.Empty : name[..dot];
    }

    /// <summary>Edit distance, or <paramref name="cap"/> + 1 as soon as it must exceed <paramref name="cap"/>.</summary>
    private static int Levenshtein(string a, string b, int cap)
    {
        if (Math.Abs(a.Length - b.Length) > cap)
        {
            return cap + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > cap)
            {
                return cap + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
