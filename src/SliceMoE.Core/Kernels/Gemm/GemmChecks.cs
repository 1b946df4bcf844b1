namespace SliceMoE.Kernels.Gemm;

/// <summary>Argument validation for the GEMM entry points: every message names the operand and what it needs.</summary>
internal static class GemmChecks
{
    public static void Dimensions(int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be non-negative (m={m}, n={n}, k={k}).");
        }
    }

    /// <summary>Checks that a span holds a stored rows x cols row-major matrix with leading dimension ld.</summary>
    public static void Operand(string name, int length, long rows, int cols, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException($"{name}: leading dimension {ld} is smaller than the {cols} columns each stored row holds.", name);
        }

        if (rows == 0 || cols == 0)
        {
            return;
        }

        long need = ((rows - 1) * ld) + cols;
        if (length < need)
        {
            throw new ArgumentException($"{name} has {length} elements but a stored {rows} x {cols} matrix with leading dimension {ld} needs {need}.", name);
        }
    }

    public static void NoOverlap<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> input, string outputName, string inputName)
    {
        if (!output.IsEmpty && !input.IsEmpty && output.Overlaps(input))
        {
            throw new ArgumentException($"{outputName} must not overlap {inputName}: the kernels read inputs while writing outputs.", outputName);
        }
    }

    public static void Epilogue<T>(in GemmEpilogue<T> epilogue, int n, int biasRows, long rows, int ldc, ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        if (epilogue.Kind == GemmEpilogueKind.None)
        {
            return;
        }

        long biasStride = epilogue.BiasGroupStride == 0 ? n : epilogue.BiasGroupStride;
        if (!epilogue.Bias.IsEmpty && biasRows > 0 && epilogue.Bias.Length < ((biasRows - 1) * biasStride) + n)
        {
            throw new ArgumentException($"bias has {epilogue.Bias.Length} elements but {biasRows} rows of {n} at stride {biasStride} need {((biasRows - 1) * biasStride) + n}.", nameof(epilogue));
        }

        if (!epilogue.BiasGradient.IsEmpty && biasRows > 0 && epilogue.BiasGradient.Length < ((biasRows - 1) * biasStride) + n)
        {
            throw new ArgumentException($"biasGradient has {epilogue.BiasGradient.Length} elements but {biasRows} rows of {n} at stride {biasStride} need {((biasRows - 1) * biasStride) + n}.", nameof(epilogue));
        }

        bool derivative = epilogue.Kind is GemmEpilogueKind.BiasActivationDerivative or GemmEpilogueKind.DerivativeScale or GemmEpilogueKind.ReluMask;
        string auxName = epilogue.Kind == GemmEpilogueKind.ReluMask ? "reluOutput" : derivative ? "derivative" : "preActivation";
        if (derivative && epilogue.Aux.IsEmpty)
        {
            throw new ArgumentException($"This epilogue needs the {auxName} buffer (laid out like C).", nameof(epilogue));
        }

        if (!epilogue.Aux.IsEmpty)
        {
            Operand(auxName, epilogue.Aux.Length, rows, n, ldc);
            NoOverlap<T>(epilogue.Aux, a, auxName, "A");
            NoOverlap<T>(epilogue.Aux, b, auxName, "B");
        }

    }

    public static void Offsets(ReadOnlySpan<int> offsets)
    {
        if (offsets.Length < 1)
        {
            throw new ArgumentException("Group offsets need at least one entry (G groups take G + 1 offsets).", nameof(offsets));
        }

        if (offsets[0] < 0)
        {
            throw new ArgumentException($"Group offsets must start at a non-negative row, not {offsets[0]}.", nameof(offsets));
        }

        for (int g = 1; g < offsets.Length; g++)
        {
            if (offsets[g] < offsets[g - 1])
            {
                throw new ArgumentException($"Group offsets must not decrease: offsets[{g}] = {offsets[g]} < offsets[{g - 1}] = {offsets[g - 1]}.", nameof(offsets));
            }
        }
    }
}
