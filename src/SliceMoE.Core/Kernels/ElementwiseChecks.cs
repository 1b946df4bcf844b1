namespace SliceMoE.Kernels;

/// <summary>Argument checks shared by the element-wise and row-wise kernels.</summary>
internal static class ElementwiseChecks
{
    public static void SameLength(int expected, int actual, string parameter)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"{parameter} has {actual} elements but {expected} were expected.", parameter);
        }
    }

    public static void AtLeast(long required, int actual, string parameter, string what)
    {
        if (actual < required)
        {
            throw new ArgumentException($"{parameter} has {actual} elements but {what} needs {required}.", parameter);
        }
    }

    public static void RowShape(int length, int rows, int columns, string parameter)
    {
        if ((long)rows * columns != length)
        {
            throw new ArgumentException($"{parameter} has {length} elements, not rows x columns = {rows} x {columns}.", parameter);
        }
    }
}
