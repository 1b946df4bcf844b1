using System.Text.Json;
using SliceMoE.Tests.Support;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Cli.Train;

[Collection(TinyCheckpointsCollection.Name)]
public class TrainCommandTests(TinyCheckpoints checkpoints)
{
    [Fact]
    public void A_run_prints_plain_progress_evaluations_and_a_summary_and_writes_its_files()
    {
        string text = checkpoints.ClassificationOutput;
        Assert.Contains("step 2/8  loss ", text, StringComparison.Ordinal);
        Assert.Contains("ELE ", text, StringComparison.Ordinal);
        Assert.Contains("validation @ step 4: accuracy ", text, StringComparison.Ordinal);
        Assert.Contains("test @ step 8: accuracy ", text, StringComparison.Ordinal);
        Assert.Contains("training summary", text, StringComparison.Ordinal);
        Assert.Contains("completed after 8/8 steps", text, StringComparison.Ordinal);
        foreach (string file in new[] { "checkpoint.safetensors", "metrics.jsonl", "summary.json", "config.json" })
        {
            Assert.True(File.Exists(Path.Combine(checkpoints.Classification, file)), file);
        }

        // One JSON line per log step (every 2 of 8), one per evaluation (validation at 4, then validation and test at 8).
        var lines = File.ReadAllLines(Path.Combine(checkpoints.Classification, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["train", "train", "validation", "train", "train", "validation", "test"], lines.Select(l => l.GetProperty("split").GetString()));
        Assert.Equal(4, lines[0].GetProperty("load")[0].GetArrayLength());
    }

    [Fact]
    public void An_unknown_override_key_is_an_error_that_names_it()
    {
        var (code, text) = CliRunner.Run("train", "--learning_rat=0.1");
        Assert.Equal(1, code);
        Assert.Contains("unknown config key 'learning_rat'. Did you mean 'learning_rate'?", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error_that_names_the_key()
    {
        var (code, text) = CliRunner.Run("train", "--batch_size=big");
        Assert.Equal(1, code);
        Assert.Contains("config key 'batch_size' must be an integer", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_written_with_a_space_says_how_to_write_it()
    {
        var (code, text) = CliRunner.Run("train", "--steps", "10");
        Assert.Equal(1, code);
        Assert.Contains("'--steps 10': write config overrides as one token, --steps=10", text, StringComparison.Ordinal);
        (code, text) = CliRunner.Run("train", "stray");
        Assert.Equal(1, code);
        Assert.Contains("unexpected argument 'stray'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_is_read_then_overridden_and_its_errors_name_the_file_and_key()
    {
        using var dir = new TempDirectory();
        string good = dir.Write("good.json", "{\"dim\": 96, \"steps\": 5}"u8.ToArray());
        var (code, text) = CliRunner.Run("train", "--config", good, "--steps=7", "--print-config");
        Assert.Equal(0, code);
        var config = JsonDocument.Parse(text).RootElement;
        Assert.Equal(96, config.GetProperty("dim").GetInt32());
        Assert.Equal(7, config.GetProperty("steps").GetInt32());

        string bad = dir.Write("bad.json", "{\"dim\": \"96\", \"expertz\": 4}"u8.ToArray());
        (code, text) = CliRunner.Run("train", "--config", bad);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}: config key 'dim' must be an integer", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_the_task_does_not_use_is_a_warning_that_names_it_and_the_task()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = CliRunner.RunApart(["train", .. CliRunner.Tiny("lm", dir.File("lm"), "--label_smoothing=0.1")]);
        Assert.Equal(0, code);
        Assert.Contains("completed after 8/8 steps", output, StringComparison.Ordinal);
        // CliRunner.Tiny caps the training examples, which a language model does not read either.
        Assert.Equal(
            [
                "warning: config key 'max_train_examples' (400) has no effect on task lm: only classification and translation use it. It is ignored.",
                "warning: config key 'label_smoothing' (0.1) has no effect on task lm: only classification and translation use it. It is ignored.",
            ],
            error.TrimEnd().Split(Environment.NewLine));

        // The same key where the task uses it: no warning.
        (code, _, error) = CliRunner.RunApart(["train", .. CliRunner.Tiny("classification", dir.File("cls"), "--label_smoothing=0.1", "--steps=2")]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void A_config_file_key_the_task_does_not_use_is_warned_about_and_print_config_stays_json()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("cls.json", "{\"pooling\": \"first\", \"freeze_encoder\": true}"u8.ToArray());
        var (code, output, error) = CliRunner.RunApart("train", "--config", file, "--task=translation", "--print-config");
        Assert.Equal(0, code);
        Assert.Equal("translation", JsonDocument.Parse(output).RootElement.GetProperty("task").GetString());
        Assert.Equal(
            [
                "warning: config key 'pooling' (first) has no effect on task translation: only classification uses it. It is ignored.",
                "warning: config key 'freeze_encoder' (true) has no effect on task translation: only classification uses it. It is ignored.",
            ],
            error.TrimEnd().Split(Environment.NewLine));

        // A file of every key (--print-config) holds the other tasks' keys at their defaults: no warning.
        (code, output, _) = CliRunner.RunApart("train", "--task=lm", "--print-config");
        Assert.Equal(0, code);
        (code, _, error) = CliRunner.RunApart("train", "--config", dir.Write("lm.json", output), "--print-config");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Resuming_from_a_file_that_is_not_a_checkpoint_is_refused()
    {
        using var dir = new TempDirectory();
        string notes = dir.Write("notes.txt", "not a checkpoint at all"u8.ToArray());
        var (code, text) = CliRunner.Run("train", "--resume", notes);
        Assert.Equal(1, code);
        Assert.Contains($"{notes} is not a SliceMoE.NET checkpoint", text, StringComparison.Ordinal);

        (code, text) = CliRunner.Run("train", "--resume", dir.File("missing.safetensors"));
        Assert.Equal(1, code);
        Assert.Contains("no checkpoint at", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_with_a_different_model_is_refused_naming_the_key()
    {
        var (code, text) = CliRunner.Run("train", "--resume", checkpoints.Classification, "--experts=8");
        Assert.Equal(1, code);
        Assert.Contains("experts = 4 in the checkpoint, 8 requested", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_a_finished_run_with_more_steps_continues_it()
    {
        using var dir = new TempDirectory();
        string first = dir.File("run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("classification", first, "--steps=4", "--eval_every=0")]).Code);
        var (code, text) = CliRunner.Run("train", "--resume", first, "--steps=6");
        Assert.True(code == 0, text);
        Assert.Contains("resumed from", text, StringComparison.Ordinal);
        Assert.Contains("completed after 6/6 steps", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stop_request_writes_a_checkpoint_and_says_how_to_resume()
    {
        using var dir = new TempDirectory();
        var config = SliceMoE.Training.ConfigBinder.Apply(new SliceMoE.Training.TrainingConfig(), CliRunner.Tiny("classification", dir.File("run")));
        using var output = new StringWriter();
        var session = new SliceMoE.Cli.Commands.Train.TrainSession(output, plain: true);
        using var interrupt = new SliceMoE.Cli.Commands.Train.Interrupt();
        using var run = SliceMoE.Training.TrainingRun.Start(config, TaskDatasets.WithoutCache);
        Assert.True(interrupt.Request());
        Assert.False(interrupt.Request());
        var summary = session.Train(run, "tiny", interrupt);
        Assert.Equal("interrupted", summary.Stopped);
        string checkpoint = Path.Combine(dir.File("run"), "checkpoint.safetensors");
        Assert.True(File.Exists(checkpoint));
        Assert.Contains($"interrupted at step 0/8; checkpoint written; resume with: slicemoe train --resume {checkpoint}", output.ToString(), StringComparison.Ordinal);

        var (code, text) = CliRunner.Run("train", "--resume", checkpoint);
        Assert.True(code == 0, text);
        Assert.Contains("completed after 8/8 steps", text, StringComparison.Ordinal);
    }
}
