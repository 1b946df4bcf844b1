using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SliceMoE.Distributed;
using SliceMoE.Models;
using SliceMoE.Modules;

namespace SliceMoE.Training;

/// <summary>
/// Data parallelism over the ranks of a communicator: every rank holds the whole model and takes a contiguous share of
/// each global batch (the same indices on every rank, from the same sampler); losses are scaled so that the summed
/// gradients are the gradient of the global batch's mean loss; gradients are summed with allreduce in buckets; metrics
/// are reduced; and the parameters are checked to be the same bits on every rank at every checkpoint.
/// With expert parallelism, groups of P consecutive ranks split each MoE layer's experts (<see cref="ExpertGroup"/>):
/// a rank computes only its experts, for the whole group's tokens, so the other experts' gradients are zero here and
/// the same allreduce completes them. Every rank still holds (and updates) every expert: compute is split, memory is not.
/// </summary>
internal sealed class DataParallel(ICommunicator communicator, int expertParallel = 1)
{
    public ICommunicator Communicator { get; } = communicator;

    /// <summary>The ranks this one splits the experts with (P consecutive ranks), or null without expert parallelism.</summary>
    public ICommunicator? ExpertGroup { get; } = expertParallel > 1 ? communicator.Split(communicator.Rank / expertParallel, communicator.Rank) : null;

    public int Rank => Communicator.Rank;

    public int Size => Communicator.Size;

    /// <summary>This rank's share of a global batch: the r-th of <see cref="Size"/> equal contiguous parts.</summary>
    /// <exception cref="InvalidOperationException">When the batch does not split evenly.</exception>
    public int[] Share(int[] global)
    {
        if (global.Length % Size != 0)
        {
            throw new InvalidOperationException($"config key 'batch_size' = {global.Length} does not split over {Size} ranks: data parallelism needs a multiple of the rank count.");
        }

        int n = global.Length / Size;
        return global[(Rank * n)..((Rank + 1) * n)];
    }

    /// <summary>The loss scale of this rank's part of a micro-batch: <paramref name="scale"/> · (its loss terms / the batch's).</summary>
    public double LossScale(int localTerms, double scale)
    {
        var terms = new long[] { localTerms };
        Communicator.AllReduce<long>(terms);
        return terms[0] > 0 ? scale * localTerms / terms[0] : 0;
    }

    /// <summary>The micro-batch's result over every rank (mean loss over all terms, summed hits and tokens); the MoE reports are already global.</summary>
    public (StepResult Result, int Tokens) Global(StepResult local, int tokens)
    {
        var sums = new double[] { local.Loss * local.Count, local.Count, local.Correct, tokens };
        Communicator.AllReduce<double>(sums);
        var count = (int)sums[1];
        return (local with { Loss = count > 0 ? sums[0] / count : double.NaN, Count = count, Correct = (int)sums[2] }, (int)sums[3]);
    }

    /// <summary>Sums the gradients over the ranks (<see cref="GradientAllReduce"/>).</summary>
    public void AllReduceGradients(ParameterStore<float> store) => GradientAllReduce.Sum(Communicator, store.Gradients.Span);

    /// <summary>Ends the job, naming the ranks, unless every rank's parameters are the same bits (they are, by construction, unless something is wrong).</summary>
    public void RequireSameParameters(ParameterStore<float> store, int step)
    {
        var mine = SHA256.HashData(MemoryMarshal.AsBytes(store.Values.Span));
        var all = new byte[mine.Length * Size];
        Communicator.AllGather<byte>(mine, all);
        var differing = Enumerable.Range(0, Size).Where(r => !all.AsSpan(r * mine.Length, mine.Length).SequenceEqual(all.AsSpan(0, mine.Length))).ToArray();
        if (differing.Length > 0)
        {
            Communicator.Abort(3, $"at step {step} the parameters of rank(s) {string.Join(", ", differing)} differ from rank 0's (SHA-256): the ranks diverged; the last checkpoint is not replaced.");
        }
    }

    /// <summary>
    /// Refuses to start unless every rank has the same config (naming the keys that differ), the same seed and the same
    /// data (the training set's size and a hash of its first examples), and so the same initial parameters.
    /// </summary>
    /// <exception cref="InvalidOperationException">On every rank, with the same message.</exception>
    public void RequireAgreement(TrainingConfig config, TaskRunner runner)
    {
        // Out may differ (a rank's own log folder); everything else must not.
        var configs = GatherText(ConfigBinder.ToJson(config with { Out = "out" })).Select(j => ConfigBinder.FromJson(j, "rank config")).ToArray();
        for (int r = 1; r < Size; r++)
        {
            var keys = ConfigBinder.Differences(configs[0], configs[r], ConfigBinder.Keys.Keys);
            if (keys.Count > 0)
            {
                throw new InvalidOperationException($"The ranks disagree on the config: rank {r} has {string.Join(", ", keys.Select(k => $"{k} = {ConfigBinder.Describe(configs[r], k)}"))} where rank 0 has {string.Join(", ", keys.Select(k => $"{k} = {ConfigBinder.Describe(configs[0], k)}"))}. Start every rank with the same arguments.");
            }
        }

        var data = GatherText($"{runner.TrainCount} {runner.DataFingerprint()}");
        var other = Enumerable.Range(1, Size - 1).Where(r => data[r] != data[0]).ToArray();
        if (other.Length > 0)
        {
            throw new InvalidOperationException($"The ranks disagree on the training data: rank(s) {string.Join(", ", other)} read other examples than rank 0 ({data[other[0]]} against {data[0]}: training-set size and a hash of its first examples). Give every rank the same data.");
        }

        var parameters = GatherText(Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(runner.Store.Values.Span))));
        if (parameters.Distinct().Count() > 1)
        {
            throw new InvalidOperationException("The ranks start from different parameters although their configs agree: their vocabularies differ (the data each rank tokenized). Give every rank the same data.");
        }
    }

    /// <summary>Every rank's string, in rank order.</summary>
    private string[] GatherText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lengths = new int[Size];
        Communicator.AllGather<int>([bytes.Length], lengths);
        var offsets = new int[Size];
        for (int r = 1; r < Size; r++)
        {
            offsets[r] = offsets[r - 1] + lengths[r - 1];
        }

        var all = new byte[lengths.Sum()];
        Communicator.AllGatherV<byte>(bytes, all, lengths, offsets);
        return Enumerable.Range(0, Size).Select(r => Encoding.UTF8.GetString(all, offsets[r], lengths[r])).ToArray();
    }
}
