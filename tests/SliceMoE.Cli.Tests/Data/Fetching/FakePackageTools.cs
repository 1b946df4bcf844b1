using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SliceMoE.Data.Fetching;

namespace SliceMoE.Tests.Data.Fetching;

/// <summary>Package tools that make small packages locally: a .deb is a folder of files to copy, an npm tarball a real .tgz.</summary>
internal sealed class FakePackageTools : IPackageTools
{
    public Dictionary<string, Dictionary<string, string>> DebianFiles { get; } = [];

    public Dictionary<string, Dictionary<string, string>> NpmFiles { get; } = [];

    public List<string> Calls { get; } = [];

    public string? FailOn { get; set; }

    public string DownloadDebian(string package, string directory)
    {
        Check("apt-get download " + package);
        string deb = Path.Combine(directory, $"{package}_1%3a2.0-1_all.deb");
        File.WriteAllText(deb, package);
        return deb;
    }

    public void ExtractDebian(string debFile, string destination)
    {
        string package = File.ReadAllText(debFile);
        Check("dpkg-deb -x " + package);
        foreach (var (path, text) in DebianFiles[package])
        {
            string full = Path.Combine(destination, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    public string PackNpm(string package, string version, string directory)
    {
        Check($"npm pack {package}@{version}");
        string tgz = Path.Combine(directory, package.Replace('/', '-').TrimStart('@') + $"-{version}.tgz");
        using var file = File.Create(tgz);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        foreach (var (path, text) in NpmFiles[package])
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/" + path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
            tar.WriteEntry(entry);
        }

        return tgz;
    }

    public void UpdateAptLists(string language, string listsDirectory) => Check("apt-get update " + language);

    private void Check(string call)
    {
        Calls.Add(call);
        if (FailOn is not null && call.Contains(FailOn, StringComparison.Ordinal))
        {
            throw new FetchException($"Fetching {FailOn} failed: '{call}' exited with code 100:\nE: Unable to locate package {FailOn}");
        }
    }
}
