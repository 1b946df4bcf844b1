namespace SliceMoE.Tests.Architecture;

/// <summary>docs/architecture.md and the README's layout table are what the project files say today.</summary>
public class ArchitectureDocumentTests
{
    [Fact]
    public void Docs_architecture_md_is_generated_from_the_project_files()
    {
        string path = RepositoryFiles.Path("docs/architecture.md");
        string expected = ArchitectureDocument.Render(ProjectGraph.Load());
        if (RepositoryFiles.UpdateDocuments)
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            "docs/architecture.md differs from what src/*/*.csproj and src/*/README.md say: regenerate it with SLICEMOE_UPDATE_DOCS=1 dotnet test tests/SliceMoE.Architecture.Tests -c Release");
    }

    [Fact]
    public void The_readme_layout_table_is_generated_from_the_project_files()
    {
        string path = RepositoryFiles.Path("README.md");
        string readme = File.ReadAllText(path);
        int begin = readme.IndexOf(ArchitectureDocument.LayoutBegin, StringComparison.Ordinal);
        int end = readme.IndexOf(ArchitectureDocument.LayoutEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md lacks the markers {ArchitectureDocument.LayoutBegin} ... {ArchitectureDocument.LayoutEnd} around its layout table.");
        string current = readme[begin..(end + ArchitectureDocument.LayoutEnd.Length + 1)];
        string expected = ArchitectureDocument.RenderLayout(ProjectGraph.Load());
        if (RepositoryFiles.UpdateDocuments)
        {
            File.WriteAllText(path, readme.Replace(current, expected, StringComparison.Ordinal));
            current = expected;
        }

        Assert.Equal(expected, current);
    }
}
