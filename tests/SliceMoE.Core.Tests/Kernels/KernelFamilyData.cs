using SliceMoE.Kernels.Gemm;

namespace SliceMoE.Tests.Kernels;

/// <summary>Every kernel family this machine can run, as xunit theory data, so each test covers all of them.</summary>
public static class KernelFamilyData
{
    public static TheoryData<KernelFamily> Supported()
    {
        var data = new TheoryData<KernelFamily>();
        foreach (var f in new[] { KernelFamily.Vector512, KernelFamily.Vector256, KernelFamily.Reference })
        {
            if (KernelFamilies.IsSupported(f))
            {
                data.Add(f);
            }
        }

        return data;
    }
}
