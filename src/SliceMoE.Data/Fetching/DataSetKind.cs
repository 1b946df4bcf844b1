namespace SliceMoE.Data.Fetching;

/// <summary>What a data set is for, and so which in-memory form it loads into.</summary>
public enum DataSetKind
{
    /// <summary>Loads into a <see cref="TextClassificationDataset"/>.</summary>
    Classification,

    /// <summary>Loads into a <see cref="LanguageModelingCorpus"/>.</summary>
    LanguageModeling,

    /// <summary>Loads into a <see cref="ParallelCorpus"/>.</summary>
    Translation,

    /// <summary>A tokenizer's vocabulary files (read by the tokenizers).</summary>
    Tokenizer,

    /// <summary>Pretrained word vectors (read by the embeddings).</summary>
    Embeddings,
}
