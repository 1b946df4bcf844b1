using SliceMoE.Text;

namespace SliceMoE.Tests.Text;

/// <summary>The repository's tokenizer files (loaded once per test run) and scratch folders for fixture files.</summary>
internal static class TextTestFiles
{
    private static readonly Lazy<Gpt2BpeTokenizer> Gpt2Tokenizer = new(() =>
        Gpt2BpeTokenizer.Load(Repository.PathOf(KnownFiles.Gpt2.RepoEncoderJson), Repository.PathOf(KnownFiles.Gpt2.RepoVocabBpe)));

    private static readonly Lazy<WordPieceTokenizer> BertTokenizer = new(() =>
        WordPieceTokenizer.Load(Repository.PathOf(KnownFiles.Bert.RepoVocabJson)));

    /// <summary>GPT-2's tokenizer from <c>data/tokenizers/gpt2</c>.</summary>
    public static Gpt2BpeTokenizer Gpt2 => Gpt2Tokenizer.Value;

    /// <summary>bert-base-uncased's tokenizer from <c>data/tokenizers/bert-base-uncased</c>.</summary>
    public static WordPieceTokenizer Bert => BertTokenizer.Value;
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder() => Path = Directory.CreateTempSubdirectory("slicemoe-text-").FullName;

    public string Path { get; }

    /// <summary>Writes <paramref name="content"/> (UTF-8, no BOM) to a file in the folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content, new System.Text.UTF8Encoding(false));
        return path;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
