using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Execution;

/// <summary>Receives a reproduction's progress (the CLI prints a line per event; tests collect them).</summary>
public interface IReproductionProgress
{
    /// <summary>A run begins (<paramref name="resumeStep"/>: the checkpoint's step when it continues an interrupted run).</summary>
    void RunStarted(int index, int total, RunSpec run, int? resumeStep, TimeSpan? eta);

    /// <summary>A run finished.</summary>
    void RunFinished(int index, int total, RunSpec run, RunResult result, TimeSpan? eta);

    /// <summary>A run was already done in an earlier invocation.</summary>
    void RunSkipped(int index, int total, RunSpec run);

    /// <summary>A line of detail (data loaded, GloVe coverage, report written).</summary>
    void Log(string message);
}
