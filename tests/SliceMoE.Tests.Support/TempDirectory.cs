using System.Text;

namespace SliceMoE.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("slicemoe-tests-").FullName;

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> (a relative path) in this folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> in this folder (creating its subfolders) and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        string path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes UTF-8 text (no BOM, line ends as given) to <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, string text) => Write(name, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Text with one invalid UTF-8 byte (0xFF) put where the text has the marker character '¤'.</summary>
    public string WriteWithInvalidByte(string name, string textWithMarker)
    {
        var parts = textWithMarker.Split('¤');
        var bytes = new List<byte>();
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                bytes.Add(0xFF);
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(parts[i]));
        }

        return Write(name, bytes.ToArray());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}
