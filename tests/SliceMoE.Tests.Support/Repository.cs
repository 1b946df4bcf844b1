namespace SliceMoE.Tests.Support;

/// <summary>The repository the tests run from (the first folder above the test assembly that holds SliceMoE.slnx).</summary>
public static class Repository
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The absolute path of a repository-relative path.</summary>
    public static string PathOf(string relative) => Path.Combine(Root.Value, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SliceMoE.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SliceMoE.slnx above {AppContext.BaseDirectory}; tests run from inside the repository.");
    }
}
