using SliceMoE.Numerics;

namespace SliceMoE.Training.Data;

/// <summary>
/// Hands out batches of indices over [0, count), reshuffled every epoch by its own random stream. Its state (epoch,
/// position, this epoch's order, the stream) goes into checkpoints, so a resumed run sees exactly the same batches.
/// </summary>
public sealed class EpochSampler
{
    private readonly Rng _rng;
    private int[] _order;

    /// <summary>Creates a sampler; the first epoch's order is drawn immediately.</summary>
    public EpochSampler(int count, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(rng);
        Count = count;
        _rng = rng;
        _order = Shuffled();
    }

    /// <summary>Items per epoch.</summary>
    public int Count { get; }

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>Position within this epoch's order.</summary>
    public int Position { get; private set; }

    /// <summary>The next up-to-<paramref name="size"/> indices; a new epoch starts (reshuffled) when this one is used up.</summary>
    public int[] Next(int size)
    {
        if (Position >= Count)
        {
            Epoch++;
            Position = 0;
            _order = Shuffled();
        }

        int n = Math.Min(size, Count - Position);
        var batch = _order.AsSpan(Position, n).ToArray();
        Position += n;
        return batch;
    }

    /// <summary>The state: [epoch, position, 6 words of the stream] and this epoch's order.</summary>
    public (long[] Header, int[] Order) GetState() =>
        ([Epoch, Position, .. _rng.GetState().Select(u => unchecked((long)u))], (int[])_order.Clone());

    /// <summary>Restores <see cref="GetState"/>'s output.</summary>
    /// <exception cref="FormatException">When the state does not fit this sampler.</exception>
    public void SetState(long[] header, int[] order)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(order);
        if (header.Length != 8 || order.Length != Count)
        {
            throw new FormatException($"The data position in the checkpoint covers {order.Length} items but this data set has {Count}: the data changed since the checkpoint was written.");
        }

        Epoch = (int)header[0];
        Position = (int)header[1];
        _rng.SetState(header[2..].Select(l => unchecked((ulong)l)).ToArray());
        _order = (int[])order.Clone();
    }

    private int[] Shuffled()
    {
        var order = Enumerable.Range(0, Count).ToArray();
        _rng.Shuffle<int>(order);
        return order;
    }
}
