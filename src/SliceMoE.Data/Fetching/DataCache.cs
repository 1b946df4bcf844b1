namespace SliceMoE.Data.Fetching;

/// <summary>
/// The folder fetched data sets live in: <c>--cache DIR</c>, else the <c>SLICEMOE_DATA</c> environment variable, else
/// <c>~/.cache/slicemoe/data</c>. Each data set has its own folder <c>&lt;root&gt;/&lt;name&gt;/</c>, which counts as
/// fetched only when its <c>manifest.json</c> exists: fetching builds a set under <c>&lt;root&gt;/.partial/</c>, writes
/// the manifest last and renames the folder into place, so a set is either complete or absent.
/// </summary>
public sealed class DataCache
{
    /// <summary>The environment variable that overrides the default root.</summary>
    public const string EnvironmentVariable = "SLICEMOE_DATA";

    /// <summary>Name of the manifest file in each data set folder.</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary>A cache at <paramref name="root"/>, or at <see cref="DefaultRoot"/> when null.</summary>
    public DataCache(string? root = null)
    {
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(root) ? DefaultRoot() : root);
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>Where partial fetches are built (deleted by the next fetch).</summary>
    public string PartialRoot => Path.Combine(Root, ".partial");

    /// <summary><c>SLICEMOE_DATA</c> when set, else <c>~/.cache/slicemoe/data</c>.</summary>
    public static string DefaultRoot()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return env;
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "slicemoe", "data");
    }

    /// <summary>The folder data set <paramref name="name"/> has (or would have) in this cache.</summary>
    public string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            throw new ArgumentException($"'{name}' is not a data set name.", nameof(name));
        }

        return Path.Combine(Root, name);
    }

    /// <summary>Whether <paramref name="name"/> has been fetched completely (its folder and manifest exist).</summary>
    public bool IsFetched(string name) => File.Exists(Path.Combine(PathOf(name), ManifestFileName));

    /// <summary>The folder of fetched data set <paramref name="name"/>; key files are at the relative paths in <see cref="DataSetInfo.KeyFiles"/>.</summary>
    /// <exception cref="InvalidOperationException">When it has not been fetched (the message says how to fetch it).</exception>
    public string GetPath(string name) =>
        IsFetched(name)
            ? PathOf(name)
            : throw new InvalidOperationException($"Data set '{name}' has not been fetched into {Root}: run 'slicemoe data fetch {name}' (or set --cache / {EnvironmentVariable}).");

    /// <summary>The manifest of a fetched set, or null when it is not fetched.</summary>
    public DataManifest? ReadManifest(string name) =>
        IsFetched(name) ? DataManifest.Read(Path.Combine(PathOf(name), ManifestFileName)) : null;

    /// <summary>Bytes on disk under a data set's folder (0 when absent).</summary>
    public long SizeOnDisk(string name)
    {
        var dir = new DirectoryInfo(PathOf(name));
        return dir.Exists ? dir.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
    }
}
