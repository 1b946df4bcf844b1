using System.Globalization;
using System.Text.Json;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Cli.Eval;

[Collection(TinyCheckpointsCollection.Name)]
public class EvalCommandTests(TinyCheckpoints checkpoints)
{
    [Fact]
    public void Eval_of_a_classifier_prints_the_accuracy_training_reported_with_f1_confusion_and_load()
    {
        var (code, text) = CliRunner.Run("eval", checkpoints.Classification, "--split", "test");
        Assert.True(code == 0, text);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoints.Classification, "summary.json")));
        double trained = summary.RootElement.GetProperty("test").GetProperty("accuracy").GetDouble();
        Assert.Contains("accuracy", text, StringComparison.Ordinal);
        Assert.Contains(trained.ToString("F4", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains("macro-F1", text, StringComparison.Ordinal);
        Assert.Contains("confusion matrix", text, StringComparison.Ordinal);
        Assert.Contains("0 noun.act", text, StringComparison.Ordinal);
        Assert.Contains("expert load per MoE layer", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_json_matches_the_training_summary_to_the_bit()
    {
        var (code, text) = CliRunner.Run("eval", Path.Combine(checkpoints.Classification, "checkpoint.safetensors"), "--split", "validation", "--json");
        Assert.True(code == 0, text);
        var report = JsonDocument.Parse(text).RootElement;
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoints.Classification, "summary.json")));
        var validation = summary.RootElement.GetProperty("validation");
        Assert.Equal(validation.GetProperty("loss").GetDouble(), report.GetProperty("loss").GetDouble());
        Assert.Equal(validation.GetProperty("accuracy").GetDouble(), report.GetProperty("accuracy").GetDouble());
        Assert.Equal(48, report.GetProperty("count").GetInt32());
        Assert.Equal(14, report.GetProperty("confusion").GetArrayLength());
        Assert.Equal(48, report.GetProperty("confusion").EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt64())));
        Assert.Equal(64, report.GetProperty("parameters_sha256").GetString()!.Length);
    }

    [Fact]
    public void Eval_of_a_language_model_reports_perplexity()
    {
        var (code, text) = CliRunner.Run("eval", checkpoints.LanguageModel, "--json");
        Assert.True(code == 0, text);
        var report = JsonDocument.Parse(text).RootElement;
        Assert.Equal("lm", report.GetProperty("task").GetString());
        Assert.Equal(Math.Exp(report.GetProperty("loss").GetDouble()), report.GetProperty("perplexity").GetDouble(), 9);
    }

    [Fact]
    public void Eval_with_packed_weights_gives_the_same_loss_in_float32_and_the_rounding_cost_in_bfloat16()
    {
        double Loss(string weights)
        {
            var (code, text) = CliRunner.Run("eval", checkpoints.LanguageModel, "--json", "--weights", weights);
            Assert.True(code == 0, text);
            var report = JsonDocument.Parse(text).RootElement;
            Assert.Equal(weights, report.GetProperty("packed_weights").GetString());
            return report.GetProperty("loss").GetDouble();
        }

        double stored = Loss("none");
        Assert.Equal(stored, Loss("float32"));
        double rounded = Loss("bfloat16");
        Assert.NotEqual(stored, rounded);
        Assert.True(Math.Abs(rounded - stored) < 0.05 * stored, $"bfloat16 loss {rounded} against {stored}");

        var (bad, message) = CliRunner.Run("eval", checkpoints.LanguageModel, "--weights", "int8");
        Assert.NotEqual(0, bad);
        Assert.Contains("--weights: unknown format 'int8' (float32, bfloat16 or none)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_of_a_translator_reports_bleu_on_the_decoded_sentences()
    {
        var (code, text) = CliRunner.Run("eval", checkpoints.Translation, "--limit", "3", "--beam", "2");
        Assert.True(code == 0, text);
        Assert.Contains("BLEU (beam 2, first 3 sentences)", text, StringComparison.Ordinal);
        Assert.Contains("hypothesis: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_refuses_a_file_that_is_not_a_checkpoint_and_an_unknown_split()
    {
        using var dir = new TempDirectory();
        string notes = dir.Write("notes.safetensors", new byte[16]);
        var (code, text) = CliRunner.Run("eval", notes);
        Assert.Equal(1, code);
        Assert.Contains($"{notes} is not a SliceMoE.NET checkpoint", text, StringComparison.Ordinal);

        (code, text) = CliRunner.Run("eval", checkpoints.Classification, "--split", "dev");
        Assert.Equal(1, code);
        Assert.Contains("--split must be train, validation or test, not 'dev'", text, StringComparison.Ordinal);
    }
}
