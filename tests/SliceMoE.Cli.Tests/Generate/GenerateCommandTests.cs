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
}
