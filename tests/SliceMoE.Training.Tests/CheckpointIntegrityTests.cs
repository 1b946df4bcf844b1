using SliceMoE.IO.Safetensors;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

/// <summary>A checkpoint changed on disk is found before its tensors are used, and named.</summary>
public class CheckpointIntegrityTests
{
    private static string TinyCheckpoint(TempDirectory dir)
    {
        var config = ConfigBinder.Apply(new TrainingConfig { Out = dir.File("run") },
        [
            "--task=classification", "--dataset=sample", "--dim=16", "--layers=1", "--heads=2", "--slices=4", "--experts=4", "--router_hidden=8",
            "--max_length=16", "--batch_size=8", "--steps=2", "--vocabulary_size=400", "--eval_every=0", "--max_train_examples=64", "--max_eval_examples=8",
        ]);
        using var run = TrainingRun.Start(config, TaskDatasets.WithoutCache);
        run.Run();
        return run.CheckpointPath;
    }

    /// <summary>Flips one byte in the middle of <paramref name="tensor"/>'s data, as a disk error or a stray write would.</summary>
    private static void FlipByteOf(string path, string tensor)
    {
        long offset;
        using (var file = SafetensorsFile.Open(path))
        {
            var e = file.GetEntry(tensor);
            offset = new FileInfo(path).Length - file.Entries.Max(x => x.End) + e.Begin + (e.ByteLength / 2);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x10));
    }

    [Fact]
    public void An_intact_checkpoint_passes_every_check()
    {
        using var dir = new TempDirectory();
        string path = TinyCheckpoint(dir);
        using var file = SafetensorsFile.Open(path);
        var check = CheckpointVerification.Check(file);
        Assert.True(check.HasChecksums);
        Assert.True(check.Intact, string.Join(", ", check.Damaged));
        Assert.Equal(file.Entries.Count, file.Entries.Count(e => !check.Damaged.Contains(e.Name)));
    }

    [Fact]
    public void Resume_refuses_damaged_optimizer_state_naming_the_tensor_but_the_parameters_still_evaluate()
    {
        using var dir = new TempDirectory();
        string path = TinyCheckpoint(dir);
        string tensor = "optimizer.exp_avg_sq.head.weight";
        FlipByteOf(path, tensor);

        var e = Assert.Throws<CheckpointDamagedException>(() => TrainingRun.Resume(path, TaskDatasets.WithoutCache));
        Assert.Equal([tensor], e.Check.Damaged);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{tensor}'", e.Message, StringComparison.Ordinal);

        using var evaluation = TrainingRun.ForEvaluation(path, TaskDatasets.WithoutCache);
        Assert.Equal(2, evaluation.Step);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([tensor], CheckpointVerification.Check(file).DamagedTrainingState);
    }

    [Fact]
    public void A_damaged_parameter_is_refused_even_for_evaluation_and_loading()
    {
        using var dir = new TempDirectory();
        string path = TinyCheckpoint(dir);
        FlipByteOf(path, "embed_tokens.weight");
        var e = Assert.Throws<CheckpointDamagedException>(() => TrainingRun.ForEvaluation(path, TaskDatasets.WithoutCache));
        Assert.Equal(["embed_tokens.weight"], e.Check.DamagedParameters);
    }

    [Fact]
    public void A_checkpoint_without_its_config_says_which_metadata_is_missing()
    {
        using var dir = new TempDirectory();
        string path = TinyCheckpoint(dir);
        var w = new SafetensorsWriter();
        using (var file = SafetensorsFile.Open(path))
        {
            w.SetMetadata("format", Checkpoint.Format);
            w.Add("trainer.step", file.ReadInt64("trainer.step"), [1]);
            w.Add("trainer.bad_evaluations", file.ReadInt64("trainer.bad_evaluations"), [1]);
            using var best = file.ReadFloat64("trainer.best_score");
            w.Add("trainer.best_score", best.Span, [1]);
        }

        string bare = dir.File("bare.safetensors");
        w.Save(bare);
        var e = Assert.Throws<FormatException>(() => TrainingRun.Resume(bare, TaskDatasets.WithoutCache));
        Assert.Contains("lacks __metadata__.config", e.Message, StringComparison.Ordinal);
        Assert.Contains(bare, e.Message, StringComparison.Ordinal);
    }
}
