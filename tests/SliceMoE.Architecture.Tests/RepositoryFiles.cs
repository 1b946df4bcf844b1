namespace SliceMoE.Tests.Architecture;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SliceMoE.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SliceMoE.slnx was not found above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository's root folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The full path of <paramref name="relative"/> (with '/' separators) in the repository.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Whether the tests should rewrite generated documents instead of failing on a difference.</summary>
    public static bool UpdateDocuments => Environment.GetEnvironmentVariable("SLICEMOE_UPDATE_DOCS") == "1";
}
