using SliceMoE.IO.Safetensors;
using SliceMoE.Tensors;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>Saving never corrupts or loses the previous file, and never leaves a temporary file behind.</summary>
public sealed class SafetensorsAtomicSaveTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string[] Leftovers() => Directory.GetFiles(_dir.Path, "*.tmp-*");

    private static SafetensorsWriter Checkpoint(float value)
    {
        var w = new SafetensorsWriter();
        w.SetMetadata("step", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.Add("w", [value, value], [2]);
        return w;
    }

    [Fact]
    public void Save_replaces_the_previous_file_and_leaves_no_temporary_file()
    {
        string path = _dir.File("ckpt.safetensors");
        Checkpoint(1f).Save(path);
        Checkpoint(2f).Save(path);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([2f, 2f], file.ReadFloat32("w").ToArray());
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_failure_while_writing_tensor_data_leaves_the_previous_file_intact_and_no_temporary_file()
    {
        string path = _dir.File("ckpt.safetensors");
        Checkpoint(1f).Save(path);
        byte[] before = File.ReadAllBytes(path);

        // "a" is written first, then "b" fails mid-save: its tensor was disposed after being borrowed.
        var w = new SafetensorsWriter();
        w.Add("a", new float[1000], [1000]);
        var doomed = new Tensor<float>(4);
        w.AddBorrowed("b", doomed);
        doomed.Dispose();

        Assert.Throws<ObjectDisposedException>(() => w.Save(path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_failure_at_the_rename_leaves_the_destination_and_no_temporary_file()
    {
        string path = _dir.File("is_a_folder.safetensors");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "keep.txt"), "x");

        var ex = Record.Exception(() => Checkpoint(1f).Save(path));
        Assert.True(ex is IOException or UnauthorizedAccessException, $"Unexpected {ex}");
        Assert.True(File.Exists(Path.Combine(path, "keep.txt")));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void Saving_into_a_missing_folder_fails_and_creates_nothing()
    {
        string path = Path.Combine(_dir.Path, "missing", "ckpt.safetensors");
        Assert.Throws<DirectoryNotFoundException>(() => Checkpoint(1f).Save(path));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void A_reader_opened_before_a_save_keeps_reading_the_version_it_validated()
    {
        string path = _dir.File("ckpt.safetensors");
        Checkpoint(1f).Save(path);
        using var old = SafetensorsFile.Open(path);
        Checkpoint(2f).Save(path);
        Assert.Equal([1f, 1f], old.ReadFloat32("w").ToArray());
        using var fresh = SafetensorsFile.Open(path);
        Assert.Equal([2f, 2f], fresh.ReadFloat32("w").ToArray());
    }
}
