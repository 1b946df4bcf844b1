using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

public class ConfusionMatrixTests
{
    [Fact]
    public void Matches_the_scikit_learn_documentation_example()
    {
        // sklearn.metrics.f1_score docs: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
        // macro F1 = 0.2666..., macro precision 0.2222..., macro recall 0.3333...
        var m = ConfusionMatrix.FromPredictions([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3);
        Assert.Equal(4.0 / 15, m.MacroF1, 14);
        Assert.Equal(2.0 / 9, m.MacroPrecision, 14);
        Assert.Equal(1.0 / 3, m.MacroRecall, 14);
        Assert.Equal(2.0 / 6, m.Accuracy, 14);
        Assert.Equal(0.8, m.F1(0), 14);
        Assert.Equal(2.0 / 3, m.Precision(0), 14);
        Assert.Equal(1, m.Recall(0));
        Assert.Equal(0, m.F1(1));
        Assert.Equal(2, m[0, 0]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(2, m[2, 1]);
    }

    [Fact]
    public void Row_normalisation_gives_per_class_recall_on_the_diagonal()
    {
        var m = new ConfusionMatrix(["a", "b", "c"]);
        m.Add(0, 0, 3);
        m.Add(0, 1, 1);
        m.Add(1, 1, 5);
        var r = m.RowNormalized();
        Assert.Equal(0.75, r[0, 0]);
        Assert.Equal(0.25, r[0, 1]);
        Assert.Equal(1, r[1, 1]);
        Assert.Equal(0, r[2, 0]); // empty row stays zero
        Assert.Equal(m.Recall(0), r[0, 0]);
        Assert.Equal(9, m.Total);
        Assert.Equal(8, m.Correct);
        Assert.Equal(4, m.Support(0));
    }

    [Fact]
    public void Classes_that_never_occur_are_left_out_of_macro_averages()
    {
        var m = new ConfusionMatrix(10);
        m.Add(0, 0);
        m.Add(1, 1);
        Assert.Equal(1, m.MacroF1);
        Assert.True(double.IsNaN(new ConfusionMatrix(2).Accuracy));
        Assert.True(double.IsNaN(new ConfusionMatrix(2).MacroF1));
    }

    [Fact]
    public void Invalid_ids_and_counts_are_rejected()
    {
        var m = new ConfusionMatrix(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(0, 0, -1));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0], [0, 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(0));
    }
}
