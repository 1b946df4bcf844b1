using SliceMoE.Data;

namespace SliceMoE.Tests.Data;

public class DataSplitsTests
{
    [Fact]
    public void Stratified_split_keeps_each_class_share_and_loses_nothing()
    {
        var items = Enumerable.Range(0, 1000).Select(i => new LabeledText($"t{i}", i < 700 ? 0 : i < 900 ? 1 : 2)).ToArray();
        var s = DataSplits.StratifiedSplit(items, x => x.Label, 0.1, 0.2, seed: 7);
        Assert.Equal([70, 20, 10], TextClassificationDataset.CountPerLabel(s.Validation, 3));
        Assert.Equal([140, 40, 20], TextClassificationDataset.CountPerLabel(s.Test, 3));
        Assert.Equal(1000, s.Train.Concat(s.Validation).Concat(s.Test).Distinct().Count());
    }

    [Fact]
    public void Splits_depend_only_on_the_seed()
    {
        var items = Enumerable.Range(0, 100).ToArray();
        var a = DataSplits.Split(items, 0.1, 0.1, 3);
        var b = DataSplits.Split(items, 0.1, 0.1, 3);
        var c = DataSplits.Split(items, 0.1, 0.1, 4);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
        Assert.Equal(DataSplits.Shuffle(items, 9), DataSplits.Shuffle(items, 9));
    }

    [Fact]
    public void Bad_fractions_are_rejected_and_caps_keep_the_first_items()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.Split([1, 2, 3], 0.6, 0.6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.Split([1, 2, 3], -0.1, 0, 1));
        Assert.Equal([1, 2], DataSplits.Cap([1, 2, 3], 2));
        Assert.Equal([1, 2, 3], DataSplits.Cap([1, 2, 3], null));
    }

    [Fact]
    public void A_dataset_rejects_labels_outside_its_names()
    {
        Assert.Throws<ArgumentException>(() => new TextClassificationDataset("x", ["a"], [new("t", 1)], [], []));
    }
}
