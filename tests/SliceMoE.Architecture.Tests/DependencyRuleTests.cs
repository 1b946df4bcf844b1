using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SliceMoE.Tests.Architecture;

/// <summary>The "may not use" rules of the packages that a machine can check, on the project files and the sources.</summary>
public class DependencyRuleTests
{
    private static readonly ProjectGraph Graph = ProjectGraph.Load();

    private static IEnumerable<ProjectNode> Packages => Graph.Nodes.Where(n => n.Kind == ProjectKind.Package);

    /// <summary>The C# sources of a project (without obj/ and bin/), with their paths relative to the repository.</summary>
    private static IEnumerable<(string Path, string Text)> Sources(string project, string subfolder = "")
    {
        string root = RepositoryFiles.Path(Path.Combine("src", project, subfolder));
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(RepositoryFiles.Root, f), File.ReadAllText(f)));
    }

    private static void AssertNoMatch(IEnumerable<(string Path, string Text)> sources, string pattern, string rule)
    {
        var hits = sources.Where(s => Regex.IsMatch(s.Text, pattern)).Select(s => s.Path).ToArray();
        Assert.True(hits.Length == 0, $"{rule}: {string.Join(", ", hits)}");
    }

    [Fact]
    public void The_core_uses_no_project_and_no_package_but_System_Numerics_Tensors()
    {
        var core = Graph["SliceMoE.Core"];
        Assert.Empty(core.References);
        Assert.All(core.Packages, p => Assert.StartsWith("System.Numerics.Tensors ", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Packages_use_only_packages()
    {
        foreach (var p in Packages)
        {
            var offending = Graph.Closure(p.Name).Where(r => Graph[r].Kind != ProjectKind.Package).ToArray();
            Assert.True(offending.Length == 0, $"{p.Name} uses the application code {string.Join(", ", offending)}");
        }
    }

    [Fact]
    public void The_moe_layer_needs_only_the_core()
    {
        Assert.Equal(["SliceMoE.Core"], Graph.Closure("SliceMoE").Order());
    }

    [Fact]
    public void The_onnx_export_needs_only_the_models()
    {
        Assert.Equal(["SliceMoE", "SliceMoE.Core", "SliceMoE.Models"], Graph.Closure("SliceMoE.Onnx").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_layers_know_nothing_of_the_moe_family()
    {
        AssertNoMatch(Sources("SliceMoE", "Layers"), @"\bMoe\b|SliceMoE\.Moe", "src/SliceMoE/Layers uses SliceMoE.Moe");
    }

    [Fact]
    public void No_package_starts_a_process_or_parses_a_command_line()
    {
        foreach (var p in Packages)
        {
            AssertNoMatch(Sources(p.Name), @"\bProcessStartInfo\b|\bProcess\.Start\b|System\.Diagnostics\.Process\b", $"{p.Name} starts processes");
            Assert.DoesNotContain(p.Packages, x => x.StartsWith("System.CommandLine ", StringComparison.Ordinal) || x.StartsWith("Spectre.Console ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void No_package_constructs_the_data_cache()
    {
        // The application decides where fetched data live and hands the cache (or a data source) to the libraries.
        foreach (var p in Packages)
        {
            AssertNoMatch(Sources(p.Name), @"new\s+DataCache\s*\(", $"{p.Name} constructs a DataCache");
        }
    }

    [Fact]
    public void Every_project_has_a_test_project_that_references_it_and_nothing_that_uses_it()
    {
        foreach (var n in Graph.Nodes)
        {
            string file = RepositoryFiles.Path($"tests/{n.Name}.Tests/{n.Name}.Tests.csproj");
            Assert.True(File.Exists(file), $"{n.Name} has no tests/{n.Name}.Tests project");
            var references = XDocument.Load(file).Descendants("ProjectReference")
                .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
                .Where(path => path.Contains("/src/", StringComparison.Ordinal)) // test helpers under tests/ are not the package graph
                .Select(path => Path.GetFileNameWithoutExtension(path))
                .ToArray();
            Assert.Contains(n.Name, references);
            // A test may borrow a package beside it (the Text tests read the shipped sample through SliceMoE.Data), never one above it.
            var above = references.Where(r => Graph.Closure(r).Contains(n.Name)).ToArray();
            Assert.True(above.Length == 0, $"tests/{n.Name}.Tests references {string.Join(", ", above)}, which uses {n.Name}: test a package from below, not from above");
        }
    }
}
