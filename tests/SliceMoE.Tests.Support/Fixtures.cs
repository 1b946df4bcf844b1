namespace SliceMoE.Tests.Support;

/// <summary>Paths of the committed test fixtures (copied next to the test assembly).</summary>
public static class Fixtures
{
    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", name);

    /// <summary>A fixture of the PyTorch replica of the models (tools/replica/make_fixtures.py).</summary>
    public static string Replica(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "replica", name);
}
