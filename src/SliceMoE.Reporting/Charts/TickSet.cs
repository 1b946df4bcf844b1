namespace SliceMoE.Reporting.Charts;

/// <summary>The ticks of one axis: the axis bounds, the tick positions and their labels.</summary>
/// <param name="Min">Lower end of the axis (a tick for computed "nice" bounds).</param>
/// <param name="Max">Upper end of the axis.</param>
/// <param name="Values">Tick positions in data units, ascending.</param>
/// <param name="Labels">One label per tick, formatted with the invariant culture.</param>
public sealed record TickSet(double Min, double Max, IReadOnlyList<double> Values, IReadOnlyList<string> Labels);
