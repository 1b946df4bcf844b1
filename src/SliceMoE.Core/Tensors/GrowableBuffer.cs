namespace SliceMoE.Tensors;

/// <summary>
/// A layer's activation buffer that is reused from call to call and reallocated only when a call needs more room
/// (with 25% headroom), so steady-state training allocates nothing and takes no page faults.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GrowableBuffer<T> : IDisposable where T : unmanaged
{
    private AlignedBuffer<T>? _buffer;

    /// <summary>Elements in use since the last <see cref="Ensure"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The first <see cref="Length"/> elements.</summary>
    public Span<T> Span => _buffer is null ? Span<T>.Empty : _buffer.AsSpan(0, Length);

    /// <summary>Makes room for <paramref name="length"/> elements and returns them (contents unspecified unless <paramref name="clear"/>).</summary>
    public Span<T> Ensure(int length, bool clear = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_buffer is null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            _buffer = new AlignedBuffer<T>(length + (length / 4));
        }

        Length = length;
        var span = _buffer.AsSpan(0, length);
        if (clear)
        {
            span.Clear();
        }

        return span;
    }

    /// <summary>Makes room for a tensor of <paramref name="shape"/> and returns it as a view of this buffer (valid until the next growth).</summary>
    public Tensor<T> EnsureTensor(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        Ensure(checked((int)n));
        return Tensor<T>.ViewOf(_buffer!, 0, shape);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
        Length = 0;
    }
}
