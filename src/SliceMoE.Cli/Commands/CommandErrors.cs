using SliceMoE.Data;
using SliceMoE.IO.Safetensors;
using SliceMoE.Text;
using SliceMoE.Training;

namespace SliceMoE.Cli.Commands;

/// <summary>Turns the errors a user can cause (bad files, bad options) into one clear line and exit code 1, not a stack trace.</summary>
internal static class CommandErrors
{
    public static int Run(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is FormatException or DataFormatException or TextDataFormatException or SafetensorsException or CheckpointDamagedException
            or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or KeyNotFoundException or NotSupportedException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
