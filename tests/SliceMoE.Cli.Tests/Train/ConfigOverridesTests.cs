using SliceMoE.Cli.Commands.Train;

namespace SliceMoE.Tests.Cli.Train;

public class ConfigOverridesTests
{
    [Fact]
    public void Key_value_tokens_pass_and_apply_over_the_defaults()
    {
        var tokens = ConfigOverrides.Parse(["--dim=64", "--learning_rate=3e-4", "--out=a=b"]);
        var c = ConfigOverrides.Build(null, tokens);
        Assert.Equal((64, 3e-4, "a=b"), (c.Dim, c.LearningRate, c.Out));
    }

    [Theory]
    [InlineData("dim=64")]
    [InlineData("--=3")]
    [InlineData("-d")]
    public void Anything_else_is_refused(string token)
    {
        var e = Assert.Throws<FormatException>(() => ConfigOverrides.Parse([token]));
        Assert.Contains($"unexpected argument '{token}'", e.Message, StringComparison.Ordinal);
    }
}
