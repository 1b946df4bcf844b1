namespace SliceMoE.IO.Safetensors;

/// <summary>What went wrong, one value per failure, so callers and tests can tell failures apart.</summary>
public enum SafetensorsErrorKind
{
    /// <summary>The file is shorter than the 8-byte header-length prefix.</summary>
    FileTooSmall,

    /// <summary>The header length exceeds the 100,000,000-byte limit of the official implementation (on write: the header would).</summary>
    HeaderTooLarge,

    /// <summary>The header length points past the end of the file (a truncated or non-safetensors file).</summary>
    HeaderExceedsFile,

    /// <summary>The header bytes are not valid UTF-8.</summary>
    HeaderNotUtf8,

    /// <summary>The header does not begin with <c>{</c>: it is not a JSON object.</summary>
    HeaderNotJsonObject,

    /// <summary>The header is not well-formed JSON (syntax error, comment, trailing comma, trailing content).</summary>
    HeaderNotJson,

    /// <summary>A tensor entry is not an object, lacks <c>dtype</c>, <c>shape</c> or <c>data_offsets</c>, repeats a field, or has a field of the wrong JSON type.</summary>
    InvalidEntry,

    /// <summary>A dtype name is not one of the known names (they are case-sensitive).</summary>
    UnknownDtype,

    /// <summary>A tensor name (or a metadata key) appears twice.</summary>
    DuplicateName,

    /// <summary>A shape is not an array of non-negative integers, a dimension exceeds <see cref="int.MaxValue"/>, or the element count overflows.</summary>
    InvalidShape,

    /// <summary><c>__metadata__</c> is not an object whose values are all strings.</summary>
    MetadataNotStrings,

    /// <summary>A tensor's <c>data_offsets</c> end before they begin.</summary>
    OffsetsReversed,

    /// <summary>A tensor's bytes lie (partly) past the end of the file's byte buffer (typically a truncated file).</summary>
    OffsetsOutOfRange,

    /// <summary>Two tensors' byte ranges overlap.</summary>
    OffsetsOverlap,

    /// <summary>Some bytes of the buffer belong to no tensor (a hole between tensors, or before the first).</summary>
    OffsetsHole,

    /// <summary>A tensor's byte range length differs from its shape's element count times its dtype's size.</summary>
    SizeMismatch,

    /// <summary>The buffer holds bytes past the end of the last tensor.</summary>
    TrailingBytes,

    /// <summary>A requested tensor is not in the file.</summary>
    MissingTensor,

    /// <summary>A tensor's shape differs from the shape the caller required.</summary>
    ShapeMismatch,

    /// <summary>A tensor's dtype cannot be converted to the requested element type.</summary>
    DtypeNotConvertible,

    /// <summary>An integer element does not fit the requested narrower type.</summary>
    ValueOutOfRange,
}
