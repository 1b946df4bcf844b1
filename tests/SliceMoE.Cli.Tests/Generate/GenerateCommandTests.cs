namespace SliceMoE.Tests.Cli.Generate;

[Collection(TinyCheckpointsCollection.Name)]
public class GenerateCommandTests(TinyCheckpoints checkpoints)
{
    [Fact]
    public void Generate_continues_the_prompt_and_the_same_seed_gives_the_same_text()
    {
        string[] args = ["generate", checkpoints.LanguageModel, "--prompt", "the people of the united states", "--tokens", "12", "--seed", "5"];
        var (code, first) = CliRunner.Run(args);
        Assert.True(code == 0, first);
        Assert.StartsWith("the people of the united states", first, StringComparison.Ordinal);
        Assert.True(first.Trim().Split(' ').Length > 6, first);
        Assert.Equal(first, CliRunner.Run(args).Output);
    }

    [Fact]
    public void Generate_refuses_a_checkpoint_that_is_not_a_language_model()
    {
        var (code, text) = CliRunner.Run("generate", checkpoints.Classification, "--prompt", "hello");
        Assert.Equal(1, code);
        Assert.Contains("is a checkpoint of task classification; this needs a language model (task lm)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.8")]
    public void The_onnxruntime_engine_writes_the_native_text(string temperature)
    {
        string[] args = ["generate", checkpoints.LanguageModel, "--prompt", "the people of the united states", "--tokens", "15", "--temperature", temperature];
        var (code, native) = CliRunner.Run([.. args, "--engine", "native"]);
        Assert.True(code == 0, native);
        var (onnxCode, onnx) = CliRunner.Run([.. args, "--engine", "onnxruntime"]);
        Assert.True(onnxCode == 0, onnx);
        Assert.Equal(native, onnx);
    }

    [Fact]
    public void An_unknown_engine_is_refused_with_the_choices()
    {
        var (code, text) = CliRunner.Run("generate", checkpoints.LanguageModel, "--prompt", "hello", "--engine", "torch");
        Assert.Equal(1, code);
        Assert.Contains("--engine torch is not an engine: use --engine native (ours) or --engine onnxruntime", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_onnxruntime_engine_refuses_a_checkpoint_that_is_not_a_language_model()
    {
        var (code, text) = CliRunner.Run("generate", checkpoints.Translation, "--prompt", "hello", "--engine", "onnxruntime");
        Assert.Equal(1, code);
        Assert.Contains("is a checkpoint of task translation; this needs a language model (task lm)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_onnxruntime_engine_refuses_a_prompt_longer_than_the_context()
    {
        string prompt = string.Join(' ', Enumerable.Repeat("the people", 20));
        var (code, text) = CliRunner.Run("generate", checkpoints.LanguageModel, "--prompt", prompt, "--engine", "onnxruntime");
        Assert.Equal(1, code);
        Assert.Contains("but the model's context is 24: shorten it to at most 23 tokens", text, StringComparison.Ordinal);
    }
}
