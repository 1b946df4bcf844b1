using System.Text.Json;
using System.Text.Json.Serialization;

namespace SliceMoE.Data.Fetching;

/// <summary>A package as it was fetched.</summary>
/// <param name="Source">What was asked for.</param>
/// <param name="Version">The version obtained (from the file name or the request); null for apt lists.</param>
/// <param name="File">The downloaded file's name (.deb, .tgz) or the list's name.</param>
/// <param name="Sha256">SHA-256 of the downloaded file, lower-case hex.</param>
/// <param name="Bytes">Its size.</param>
public sealed record FetchedPackage(string Source, string? Version, string File, string Sha256, long Bytes);

/// <summary>One extracted file the data set relies on.</summary>
/// <param name="Path">Relative to the data set folder, with forward slashes.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
public sealed record FetchedFile(string Path, long Bytes, string Sha256);

/// <summary>
/// <c>manifest.json</c>, written last into a data set folder: what was fetched, when, with which versions and
/// checksums, and the counts found by loading it (so that <c>data list</c> need not load anything).
/// </summary>
public sealed record DataManifest
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Catalogue name.</summary>
    public required string Name { get; init; }

    /// <summary>When the fetch finished (UTC).</summary>
    public required DateTimeOffset FetchedAt { get; init; }

    /// <summary>Packages downloaded.</summary>
    public required IReadOnlyList<FetchedPackage> Packages { get; init; }

    /// <summary>Files extracted, with checksums.</summary>
    public required IReadOnlyList<FetchedFile> Files { get; init; }

    /// <summary>Counts found by loading the set (examples, words, pairs, entries, per split), by name.</summary>
    public required IReadOnlyDictionary<string, long> Statistics { get; init; }

    /// <summary>Total bytes of <see cref="Files"/>.</summary>
    public long TotalBytes => Files.Sum(f => f.Bytes);

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="InvalidDataException">When the file is not a manifest.</exception>
    public static DataManifest Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<DataManifest>(stream, Json) ?? throw new InvalidDataException($"{path} is not a data set manifest.");
    }

    /// <summary>Writes the manifest (to a temporary name first, then renamed, so a reader never sees half of it).</summary>
    public void Write(string path)
    {
        string tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        {
            JsonSerializer.Serialize(stream, this, Json);
        }

        File.Move(tmp, path, overwrite: true);
    }
}
