using SliceMoE.Text;

namespace SliceMoE.Training.Data;

/// <summary>Creates the tokenizer a config names, and saves/restores the vocabularies learnt from the data (word-level, subword) with checkpoints.</summary>
public static class TokenizerFactory
{
    /// <summary>
    /// word: built from <paramref name="trainTexts"/> (size-limited, lowercased); bpe: subword merges learnt from <paramref name="trainTexts"/>
    /// up to <paramref name="vocabularySize"/> tokens (cased); gpt2 / bert: the vocabularies shipped in data/tokenizers.
    /// </summary>
    /// <exception cref="FileNotFoundException">When a shipped vocabulary cannot be found.</exception>
    public static ITokenizer Create(string kind, Func<IEnumerable<string>> trainTexts, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(trainTexts);
        return kind switch
        {
            "word" => WordLevelTokenizer.Build(trainTexts(), vocabularySize),
            "bpe" => SubwordTokenizer.Build(trainTexts(), vocabularySize),
            "gpt2" => Gpt2BpeTokenizer.Load(FindRepositoryFile(KnownFiles.Gpt2.RepoEncoderJson), FindRepositoryFile(KnownFiles.Gpt2.RepoVocabBpe)),
            "bert" => WordPieceTokenizer.Load(FindRepositoryFile(KnownFiles.Bert.RepoVocabJson)),
            _ => throw new ArgumentException($"Unknown tokenizer '{kind}' (word, bpe, gpt2 or bert).", nameof(kind)),
        };
    }

    /// <summary>The text to store in a checkpoint so the tokenizer can be rebuilt exactly (the word-level or subword vocabulary file; empty for shipped vocabularies).</summary>
    public static string Serialize(ITokenizer tokenizer)
    {
        Action<string>? save = tokenizer switch
        {
            WordLevelTokenizer word => word.Save,
            SubwordTokenizer subword => subword.Save,
            _ => null,
        };
        if (save is null)
        {
            return string.Empty;
        }

        string path = Path.Combine(Path.GetTempPath(), $"slicemoe-vocab-{Guid.NewGuid():N}.json");
        try
        {
            save(path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Rebuilds a tokenizer from its kind and <see cref="Serialize"/>'s text, read from <paramref name="source"/> (named in errors).</summary>
    /// <exception cref="FormatException">When the text is not a vocabulary, naming <paramref name="source"/>.</exception>
    public static ITokenizer Restore(string kind, string serialized, string source)
    {
        if (kind is not ("word" or "bpe"))
        {
            return Create(kind, () => [], 0);
        }

        string path = Path.Combine(Path.GetTempPath(), $"slicemoe-vocab-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, serialized);
            return kind == "word" ? WordLevelTokenizer.Load(path) : SubwordTokenizer.Load(path);
        }
        catch (TextDataFormatException e)
        {
            string what = kind == "word" ? "word-level" : "subword";
            throw new FormatException($"{source}: not a {what} vocabulary ({e.Message.Replace(path, "the text", StringComparison.Ordinal)})", e);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Special ids used by the models: padding, sequence start and end.</summary>
    public static (int Pad, int Bos, int Eos) Specials(ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var s = tokenizer.Specials;
        int eos = s.Eos ?? s.Sep ?? 0;
        int bos = s.Bos ?? s.Cls ?? eos;
        return (s.Pad ?? eos, bos, eos);
    }

    /// <summary>A file of the repository (searching upward from the working folder, then from the application's folder).</summary>
    /// <exception cref="FileNotFoundException">When it is not found.</exception>
    public static string FindRepositoryFile(string relativePath)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{relativePath} was not found above {Environment.CurrentDirectory}: run from the repository.", relativePath);
    }
}
