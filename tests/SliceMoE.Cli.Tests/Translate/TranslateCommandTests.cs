using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Cli.Translate;

[Collection(TinyCheckpointsCollection.Name)]
public class TranslateCommandTests(TinyCheckpoints checkpoints)
{
    [Fact]
    public void Translate_prints_one_line_per_input_line()
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.txt", "Click the button.\n\nOpen the file menu.\n"u8.ToArray());
        var (code, text) = CliRunner.Run("translate", checkpoints.Translation, "--input", input, "--beam", "2");
        Assert.True(code == 0, text);
        var lines = text.Split('\n');
        Assert.Equal(4, lines.Length); // three outputs (the empty line translates to an empty line) and the final newline
        Assert.Equal(string.Empty, lines[1]);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Fact]
    public void Translate_refuses_a_checkpoint_that_is_not_a_translator_and_two_inputs()
    {
        var (code, text) = CliRunner.Run("translate", checkpoints.LanguageModel, "--text", "hello");
        Assert.Equal(1, code);
        Assert.Contains("is a checkpoint of task lm; this needs a translation model (task translation)", text, StringComparison.Ordinal);
        (code, text) = CliRunner.Run("translate", checkpoints.Translation, "--text", "a", "--input", "b.txt");
        Assert.Equal(1, code);
        Assert.Contains("Give --text or --input, not both", text, StringComparison.Ordinal);
    }
}
