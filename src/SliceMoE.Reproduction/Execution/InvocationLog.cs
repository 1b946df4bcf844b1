namespace SliceMoE.Reproduction.Execution;

/// <summary>
/// <c>OUT/invocations.json</c>: one entry per <c>reproduce</c> command that worked on this folder (an interrupted
/// reproduction is finished by a later one), so the report's wall time is the sum of all of them.
/// </summary>
public sealed record InvocationLog(IReadOnlyList<Invocation> Invocations)
{
    /// <summary>The file name.</summary>
    public const string FileName = "invocations.json";

    /// <summary>Total wall time over every invocation.</summary>
    public double TotalSeconds => Invocations.Sum(i => i.Seconds);

    /// <summary>Runs trained over every invocation.</summary>
    public int RunsExecuted => Invocations.Sum(i => i.RunsExecuted);

    /// <summary>The log in <paramref name="directory"/>, or an empty one.</summary>
    public static InvocationLog Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        return File.Exists(path) ? ResultJson.Read<InvocationLog>(path) : new InvocationLog([]);
    }

    /// <summary>This log with <paramref name="invocation"/> in place of the entry that started at the same time (or appended).</summary>
    public InvocationLog With(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new InvocationLog([.. Invocations.Where(i => i.StartedUtc != invocation.StartedUtc), invocation]);
    }

    /// <summary>Writes the log into <paramref name="directory"/>.</summary>
    public void Write(string directory) => ResultJson.Write(Path.Combine(directory, FileName), this);
}

/// <summary>One <c>reproduce</c> command.</summary>
/// <param name="StartedUtc">When it started.</param>
/// <param name="Seconds">Wall time up to its last report (or interruption).</param>
/// <param name="RunsExecuted">Runs it trained (skipped ones not counted).</param>
/// <param name="Completed">Whether every run of the plan was done when it ended.</param>
/// <param name="Command">The command line.</param>
public sealed record Invocation(DateTimeOffset StartedUtc, double Seconds, int RunsExecuted, bool Completed, string Command);
