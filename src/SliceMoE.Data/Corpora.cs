using SliceMoE.Data.Substitutes;

namespace SliceMoE.Data;

/// <summary>
/// Loaders for the substitute corpora of DATA.md, each taking the data set's folder (from
/// <see cref="Fetching.DataCache.GetPath"/>) and returning the same in-memory forms as the paper's formats.
/// </summary>
public static class Corpora
{
    /// <summary>WordNet noun glosses, 14 largest lexicographer categories (DBPEDIA-14 stand-in). See <see cref="WordNetGlosses"/>.</summary>
    public static TextClassificationDataset LoadWordNet(string path, LoadOptions? options = null, int categoryCount = WordNetGlosses.DefaultCategoryCount) =>
        WordNetGlosses.Load(path, options, categoryCount);

    /// <summary>Debian descriptions by section, 18 sections (AG NEWS stand-in). See <see cref="DebianDescriptions"/>.</summary>
    public static TextClassificationDataset LoadDebianDescriptions(string path, LoadOptions? options = null) => DebianDescriptions.Load(path, options);

    /// <summary>Brown corpus paragraphs by genre, 15 genres. See <see cref="BrownCorpus"/>.</summary>
    public static TextClassificationDataset LoadBrown(string path, LoadOptions? options = null) => BrownCorpus.LoadClassification(path, options);

    /// <summary>Brown corpus as language-modelling text. See <see cref="BrownCorpus"/>.</summary>
    public static LanguageModelingCorpus LoadBrownLanguageModeling(string path, LoadOptions? options = null) => BrownCorpus.LoadLanguageModeling(path, options);

    /// <summary>SpamAssassin ham vs spam. See <see cref="SpamAssassin"/>.</summary>
    public static TextClassificationDataset LoadSpamAssassin(string path, LoadOptions? options = null) => SpamAssassin.Load(path, options);

    /// <summary>Fortunes in 6 categories (the EMOTION non-substitute). See <see cref="Fortunes"/>.</summary>
    public static TextClassificationDataset LoadFortunes(string path, LoadOptions? options = null) => Fortunes.Load(path, options);

    /// <summary>State of the Union, split by year (train to 1980, validation 1981-1998, test 1999 on). See <see cref="StateOfTheUnion"/>.</summary>
    public static LanguageModelingCorpus LoadSotu(string path, LoadOptions? options = null) => StateOfTheUnion.Load(path, options);

    /// <summary>Moby-Dick by chapter. See <see cref="MobyDick"/>.</summary>
    public static LanguageModelingCorpus LoadMobyDick(string path, LoadOptions? options = null) => MobyDick.Load(path, options);

    /// <summary>LibreOffice help English-German paragraph pairs. See <see cref="LibreOfficeHelp"/>.</summary>
    public static ParallelCorpus LoadLibreOfficeHelp(string path, LoadOptions? options = null) => LibreOfficeHelp.Load(path, options);

    /// <summary>Debian description English-German paragraph pairs. See <see cref="DebianDescriptionsDe"/>.</summary>
    public static ParallelCorpus LoadDebianDescriptionsDe(string path, LoadOptions? options = null) => DebianDescriptionsDe.Load(path, options);

    /// <summary>Ding dictionary English-German example sentences. See <see cref="TransDeEn"/>.</summary>
    public static ParallelCorpus LoadTransDeEn(string path, LoadOptions? options = null) => TransDeEn.Load(path, options);
}
