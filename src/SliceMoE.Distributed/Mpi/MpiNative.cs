using System.Runtime.InteropServices;

namespace SliceMoE.Distributed.Mpi;

/// <summary>
/// The few functions of the MPI C API this package calls, bound at run time from Open MPI's libmpi.so.40. Open MPI's
/// handles are the addresses of exported globals (<c>MPI_COMM_WORLD</c> is <c>&amp;ompi_mpi_comm_world</c>,
/// <c>MPI_FLOAT</c> is <c>&amp;ompi_mpi_float</c>, ...), read with <see cref="NativeLibrary.GetExport"/>. The library is
/// opened with RTLD_GLOBAL, as mpi4py does, so that the components Open MPI loads itself can see its symbols.
/// </summary>
internal static unsafe partial class MpiNative
{
    public const int Success = 0;
    public const int ThreadSerialized = 2;
    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;

    private static readonly string[] LibraryNames = ["libmpi.so.40", "libmpi.so"];

    public static nint Library { get; private set; }

    public static nint CommWorld { get; private set; }

    public static nint ErrorsReturn { get; private set; }

    public static nint OpSum { get; private set; }

    public static nint OpMax { get; private set; }

    public static nint OpMin { get; private set; }

    public static nint Float { get; private set; }

    public static nint Double { get; private set; }

    public static nint Int { get; private set; }

    public static nint Int64 { get; private set; }

    public static nint UInt8 { get; private set; }

    // int MPI_Init_thread(int *argc, char ***argv, int required, int *provided)
    public static delegate* unmanaged<int*, byte***, int, int*, int> InitThread;
    public static delegate* unmanaged<int*, int> Initialized;
    public static delegate* unmanaged<int> Finalize;
    public static delegate* unmanaged<nint, int*, int> CommRank;
    public static delegate* unmanaged<nint, int*, int> CommSize;
    public static delegate* unmanaged<nint, int, int, nint*, int> CommSplit;
    public static delegate* unmanaged<nint*, int> CommFree;
    public static delegate* unmanaged<nint, nint, int> CommSetErrhandler;
    public static delegate* unmanaged<void*, void*, int, nint, nint, nint, int> Allreduce;
    public static delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int> Iallreduce;
    public static delegate* unmanaged<nint*, void*, int> Wait;
    public static delegate* unmanaged<nint*, int*, void*, int> Test;
    public static delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> Alltoall;
    public static delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int> Alltoallv;
    public static delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> Allgather;
    public static delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int> Allgatherv;
    public static delegate* unmanaged<void*, int, nint, int, nint, int> Bcast;
    public static delegate* unmanaged<nint, int> Barrier;
    public static delegate* unmanaged<nint, int, int> Abort;
    public static delegate* unmanaged<int, byte*, int*, int> ErrorString;

    /// <summary>Opens libmpi and binds every function and handle; throws <see cref="DllNotFoundException"/> with what to install when it is absent.</summary>
    public static void Load()
    {
        if (Library != 0)
        {
            return;
        }

        nint lib = 0;
        foreach (var name in LibraryNames)
        {
            lib = DlOpen(name, RtldNow | RtldGlobal);
            if (lib != 0)
            {
                break;
            }
        }

        if (lib == 0)
        {
            throw new DllNotFoundException($"MPI is not installed: none of {string.Join(", ", LibraryNames)} could be loaded. On Debian: apt-get install -y openmpi-bin libopenmpi-dev.");
        }

        nint Get(string symbol) => NativeLibrary.GetExport(lib, symbol);
        InitThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Get("MPI_Init_thread");
        Initialized = (delegate* unmanaged<int*, int>)Get("MPI_Initialized");
        Finalize = (delegate* unmanaged<int>)Get("MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)Get("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Get("MPI_Comm_size");
        CommSplit = (delegate* unmanaged<nint, int, int, nint*, int>)Get("MPI_Comm_split");
        CommFree = (delegate* unmanaged<nint*, int>)Get("MPI_Comm_free");
        CommSetErrhandler = (delegate* unmanaged<nint, nint, int>)Get("MPI_Comm_set_errhandler");
        Allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Get("MPI_Allreduce");
        Iallreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int>)Get("MPI_Iallreduce");
        Wait = (delegate* unmanaged<nint*, void*, int>)Get("MPI_Wait");
        Test = (delegate* unmanaged<nint*, int*, void*, int>)Get("MPI_Test");
        Alltoall = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Get("MPI_Alltoall");
        Alltoallv = (delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int>)Get("MPI_Alltoallv");
        Allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Get("MPI_Allgather");
        Allgatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int>)Get("MPI_Allgatherv");
        Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Get("MPI_Bcast");
        Barrier = (delegate* unmanaged<nint, int>)Get("MPI_Barrier");
        Abort = (delegate* unmanaged<nint, int, int>)Get("MPI_Abort");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Get("MPI_Error_string");
        CommWorld = Get("ompi_mpi_comm_world");
        ErrorsReturn = Get("ompi_mpi_errors_return");
        OpSum = Get("ompi_mpi_op_sum");
        OpMax = Get("ompi_mpi_op_max");
        OpMin = Get("ompi_mpi_op_min");
        Float = Get("ompi_mpi_float");
        Double = Get("ompi_mpi_double");
        Int = Get("ompi_mpi_int");
        Int64 = Get("ompi_mpi_int64_t");
        UInt8 = Get("ompi_mpi_uint8_t");
        Library = lib;
    }

    /// <summary>Throws <see cref="MpiException"/> naming <paramref name="call"/> and MPI's message unless <paramref name="code"/> is success.</summary>
    public static void Check(int code, string call)
    {
        if (code == Success)
        {
            return;
        }

        var buffer = stackalloc byte[512];
        int length = 0;
        string text = ErrorString is not null && ErrorString(code, buffer, &length) == Success ? Marshal.PtrToStringUTF8((nint)buffer, length) : $"error {code}";
        throw new MpiException($"{call} failed: {text}", code);
    }

    /// <summary>The MPI datatype of an element type.</summary>
    public static nint Datatype<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? Float
        : typeof(T) == typeof(double) ? Double
        : typeof(T) == typeof(int) ? Int
        : typeof(T) == typeof(long) ? Int64
        : typeof(T) == typeof(byte) ? UInt8
        : throw new NotSupportedException($"MPI collectives here take float, double, int, long or byte, not {typeof(T).Name}.");

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string file, int mode);
}
