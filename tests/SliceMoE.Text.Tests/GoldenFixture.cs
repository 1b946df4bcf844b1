using System.Text.Json;

namespace SliceMoE.Tests.Text;

/// <summary>One entry of a golden tokenizer file: a text and the ids a reference implementation gave it.</summary>
internal sealed record GoldenCase(string Text, int[] Ids);

/// <summary>The golden files of <c>Fixtures/</c> and the hand-picked texts they start with (<c>tools/golden/cases.json</c>).</summary>
internal static class GoldenFixture
{
    private static readonly Lazy<IReadOnlyList<string>> HandPicked = new(() =>
        JsonSerializer.Deserialize<string[]>(File.ReadAllBytes(Repository.PathOf("tools/golden/cases.json")))!);

    /// <summary>The texts of <c>tools/golden/cases.json</c>, in order.</summary>
    public static IReadOnlyList<string> Cases() => HandPicked.Value;

    /// <summary>Every entry of <c>tests/SliceMoE.Text.Tests/Fixtures/<paramref name="name"/></c>, in order.</summary>
    public static IReadOnlyList<GoldenCase> Read(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Repository.PathOf($"tests/SliceMoE.Text.Tests/Fixtures/{name}")));
        return doc.RootElement.EnumerateArray()
            .Select(e => new GoldenCase(e.GetProperty("text").GetString()!, e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToArray();
    }
}
