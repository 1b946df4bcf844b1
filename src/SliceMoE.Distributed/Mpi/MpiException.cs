namespace SliceMoE.Distributed.Mpi;

/// <summary>An MPI call returned an error.</summary>
public sealed class MpiException : Exception
{
    /// <summary>An error with MPI's code.</summary>
    public MpiException(string message, int code)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The MPI error code.</summary>
    public int Code { get; }
}
