namespace SliceMoE.Data.Fetching;

/// <summary>
/// A catalogue entry: a data set that <c>slicemoe data fetch</c> can obtain, where from, under which licence,
/// what it stands in for, and the files other code reads from its folder.
/// </summary>
/// <param name="Name">Catalogue name and cache folder name, e.g. <c>wordnet</c>.</param>
/// <param name="Description">What it is, in a line.</param>
/// <param name="Kind">What it loads into.</param>
/// <param name="Sources">The packages it is made from.</param>
/// <param name="Licence">Licence of the data (not of the packaging code), as the package states it.</param>
/// <param name="StandsInFor">The paper's data set or model it substitutes, or what it is used for.</param>
/// <param name="KeyFiles">
/// Files, relative to the data set folder (<see cref="DataCache.GetPath"/>), that loaders and other code read; a
/// <c>*</c> may stand in the last path segment. Fetching checks that each one exists and is not empty.
/// </param>
/// <param name="DownloadBytes">Approximate download size, for the list and progress.</param>
public sealed record DataSetInfo(
    string Name,
    string Description,
    DataSetKind Kind,
    IReadOnlyList<PackageSource> Sources,
    string Licence,
    string StandsInFor,
    IReadOnlyList<string> KeyFiles,
    long DownloadBytes);
