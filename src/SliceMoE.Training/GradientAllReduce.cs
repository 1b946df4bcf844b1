using SliceMoE.Distributed;

namespace SliceMoE.Training;

/// <summary>How data-parallel training sums gradients over the ranks: allreduce in buckets.</summary>
public static class GradientAllReduce
{
    /// <summary>Floats per allreduce: big enough to amortise a call, small enough to stay in cache while summed.</summary>
    public const int BucketFloats = 1 << 20;

    /// <summary>Sums <paramref name="gradients"/> over every rank of <paramref name="communicator"/>, in place, bucket by bucket.</summary>
    public static void Sum(ICommunicator communicator, Span<float> gradients)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        for (int start = 0; start < gradients.Length; start += BucketFloats)
        {
            communicator.AllReduce<float>(gradients.Slice(start, Math.Min(BucketFloats, gradients.Length - start)));
        }
    }
}
