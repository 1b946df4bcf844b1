using SliceMoE.Reproduction.Analysis;
using SliceMoE.Text;

namespace SliceMoE.Tests.Reproduction;

public class SpecialisationTests
{
    private sealed class Vectors : IWordVectors
    {
        private readonly Dictionary<string, float[]> _v = new()
        {
            ["apple"] = [1, 0],
            ["banana"] = [0, 1],
            ["car"] = [1, 1],
            ["42"] = [5, 5], // has a vector but no letter: never scored
        };

        public string Name => "test vectors";

        public int Dimension => 2;

        public bool TryGet(string word, Span<float> destination)
        {
            if (!_v.TryGetValue(word, out var v))
            {
                return false;
            }

            v.CopyTo(destination);
            return true;
        }
    }

    [Fact]
    public void The_score_compares_each_experts_top_words_with_the_centroid_of_the_words_of_its_slices()
    {
        var tokenizer = WordLevelTokenizer.Build(["apple banana car zebra 42"], 100);
        int Id(string w) => tokenizer.IdOf(w)!.Value;
        var counts = new SpecialisationCounts(experts: 2, pcaPerExpert: 0);
        counts.Record(Id("apple"), [2, 0], [0.9, 0]); // both slices to expert 0
        counts.Record(Id("banana"), [0, 2], [0, 0.8]); // both to expert 1
        counts.Record(Id("car"), [1, 1], [0.3, 0.6]); // split; predominantly expert 1 (larger gate)
        counts.Record(Id("zebra"), [1, 0], [0.5, 0]); // no vector: routed, never scored
        counts.Record(Id("42"), [1, 0], [0.5, 0]); // no letter: routed, never scored

        var r = Specialisation.Score(counts, tokenizer, new Vectors(), topWords: 50, pcaExperts: 2);

        // Expert 0: top word apple; centroid of its slices' words (2 apple + 1 car) / 3 = (1, 1/3).
        double ess0 = 1 / Math.Sqrt(1 + (1.0 / 9));
        // Expert 1: top words banana and car (one occurrence each); centroid (2 banana + 1 car) / 3 = (1/3, 1).
        double ess1 = (ess0 + ((4.0 / 3) / (Math.Sqrt(2) * Math.Sqrt(1 + (1.0 / 9))))) / 2;
        Assert.Equal(ess0, r.Experts[0].Ess, 5);
        Assert.Equal(ess1, r.Experts[1].Ess, 5);
        Assert.Equal((ess0 + ess1) / 2, r.MeanEss, 5);
        Assert.Equal(Math.Abs(ess0 - ess1) / Math.Sqrt(2), r.SdEss, 5);
        Assert.Equal(["apple"], r.Experts[0].TopWords);
        Assert.Equal(["banana", "car"], r.Experts[1].TopWords.Order());
        Assert.Equal((3, 2), (r.Experts[0].Occurrences, r.Experts[1].Occurrences)); // apple, zebra, 42 | banana, car
        Assert.Equal((0.625, 0.375), (r.Experts[0].Load, r.Experts[1].Load)); // slice assignments: 2 + 1 + 1 + 1 against 2 + 1
        Assert.Equal(5, r.Tokens);

        // Baseline: the layer as one expert. Top words apple, banana, car; centroid (2 apple + 2 banana + 2 car) / 6 ∝ (1, 1).
        Assert.Equal(((2 * Math.Sqrt(0.5)) + 1) / 3, r.BaselineEss, 5);
        Assert.Empty(r.Pca);
    }
}
