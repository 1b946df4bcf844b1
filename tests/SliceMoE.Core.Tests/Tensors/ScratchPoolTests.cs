using SliceMoE.Tensors;

namespace SliceMoE.Tests.Tensors;

/// <summary>
/// The scratch pool is process-wide: a test that runs beside this one (a GEMM, a layer) may rent the buffer this one
/// returned before it rents it again, so these tests run in the serial collection.
/// </summary>
[Collection(SerialCollection.Name)]
public class ScratchPoolTests
{
    [Fact]
    public void Scratch_leases_are_reused()
    {
        ScratchPool.Trim();
        nint first;
        unsafe
        {
            using (var a = ScratchPool.Rent<float>(1000))
            {
                first = (nint)a.Pointer;
            }

            using var b = ScratchPool.Rent<float>(900);
            Assert.Equal(first, (nint)b.Pointer);
        }
    }
}
