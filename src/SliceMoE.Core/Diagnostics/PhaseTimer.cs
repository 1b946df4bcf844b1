using System.Diagnostics;

namespace SliceMoE.Diagnostics;

/// <summary>
/// Accumulates wall time per named phase (e.g. router, dispatch, expert GEMMs, combine) for benchmark breakdowns.
/// A layer calls <see cref="Lap"/> at each phase boundary; the time since the previous lap goes to that phase.
/// Not thread-safe: one timer per thread of calls (a layer, or a model whose layers run one after another).
/// </summary>
public sealed class PhaseTimer
{
    private readonly Dictionary<string, double> _seconds = new(StringComparer.Ordinal);
    private long _last = Stopwatch.GetTimestamp();

    /// <summary>Seconds accumulated per phase, in first-seen order.</summary>
    public IReadOnlyDictionary<string, double> Seconds => _seconds;

    /// <summary>Starts timing from now (the time before is not attributed).</summary>
    public void Start() => _last = Stopwatch.GetTimestamp();

    /// <summary>Attributes the time since the previous lap (or <see cref="Start"/>) to <paramref name="phase"/>.</summary>
    public void Lap(string phase)
    {
        long now = Stopwatch.GetTimestamp();
        _seconds[phase] = _seconds.GetValueOrDefault(phase) + Stopwatch.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
    }

    /// <summary>Clears every phase.</summary>
    public void Reset()
    {
        _seconds.Clear();
        Start();
    }
}
