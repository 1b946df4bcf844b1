namespace SliceMoE.Tests.Support;

/// <summary>Paths of the committed test fixtures (copied next to the test assembly).</summary>
public static class Fixtures
{
    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", name);
}
