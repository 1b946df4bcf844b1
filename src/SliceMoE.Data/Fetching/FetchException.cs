namespace SliceMoE.Data.Fetching;

/// <summary>A fetch that failed: a package tool exited with an error, or what it produced did not verify. The message names the data set, the package and the command.</summary>
public sealed class FetchException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public FetchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public FetchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public FetchException()
        : base("Fetching a data set failed.")
    {
    }
}
