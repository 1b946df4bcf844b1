namespace SliceMoE.Data.Fetching;

/// <summary>
/// The machine's package tools, behind an interface so that the fetcher's bookkeeping (partial folders,
/// verification, manifests, idempotence) can be tested without a network.
/// </summary>
public interface IPackageTools
{
    /// <summary>Downloads the current <c>.deb</c> of a Debian package into <paramref name="directory"/>; returns its path.</summary>
    /// <exception cref="FetchException">When the tool fails (the message names the package and command).</exception>
    string DownloadDebian(string package, string directory);

    /// <summary>Extracts a <c>.deb</c>'s files into <paramref name="destination"/> (<c>dpkg-deb -x</c>; installs nothing).</summary>
    /// <exception cref="FetchException">When the tool fails.</exception>
    void ExtractDebian(string debFile, string destination);

    /// <summary>Downloads an npm package tarball (<c>npm pack NAME@VERSION</c>) into <paramref name="directory"/>; returns its path.</summary>
    /// <exception cref="FetchException">When the tool fails.</exception>
    string PackNpm(string package, string version, string directory);

    /// <summary>
    /// Fetches apt's index lists uncompressed, with descriptions in <paramref name="language"/>, into
    /// <paramref name="listsDirectory"/> (a private folder: the system's own lists are not touched).
    /// </summary>
    /// <exception cref="FetchException">When the tool fails.</exception>
    void UpdateAptLists(string language, string listsDirectory);
}
