using SliceMoE.Training;

namespace SliceMoE.Tests.Training;

/// <summary>Every key's range is checked up front, naming the key, the value and what is allowed.</summary>
public class ConfigValidationTests
{
    [Theory]
    [InlineData("heads", "0", "in 1..1024")]
    [InlineData("slices", "0", "in 1..128")]
    [InlineData("layers", "-1", "in 1..1024")]
    [InlineData("layers", "0", "in 1..1024")]
    [InlineData("dim", "100000", "in 1..65536")]
    [InlineData("beta1", "1.5", "in [0, 1)")]
    [InlineData("beta2", "-0.5", "in [0, 1)")]
    [InlineData("clip_norm", "-1", "in [0, ∞)")]
    [InlineData("epsilon", "-1E-08", "in (0, ∞)")]
    [InlineData("weight_decay", "-0.01", "in [0, ∞)")]
    [InlineData("warmup_steps", "-5", "at least 0")]
    [InlineData("min_learning_rate_ratio", "2", "in [0, 1]")]
    [InlineData("max_eval_examples", "-1", "null or at least 1")]
    [InlineData("log_every", "-1", "at least 1")]
    [InlineData("eval_every", "-1", "at least 0")]
    [InlineData("checkpoint_every", "-1", "at least 0")]
    [InlineData("top_k", "17", "in 1..16")]
    [InlineData("temperature", "0", "in (0, ∞)")]
    public void A_value_out_of_range_is_refused_naming_the_key_the_value_and_the_range(string key, string value, string allowed)
    {
        var e = Assert.Throws<FormatException>(() => ConfigBinder.Apply(new TrainingConfig { Dim = 128 }, [$"--{key}={value}"]));
        Assert.Equal($"config key '{key}' = {value} is not allowed: it must be {allowed}.", e.Message);
    }

    [Fact]
    public void An_out_folder_that_was_not_valid_utf8_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => ConfigBinder.Apply(new TrainingConfig(), ["--out=runs/caf\uFFFD"]));
        Assert.Contains("config key 'out'", e.Message, StringComparison.Ordinal);
        Assert.Contains("valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_with_a_key_twice_names_the_file_and_the_key()
    {
        var e = Assert.Throws<FormatException>(() => ConfigBinder.FromJson("{\"dim\": 64, \"layers\": 2, \"dim\": 128}", "my.json"));
        Assert.Equal("my.json: config key 'dim' appears more than once; keep one of them.", e.Message);
    }

    [Fact]
    public void A_bad_value_in_a_config_file_names_the_file()
    {
        var e = Assert.Throws<FormatException>(() => ConfigBinder.FromJson("{\"beta2\": 1.0}", "my.json"));
        Assert.Equal("my.json: config key 'beta2' = 1 is not allowed: it must be in [0, 1).", e.Message);
    }

    [Fact]
    public void The_defaults_pass_and_a_value_that_is_not_a_number_is_refused_as_it_is_read()
    {
        ConfigBinder.Validate(new TrainingConfig());
        var e = Assert.Throws<FormatException>(() => ConfigBinder.Apply(new TrainingConfig(), ["--learning_rate=NaN"]));
        Assert.StartsWith("command line: config key 'learning_rate'", e.Message, StringComparison.Ordinal);
    }
}
