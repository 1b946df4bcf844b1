namespace SliceMoE.IO.Safetensors;

/// <summary>
/// A malformed safetensors file, or a read that the file cannot satisfy. <see cref="Kind"/> says which
/// failure it is; the message names the file, the tensor, what was expected and what was found.
/// </summary>
public sealed class SafetensorsException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="kind">Which failure.</param>
    /// <param name="message">What was expected, what was found, how to fix it.</param>
    /// <param name="filePath">The file, when there is one.</param>
    /// <param name="tensorName">The tensor concerned, when there is one.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SafetensorsException(SafetensorsErrorKind kind, string message, string? filePath = null, string? tensorName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        FilePath = filePath;
        TensorName = tensorName;
    }

    /// <summary>Which failure this is.</summary>
    public SafetensorsErrorKind Kind { get; }

    /// <summary>The file concerned, if any.</summary>
    public string? FilePath { get; }

    /// <summary>The tensor concerned, if any.</summary>
    public string? TensorName { get; }
}
