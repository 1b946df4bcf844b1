using SliceMoE.IO.Safetensors;
using SliceMoE.Models;
using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Export;

/// <summary>
/// The encoder classifier of a classification checkpoint, without its data: the vocabulary, embedding width and class
/// count the training data fixed are read from the stored tensors' shapes (embed_tokens.weight [V, e], head.weight [C, d]).
/// </summary>
internal static class ClassifierCheckpoint
{
    public static EncoderClassifier<float> Load(string checkpoint)
    {
        using var file = SafetensorsFile.Open(checkpoint);
        var c = Checkpoint.ReadInfo(file).Config;
        var embedding = Shape(file, "embed_tokens.weight");
        var head = Shape(file, "head.weight");
        var config = new ClassifierConfig(
            embedding[0], embedding[1], c.Dim, c.Layers, c.Heads, c.MaxLength, head[0], RunnerFactory.FeedForward(c), c.Dropout,
            c.Pooling == "first" ? Pooling.First : Pooling.Mean, c.FreezeEncoder, FreezeEmbeddings: c.Embeddings == "glove");
        var model = new EncoderClassifier<float>(config, c.Seed, c.LabelSmoothing);
        try
        {
            Checkpoint.LoadParameters(file, model.Store);
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return model;
    }

    private static int[] Shape(SafetensorsFile file, string name) =>
        file.Contains(name) && file.GetEntry(name).Shape.Length == 2
            ? file.GetEntry(name).Shape.ToArray()
            : throw new FormatException($"{file.Path} has no 2-D tensor {name}: it is not a classifier checkpoint of this version.");
}
