namespace SliceMoE.Kernels.Gemm;

/// <summary>A compile-time row count: the micro-kernel is instantiated once per tile height, with dead rows removed by the JIT.</summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

#pragma warning disable SA1649, CA1812 // one-line marker types, grouped on purpose
internal readonly struct Rows1 : IRowCount { public static int Value => 1; }
internal readonly struct Rows2 : IRowCount { public static int Value => 2; }
internal readonly struct Rows3 : IRowCount { public static int Value => 3; }
internal readonly struct Rows4 : IRowCount { public static int Value => 4; }
internal readonly struct Rows5 : IRowCount { public static int Value => 5; }
internal readonly struct Rows6 : IRowCount { public static int Value => 6; }
internal readonly struct Rows7 : IRowCount { public static int Value => 7; }
internal readonly struct Rows8 : IRowCount { public static int Value => 8; }
internal readonly struct Rows9 : IRowCount { public static int Value => 9; }
internal readonly struct Rows10 : IRowCount { public static int Value => 10; }
internal readonly struct Rows11 : IRowCount { public static int Value => 11; }
internal readonly struct Rows12 : IRowCount { public static int Value => 12; }
#pragma warning restore SA1649, CA1812
