using SliceMoE.Data;
using SliceMoE.Text.Embeddings;

namespace SliceMoE.Training.Data;

/// <summary>
/// Where a run's data comes from. The trainer asks it for the data set a config's <c>dataset</c> value names and, for
/// <c>embeddings = glove</c>, for the GloVe vectors; the application decides where those live (the CLI: the shipped
/// sample, files in the paper's formats, and the fetched data cache). Implement it to train on data of your own.
/// </summary>
public interface ITaskDataSource
{
    /// <summary>The classification data set <paramref name="spec"/> names.</summary>
    TextClassificationDataset Classification(string spec, LoadOptions options);

    /// <summary>The language-modelling corpus <paramref name="spec"/> names.</summary>
    LanguageModelingCorpus LanguageModeling(string spec, LoadOptions options);

    /// <summary>The parallel corpus <paramref name="spec"/> names.</summary>
    ParallelCorpus Parallel(string spec, LoadOptions options);

    /// <summary>The pretrained GloVe vectors.</summary>
    /// <exception cref="InvalidOperationException">When this source has none (the message says how to get them).</exception>
    GloveEmbeddings Glove();
}
