using System.Xml.Linq;

namespace SliceMoE.Tests.Architecture;

/// <summary>What a project under src/ is: a library package, the .NET tool, or application code shipped inside the tool.</summary>
internal enum ProjectKind
{
    Package,
    Tool,
    Application,
}

/// <summary>One project under src/, as its project file and README.md describe it.</summary>
/// <param name="Name">Project (and package) name.</param>
/// <param name="Kind">Package, tool or application.</param>
/// <param name="References">Projects it references.</param>
/// <param name="Packages">NuGet packages it references (analyzers excluded), as "Id Version".</param>
/// <param name="Description">The project file's Description.</param>
/// <param name="Holds">Its README's "Holds" section.</param>
/// <param name="MayNotUse">Its README's "May not use" section.</param>
internal sealed record ProjectNode(string Name, ProjectKind Kind, IReadOnlyList<string> References, IReadOnlyList<string> Packages, string Description, string Holds, string MayNotUse);

/// <summary>The projects under src/ and their references, read from the project files (so nothing drawn from it can drift).</summary>
internal sealed class ProjectGraph
{
    private ProjectGraph(IReadOnlyList<ProjectNode> nodes)
    {
        Nodes = nodes;
    }

    /// <summary>Every project, dependencies before dependents (then by name).</summary>
    public IReadOnlyList<ProjectNode> Nodes { get; }

    /// <summary>The project named <paramref name="name"/>.</summary>
    public ProjectNode this[string name] => Nodes.Single(n => n.Name == name);

    /// <summary>Depth of each project: 0 for one that references none, else one more than its deepest reference.</summary>
    public int Layer(string name)
    {
        var node = this[name];
        return node.References.Count == 0 ? 0 : 1 + node.References.Max(Layer);
    }

    /// <summary>Every project a project depends on, directly or not.</summary>
    public IReadOnlySet<string> Closure(string name)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(this[name].References);
        while (stack.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var r in this[next].References)
                {
                    stack.Push(r);
                }
            }
        }

        return seen;
    }

    /// <summary>Reads src/*/*.csproj and src/*/README.md.</summary>
    public static ProjectGraph Load()
    {
        var nodes = new List<ProjectNode>();
        foreach (var dir in Directory.GetDirectories(RepositoryFiles.Path("src")).Order(StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetFileName(dir);
            string file = System.IO.Path.Combine(dir, name + ".csproj");
            if (!File.Exists(file))
            {
                continue;
            }

            var xml = XDocument.Load(file);
            string? Property(string p) => xml.Descendants(p).Select(e => e.Value.Trim()).FirstOrDefault();
            var references = xml.Descendants("ProjectReference")
                .Select(e => System.IO.Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
                .Order(StringComparer.Ordinal).ToArray();
            var packages = xml.Descendants("PackageReference")
                .Where(e => e.Attribute("PrivateAssets")?.Value != "all")
                .Select(e => $"{e.Attribute("Include")!.Value} {e.Attribute("Version")!.Value}")
                .Order(StringComparer.Ordinal).ToArray();
            var kind = Property("PackAsTool") == "true" ? ProjectKind.Tool : Property("IsPackable") == "false" ? ProjectKind.Application : ProjectKind.Package;
            string readme = File.ReadAllText(System.IO.Path.Combine(dir, "README.md"));
            nodes.Add(new ProjectNode(name, kind, references, packages, Property("Description") ?? string.Empty, Section(readme, "Holds", name), Section(readme, "May not use", name)));
        }

        var unordered = new ProjectGraph(nodes);
        return new ProjectGraph(nodes.OrderBy(n => unordered.Layer(n.Name)).ThenBy(n => n.Name, StringComparer.Ordinal).ToArray());
    }

    /// <summary>The first paragraph under "## <paramref name="heading"/>" of a README, on one line.</summary>
    private static string Section(string readme, string heading, string project)
    {
        var lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int start = Array.IndexOf(lines, "## " + heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"src/{project}/README.md has no '## {heading}' section: every project's README says what it holds and what it may not use.");
        }

        var paragraph = lines.Skip(start + 1).SkipWhile(string.IsNullOrWhiteSpace).TakeWhile(l => !string.IsNullOrWhiteSpace(l) && !l.StartsWith('#'));
        return string.Join(' ', paragraph.Select(l => l.Trim()));
    }
}
