namespace SliceMoE.Kernels.Activations;

/// <summary>Element-wise nonlinearities of the FFN and router layers.</summary>
public enum Activation
{
    /// <summary>Identity: f(x) = x.</summary>
    None,

    /// <summary>f(x) = max(x, 0); f'(0) is taken as 0.</summary>
    Relu,

    /// <summary>Exact GELU: f(x) = x Φ(x) = 0.5 x (1 + erf(x / √2)) (PyTorch's default <c>gelu</c>).</summary>
    GeluErf,

    /// <summary>Tanh GELU: f(x) = 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))) (PyTorch's <c>approximate="tanh"</c>).</summary>
    GeluTanh,
}
