using SliceMoE.IO.Safetensors;
using SliceMoE.Training;

namespace SliceMoE.Cli.Commands;

/// <summary>Finds and checks the checkpoint a command is given, so that a wrong file fails with one clear line.</summary>
internal static class CheckpointFiles
{
    /// <summary>
    /// The checkpoint at <paramref name="path"/> (a run folder stands for its checkpoint.safetensors), after checking that
    /// it is a SliceMoE.NET training checkpoint.
    /// </summary>
    /// <exception cref="FileNotFoundException">When there is no such file.</exception>
    /// <exception cref="FormatException">When the file is not a SliceMoE.NET checkpoint.</exception>
    public static string Resolve(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "checkpoint.safetensors") : path;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"no checkpoint at {file}.", file);
        }

        try
        {
            using var st = SafetensorsFile.Open(file);
            Checkpoint.ReadInfo(st);
        }
        catch (SafetensorsException e)
        {
            throw new FormatException($"{file} is not a SliceMoE.NET checkpoint: {e.Message}", e);
        }

        return file;
    }
}
