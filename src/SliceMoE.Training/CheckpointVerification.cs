using System.Text.Json;
using SliceMoE.IO.Safetensors;

namespace SliceMoE.Training;

/// <summary>The result of checking a checkpoint's tensors against the checksums it recorded when it was written.</summary>
/// <param name="Path">The checkpoint.</param>
/// <param name="HasChecksums">Whether it holds checksums (checkpoints of SliceMoE.NET 0.1 do not, and cannot be checked).</param>
/// <param name="Damaged">Tensors whose bytes differ from what was written (or that have no checksum although the file has checksums).</param>
public sealed record CheckpointCheck(string Path, bool HasChecksums, IReadOnlyList<string> Damaged)
{
    /// <summary>Whether every checked tensor is as written.</summary>
    public bool Intact => Damaged.Count == 0;

    /// <summary>The damaged tensors that are not model parameters (optimizer state, counters, random stream, data position).</summary>
    public IReadOnlyList<string> DamagedTrainingState => [.. Damaged.Where(IsTrainingState)];

    /// <summary>The damaged tensors that are model parameters.</summary>
    public IReadOnlyList<string> DamagedParameters => [.. Damaged.Where(n => !IsTrainingState(n))];

    /// <summary>Names of tensors that hold the trainer's state rather than the model's (the metadata counts as the model's: it rebuilds it).</summary>
    public static bool IsTrainingState(string name) =>
        name.StartsWith("optimizer.", StringComparison.Ordinal) || name.StartsWith("trainer.", StringComparison.Ordinal)
        || name.StartsWith("rng.", StringComparison.Ordinal) || name.StartsWith("data.", StringComparison.Ordinal);
}

/// <summary>A checkpoint whose tensors are not the bytes it recorded when it was written (changed on disk, or cut and patched).</summary>
public sealed class CheckpointDamagedException : Exception
{
    /// <summary>An exception naming the checkpoint and its damaged tensors.</summary>
    public CheckpointDamagedException(CheckpointCheck check)
        : base(Describe(check))
    {
        Check = check;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public CheckpointDamagedException(string message)
        : base(message)
    {
        Check = new CheckpointCheck(string.Empty, false, []);
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public CheckpointDamagedException(string message, Exception inner)
        : base(message, inner)
    {
        Check = new CheckpointCheck(string.Empty, false, []);
    }

    /// <summary>Creates an exception with no message.</summary>
    public CheckpointDamagedException()
        : this("The checkpoint is damaged.")
    {
    }

    /// <summary>What was found.</summary>
    public CheckpointCheck Check { get; }

    /// <summary>One sentence naming the file and up to five damaged tensors.</summary>
    public static string Describe(CheckpointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var names = check.Damaged.Take(5).Select(n => $"'{n}'");
        string more = check.Damaged.Count > 5 ? $" and {check.Damaged.Count - 5} more" : string.Empty;
        return $"{check.Path} is damaged: {check.Damaged.Count} tensor(s) ({string.Join(", ", names)}{more}) are not the bytes it recorded (SHA-256) when it was written. Use an intact copy of the checkpoint.";
    }
}

/// <summary>Checks tensors of a checkpoint against its recorded checksums.</summary>
public static class CheckpointVerification
{
    private const string MetadataPrefix = "__metadata__.";

    private static string Sha256Of(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Checks <paramref name="names"/> (default: every tensor in the file, and the metadata whose checksums it holds): tensor names, or <c>__metadata__.KEY</c> for a metadata value.</summary>
    public static CheckpointCheck Check(SafetensorsFile file, IEnumerable<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue(Checkpoint.ChecksumsKey, out var json))
        {
            return new CheckpointCheck(file.Path, false, []);
        }

        Dictionary<string, string>? recorded;
        try
        {
            recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{file.Path}: __metadata__.{Checkpoint.ChecksumsKey} is not a JSON object of tensor checksums ({e.Message}); the file was damaged.", e);
        }

        recorded ??= [];
        var damaged = new List<string>();
        foreach (var name in names ?? file.Entries.Select(e => e.Name).Concat(recorded.Keys.Where(k => k.StartsWith(MetadataPrefix, StringComparison.Ordinal))))
        {
            string? actual = name.StartsWith(MetadataPrefix, StringComparison.Ordinal)
                ? (file.Metadata.TryGetValue(name[MetadataPrefix.Length..], out var value) ? Sha256Of(value) : null)
                : file.Contains(name) ? file.Sha256(name) : null;
            if (actual is null)
            {
                continue; // a missing tensor or value is the reader's error, with its own message
            }

            if (!recorded.TryGetValue(name, out var expected) || !string.Equals(expected, actual, StringComparison.Ordinal))
            {
                damaged.Add(name);
            }
        }

        return new CheckpointCheck(file.Path, true, damaged);
    }

    /// <summary>Throws <see cref="CheckpointDamagedException"/> unless every tensor of <paramref name="names"/> is as written.</summary>
    public static void Require(SafetensorsFile file, IEnumerable<string> names)
    {
        var check = Check(file, names);
        if (!check.Intact)
        {
            throw new CheckpointDamagedException(check);
        }
    }
}
