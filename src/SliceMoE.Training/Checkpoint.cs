using SliceMoE.IO.Safetensors;
using SliceMoE.Modules;
using SliceMoE.Numerics;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>Everything a checkpoint restores besides the parameters.</summary>
/// <param name="Config">The run's configuration.</param>
/// <param name="TokenizerKind">word, bpe, gpt2 or bert.</param>
/// <param name="Tokenizer">The word-level or subword vocabulary file (empty for shipped vocabularies).</param>
/// <param name="Step">Optimiser steps done.</param>
/// <param name="BestScore">Best validation score so far (early stopping).</param>
/// <param name="BadEvaluations">Evaluations since the best.</param>
public sealed record CheckpointInfo(TrainingConfig Config, string TokenizerKind, string Tokenizer, int Step, double BestScore, int BadEvaluations);

/// <summary>
/// Checkpoints in safetensors: the parameters under their PyTorch names, AdamW's moments
/// (optimizer.exp_avg.&lt;name&gt;, optimizer.exp_avg_sq.&lt;name&gt;, optimizer.step), the random streams (rng.train), the data
/// position (data.sampler, data.order), the trainer's counters, and in the metadata the config (JSON), the
/// tokenizer and the SHA-256 of every tensor's bytes (<see cref="ChecksumsKey"/>), so that a tensor changed on disk is
/// found before it is used. Written to a temporary file in the same folder, flushed, then renamed over the old one.
/// </summary>
public static class Checkpoint
{
    /// <summary>Format tag in the metadata.</summary>
    public const string Format = "slicemoe-checkpoint/1";

    /// <summary>The metadata a checkpoint checksums (the format tag and the checksums themselves are not).</summary>
    private static readonly string[] MetadataKeys = ["config", "tokenizer_kind", "tokenizer"];

    /// <summary>The metadata key of the tensors' checksums: a JSON object of tensor name → SHA-256 (lowercase hex) of its bytes.</summary>
    public const string ChecksumsKey = "sha256";

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Save(string path, CheckpointInfo info, ParameterStore<float> store, AdamW<float> optimizer, Rng trainRng, EpochSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(trainRng);
        ArgumentNullException.ThrowIfNull(sampler);
        var w = new ChecksummedWriter();
        w.Writer.SetMetadata("format", Format);
        w.SetMetadata("config", ConfigBinder.ToJson(info.Config));
        w.SetMetadata("tokenizer_kind", info.TokenizerKind);
        w.SetMetadata("tokenizer", info.Tokenizer);
        foreach (var p in store.Parameters)
        {
            w.Add(p.Name, p.Value.Span, [.. p.Shape]);
            w.Add("optimizer.exp_avg." + p.Name, optimizer.FirstMoment.Span.Slice((int)p.Offset, (int)p.Length), [.. p.Shape]);
            w.Add("optimizer.exp_avg_sq." + p.Name, optimizer.SecondMoment.Span.Slice((int)p.Offset, (int)p.Length), [.. p.Shape]);
        }

        w.Add("optimizer.step", [optimizer.StepCount], [1]);
        w.Add("trainer.step", [(long)info.Step], [1]);
        w.Add("trainer.best_score", [info.BestScore], [1]);
        w.Add("trainer.bad_evaluations", [(long)info.BadEvaluations], [1]);
        w.Add("rng.train", trainRng.GetState().Select(u => unchecked((long)u)).ToArray(), [6]);
        var (header, order) = sampler.GetState();
        w.Add("data.sampler", header, [header.Length]);
        w.Add("data.order", order, [order.Length]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        w.Save(path, ChecksumsKey);
    }

    /// <summary>Reads the metadata and counters of a checkpoint.</summary>
    /// <exception cref="FormatException">When the file is not a SliceMoE.NET checkpoint.</exception>
    public static CheckpointInfo ReadInfo(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
        {
            throw new FormatException($"{file.Path} is not a SliceMoE.NET training checkpoint (its __metadata__.format is '{format ?? "missing"}', expected '{Format}').");
        }

        CheckpointVerification.Require(file, ["trainer.step", "trainer.best_score", "trainer.bad_evaluations", .. MetadataKeys.Select(ChecksummedWriter.MetadataName)]);
        var config = ConfigBinder.FromJson(RequiredMetadata(file, "config"), $"{file.Path} __metadata__.config");
        using var bestScore = file.ReadFloat64("trainer.best_score");
        return new CheckpointInfo(
            config, RequiredMetadata(file, "tokenizer_kind"), file.Metadata.GetValueOrDefault("tokenizer", string.Empty),
            (int)file.ReadInt64("trainer.step")[0], bestScore.Span[0], (int)file.ReadInt64("trainer.bad_evaluations")[0]);
    }

    /// <summary>Restores parameters, optimiser, random stream and data position from <paramref name="file"/>, checking every tensor's checksum first.</summary>
    /// <exception cref="SafetensorsException">When a tensor is missing or has the wrong shape (the model does not match).</exception>
    /// <exception cref="CheckpointDamagedException">When a tensor's bytes are not those the checkpoint recorded.</exception>
    public static void Restore(SafetensorsFile file, ParameterStore<float> store, AdamW<float> optimizer, Rng trainRng, EpochSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(trainRng);
        ArgumentNullException.ThrowIfNull(sampler);
        LoadParameters(file, store);
        CheckpointVerification.Require(file, [
            .. store.Parameters.SelectMany(p => new[] { "optimizer.exp_avg." + p.Name, "optimizer.exp_avg_sq." + p.Name }),
            "optimizer.step", "rng.train", "data.sampler", "data.order"]);
        foreach (var p in store.Parameters)
        {
            using (var m = file.ReadFloat32("optimizer.exp_avg." + p.Name, [.. p.Shape]))
            {
                m.Span.CopyTo(optimizer.FirstMoment.Span.Slice((int)p.Offset, (int)p.Length));
            }

            using var v = file.ReadFloat32("optimizer.exp_avg_sq." + p.Name, [.. p.Shape]);
            v.Span.CopyTo(optimizer.SecondMoment.Span.Slice((int)p.Offset, (int)p.Length));
        }

        optimizer.StepCount = file.ReadInt64("optimizer.step")[0];
        trainRng.SetState(file.ReadInt64("rng.train").Select(l => unchecked((ulong)l)).ToArray());
        sampler.SetState(file.ReadInt64("data.sampler"), file.ReadInt32("data.order"));
    }

    /// <summary>Copies every parameter of <paramref name="store"/> from the file (by name, exact shapes), after checking their checksums.</summary>
    /// <exception cref="CheckpointDamagedException">When a parameter's bytes are not those the checkpoint recorded.</exception>
    public static void LoadParameters(SafetensorsFile file, ParameterStore<float> store)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(store);
        CheckpointVerification.Require(file, store.Parameters.Select(p => p.Name));
        foreach (var p in store.Parameters)
        {
            using var t = file.ReadFloat32(p.Name, [.. p.Shape]);
            t.Span.CopyTo(p.Value.Span);
        }
    }

    private static string RequiredMetadata(SafetensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var value)
            ? value
            : throw new FormatException($"{file.Path} lacks __metadata__.{key}, which every SliceMoE.NET checkpoint holds: the file was damaged or not written by SliceMoE.NET.");
}
