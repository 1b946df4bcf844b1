namespace SliceMoE.Data;

/// <summary>The examples of one file, in file order, with the report of reading it.</summary>
/// <typeparam name="T">Example type.</typeparam>
/// <param name="Examples">The examples read.</param>
/// <param name="Report">What was read and skipped.</param>
public sealed record LoadResult<T>(IReadOnlyList<T> Examples, LoadReport Report);
