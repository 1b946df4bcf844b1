using SliceMoE.Evaluation;
using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Moe;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Reproduction.Analysis;

/// <summary>
/// The Expert Specialisation Score of section 5, made precise. The paper: "for each expert, the top-50 most frequent
/// words from input tokens whose slices were predominantly routed to it; the average cosine similarity between the
/// pre-trained embeddings of these words and the centroid of all slice embeddings processed by that expert". Slices
/// (d/S wide, in the model's space) and pretrained word vectors (here GloVe, 100-d) live in different spaces, so the
/// centroid is taken in the word-vector space: the mean of the word vectors of every slice the expert processed (a word
/// counts once per slice of it the expert received). Then ESS_e = mean over its top words w of cos(v_w, centroid_e).
/// A token occurrence is "predominantly routed" to the expert with the largest total gate over its S·k assignments
/// (TokenMoE: S = 1, "slices are whole tokens", its first choice). Only words with a letter and a vector are scored.
/// The layer is the first MoE layer (closest to the words). As a yardstick, the same score for the layer taken as one
/// expert shows what no specialisation gives.
/// </summary>
public static class Specialisation
{
    /// <summary>A word needs at least this many occurrences for its distinctiveness (lift) to be ranked.</summary>
    public const int DistinctiveMinimum = 5;

    /// <summary>Distinctive words listed per expert.</summary>
    public const int DistinctiveCount = 8;

    /// <summary>Routes up to <paramref name="examples"/> training examples through the model (evaluation mode) and scores every expert of the first MoE layer.</summary>
    /// <exception cref="InvalidOperationException">When the model has no MoE layer.</exception>
    public static SpecialisationResult Analyse(TaskRunner<ClassificationBatch> runner, IWordVectors vectors, int topWords, int? examples, int pcaExperts, int pcaPerExpert)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(vectors);
        var data = (ClassificationTaskData)runner.Data;
        var model = (EncoderClassifier<float>)runner.Model;
        var layer = model.Encoder.Blocks[0].FeedForward as MoeLayer<float> ?? throw new InvalidOperationException("The specialisation analysis needs an MoE layer; this model is dense.");
        var tokenizer = data.Tokenizer;
        var skip = new HashSet<int>(tokenizer.SpecialTokens.Values);
        var counts = new SpecialisationCounts(layer.Config.Experts, pcaPerExpert);
        int n = Math.Min(examples ?? data.Train.Count, data.Train.Count);
        for (int i = 0; i < n; i += 32)
        {
            var batch = data.TrainBatch(Enumerable.Range(i, Math.Min(32, n - i)).ToArray());
            model.Step(batch, ForwardContext.Evaluation, backward: false);
            counts.Add(layer, batch, skip);
        }

        return Score(counts, tokenizer, vectors, topWords, pcaExperts);
    }

    internal static SpecialisationResult Score(SpecialisationCounts counts, ITokenizer tokenizer, IWordVectors vectors, int topWords, int pcaExperts)
    {
        var table = new VectorTable(tokenizer, vectors);
        int experts = counts.Load.Length;
        double totalLoad = counts.Load.Sum();
        var all = Sum(counts.Slices);
        var allOccurrences = Sum(counts.Predominant);
        long allTotal = allOccurrences.Values.Sum();
        var rows = new List<ExpertWords>();
        for (int e = 0; e < experts; e++)
        {
            var top = Top(counts.Predominant[e], table, topWords);
            double ess = Ess(top, counts.Slices[e], table);
            long occ = counts.Predominant[e].Values.Sum();
            var distinctive = counts.Predominant[e]
                .Where(kv => kv.Value >= DistinctiveMinimum && table.Has(kv.Key))
                .Select(kv => (kv.Key, Lift: (double)kv.Value / occ / ((double)allOccurrences[kv.Key] / allTotal)))
                .OrderByDescending(x => x.Lift).ThenBy(x => x.Key).Take(DistinctiveCount)
                .Select(x => tokenizer.TokenOf(x.Key)!).ToArray();
            rows.Add(new ExpertWords(e, totalLoad > 0 ? counts.Load[e] / totalLoad : 0, (int)occ, ess, top.Select(id => tokenizer.TokenOf(id)!).ToArray(), distinctive));
        }

        var scored = rows.Where(r => double.IsFinite(r.Ess)).Select(r => r.Ess).ToArray();
        double baseline = Ess(Top(allOccurrences, table, topWords), all, table);
        var (pca, explained) = Pca(counts, pcaExperts);
        return new SpecialisationResult(
            vectors.Name, 0, counts.Tokens, scored.Length > 0 ? Statistics.Mean(scored) : double.NaN,
            scored.Length > 1 ? Statistics.StandardDeviation(scored) : double.NaN, baseline, rows, pca, explained);
    }

    private static int[] Top(Dictionary<int, long> occurrences, VectorTable table, int count) =>
        occurrences.Where(kv => table.Has(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(count).Select(kv => kv.Key).ToArray();

    // Mean cosine of the top words' vectors to the slice-weighted centroid of the words the expert processed.
    private static double Ess(int[] top, Dictionary<int, long> processed, VectorTable table)
    {
        if (top.Length == 0)
        {
            return double.NaN;
        }

        var centroid = new double[table.Dimension];
        double weight = 0;
        foreach (var (id, count) in processed)
        {
            if (table.Get(id) is float[] v)
            {
                for (int i = 0; i < v.Length; i++)
                {
                    centroid[i] += count * v[i];
                }

                weight += count;
            }
        }

        var c = centroid.Select(x => (float)(x / weight)).ToArray();
        var rows = top.SelectMany(id => table.Get(id)!).ToArray();
        return VectorSimilarity.MeanCosine(rows, c);
    }

    private static Dictionary<int, long> Sum(IReadOnlyList<Dictionary<int, long>> perExpert)
    {
        var sum = new Dictionary<int, long>();
        foreach (var d in perExpert)
        {
            foreach (var (k, v) in d)
            {
                sum[k] = sum.GetValueOrDefault(k) + v;
            }
        }

        return sum;
    }

    private static (IReadOnlyList<PcaPoint> Points, IReadOnlyList<double> Explained) Pca(SpecialisationCounts counts, int pcaExperts)
    {
        var chosen = Enumerable.Range(0, counts.Load.Length).OrderByDescending(e => counts.Load[e]).ThenBy(e => e).Take(pcaExperts)
            .Where(e => counts.Samples[e].Count > 0).Order().ToArray();
        var rows = chosen.SelectMany(e => counts.Samples[e]).ToList();
        if (rows.Count < 3 || rows[0].Length < 2)
        {
            return ([], []);
        }

        var fit = PrincipalComponents.Fit(rows);
        var points = new List<PcaPoint>();
        foreach (int e in chosen)
        {
            foreach (var row in counts.Samples[e])
            {
                var p = fit.Project(row.Select(x => (double)x).ToArray());
                points.Add(new PcaPoint(e, p[0], p[1]));
            }
        }

        return (points, fit.ExplainedVarianceRatio.ToArray());
    }

    /// <summary>Word vectors by token id, looked up once; words without a letter do not count.</summary>
    private sealed class VectorTable(ITokenizer tokenizer, IWordVectors vectors)
    {
        private readonly Dictionary<int, float[]?> _cache = [];

        public int Dimension => vectors.Dimension;

        public bool Has(int id) => Get(id) is not null;

        public float[]? Get(int id)
        {
            if (!_cache.TryGetValue(id, out var v))
            {
                string? word = tokenizer.TokenOf(id);
                var buffer = new float[vectors.Dimension];
                v = word is not null && word.Any(char.IsLetter) && vectors.TryGet(word, buffer) ? buffer : null;
                _cache[id] = v;
            }

            return v;
        }
    }
}
