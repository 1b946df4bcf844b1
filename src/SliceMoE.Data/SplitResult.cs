namespace SliceMoE.Data;

/// <summary>Three disjoint parts of one list of examples.</summary>
/// <typeparam name="T">Example type.</typeparam>
/// <param name="Train">Training part.</param>
/// <param name="Validation">Validation part.</param>
/// <param name="Test">Test part.</param>
public sealed record SplitResult<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Validation, IReadOnlyList<T> Test);
