using System.Numerics;
using SliceMoE.Numerics;

namespace SliceMoE.Layers;

/// <summary>Inverted dropout: while training each element is zeroed with probability p and survivors scaled by 1/(1−p); identity otherwise.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Dropout<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private byte[] _mask = [];
    private int _length;
    private bool _active;

    /// <summary>Creates a dropout with rate <paramref name="rate"/> in [0, 1).</summary>
    public Dropout(double rate)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        Rate = rate;
    }

    /// <summary>p.</summary>
    public double Rate { get; }

    /// <summary>y = dropout(x) in place (draws from the context's Rng in element order while training).</summary>
    public void Forward(Span<T> x, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _active = context.Training && Rate > 0;
        _length = x.Length;
        if (!_active)
        {
            return;
        }

        var rng = context.Rng ?? throw new ArgumentException("Dropout is active: the forward context needs an Rng.", nameof(context));
        if (_mask.Length < x.Length)
        {
            _mask = new byte[x.Length];
        }

        var scale = T.CreateTruncating(1 / (1 - Rate));
        for (int i = 0; i < x.Length; i++)
        {
            bool keep = rng.NextDouble() >= Rate;
            _mask[i] = keep ? (byte)1 : (byte)0;
            x[i] = keep ? x[i] * scale : T.Zero;
        }
    }

    /// <summary>dx = dropout'(dy) in place.</summary>
    public void Backward(Span<T> dy)
    {
        if (!_active)
        {
            return;
        }

        var scale = T.CreateTruncating(1 / (1 - Rate));
        for (int i = 0; i < _length; i++)
        {
            dy[i] = _mask[i] != 0 ? dy[i] * scale : T.Zero;
        }
    }
}
