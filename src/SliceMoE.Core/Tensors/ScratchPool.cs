using System.Numerics;

namespace SliceMoE.Tensors;

/// <summary>
/// Process-wide pool of aligned scratch buffers for temporaries inside kernels and layers.
/// Buffers are kept after use, bucketed by power-of-two byte size, so a training step that
/// rents the same sizes every time allocates (and page-faults) only during the first step.
/// Thread-safe. Rented memory is NOT zeroed.
/// </summary>
public static class ScratchPool
{
    /// <summary>Buffers kept per size class; beyond this, returned buffers are freed.</summary>
    private const int MaxRetainedPerBucket = 8;

    private static readonly Dictionary<int, Stack<AlignedBuffer<byte>>> Buckets = [];
    private static readonly Lock Gate = new();

    /// <summary>Rents at least <paramref name="length"/> elements; dispose the lease to return them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="length"/> is negative.</exception>
    public static unsafe ScratchLease<T> Rent<T>(long length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long bytes = Math.Max(64, length * sizeof(T));
        int bucket = 64 - BitOperations.LeadingZeroCount((ulong)(bytes - 1));
        AlignedBuffer<byte>? buffer = null;
        lock (Gate)
        {
            if (Buckets.TryGetValue(bucket, out var stack) && stack.Count > 0)
            {
                buffer = stack.Pop();
            }
        }

        buffer ??= new AlignedBuffer<byte>(1L << bucket);
        return new ScratchLease<T>(buffer, bucket, length);
    }

    /// <summary>Frees every retained buffer (for tests and for long-lived processes that shrink).</summary>
    public static void Trim()
    {
        lock (Gate)
        {
            foreach (var stack in Buckets.Values)
            {
                while (stack.Count > 0)
                {
                    stack.Pop().Dispose();
                }
            }

            Buckets.Clear();
        }
    }

    internal static void Return(AlignedBuffer<byte> buffer, int bucket)
    {
        lock (Gate)
        {
            if (!Buckets.TryGetValue(bucket, out var stack))
            {
                stack = new Stack<AlignedBuffer<byte>>();
                Buckets[bucket] = stack;
            }

            if (stack.Count < MaxRetainedPerBucket)
            {
                stack.Push(buffer);
                return;
            }
        }

        buffer.Dispose();
    }
}

/// <summary>A scratch buffer rented from <see cref="ScratchPool"/>; dispose it to give it back.</summary>
/// <typeparam name="T">Element type.</typeparam>
public unsafe struct ScratchLease<T> : IDisposable where T : unmanaged
{
    private AlignedBuffer<byte>? _buffer;
    private readonly int _bucket;

    internal ScratchLease(AlignedBuffer<byte> buffer, int bucket, long length)
    {
        _buffer = buffer;
        _bucket = bucket;
        Length = length;
    }

    /// <summary>Number of usable elements.</summary>
    public readonly long Length { get; }

    /// <summary>Address of the first element (64-byte aligned).</summary>
    public readonly T* Pointer => (T*)(_buffer ?? throw new ObjectDisposedException(nameof(ScratchLease<T>))).Pointer;

    /// <summary>The elements as a span (the length must fit in an <see cref="int"/>).</summary>
    public readonly Span<T> Span => new(Pointer, checked((int)Length));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ScratchPool.Return(buffer, _bucket);
        }
    }
}
