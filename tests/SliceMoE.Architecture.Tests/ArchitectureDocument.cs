using System.Text;

namespace SliceMoE.Tests.Architecture;

/// <summary>
/// Renders docs/architecture.md and the README's layout table from the <see cref="ProjectGraph"/>: the package graph
/// (Mermaid, and the same as a table), then one paragraph per project from its README.
/// </summary>
internal static class ArchitectureDocument
{
    /// <summary>Where the README's generated layout table starts and ends.</summary>
    public const string LayoutBegin = "<!-- layout: generated from the project files by tests/SliceMoE.Architecture.Tests -->";

    /// <inheritdoc cref="LayoutBegin"/>
    public const string LayoutEnd = "<!-- layout end -->";

    private const string Regenerate = "SLICEMOE_UPDATE_DOCS=1 dotnet test tests/SliceMoE.Architecture.Tests -c Release";

    public static string Render(ProjectGraph graph)
    {
        var s = new StringBuilder();
        s.Append("# Architecture\n\n");
        s.Append($"<!-- Generated from src/*/*.csproj and src/*/README.md by tests/SliceMoE.Architecture.Tests; edit those, then run `{Regenerate}`. -->\n\n");
        s.Append("SliceMoE.NET is a set of NuGet packages whose references point one way, a .NET tool, and application code the tool carries. ");
        s.Append("An arrow goes from a project to one it uses; a project uses only what is below it. ");
        s.Append("A user who wants only the MoE layer takes `SliceMoE` (which brings `SliceMoE.Core`) and nothing that starts processes or writes reports. ");
        s.Append("The rules in each project's \"may not use\" that can be checked mechanically are tests (tests/SliceMoE.Architecture.Tests/DependencyRuleTests.cs).\n\n");

        s.Append("```mermaid\nflowchart BT\n");
        foreach (var n in graph.Nodes)
        {
            string shape = n.Kind switch { ProjectKind.Package => $"[\"{n.Name}\"]", ProjectKind.Tool => $"([\"{n.Name} (tool)\"])", _ => $"[/\"{n.Name} (application)\"/]" };
            s.Append($"  {Id(n.Name)}{shape}\n");
        }

        foreach (var n in graph.Nodes)
        {
            foreach (var r in n.References)
            {
                s.Append($"  {Id(n.Name)} --> {Id(r)}\n");
            }
        }

        s.Append("```\n\n");
        s.Append("| layer | project | kind | uses (projects) | uses (NuGet) |\n|---|---|---|---|---|\n");
        foreach (var n in graph.Nodes)
        {
            s.Append($"| {graph.Layer(n.Name)} | `{n.Name}` | {Kind(n.Kind)} | {List(n.References)} | {List(n.Packages)} |\n");
        }

        s.Append("\n## The projects\n");
        foreach (var n in graph.Nodes)
        {
            s.Append($"\n### {n.Name}\n\n");
            s.Append($"{char.ToUpperInvariant(Kind(n.Kind)[0])}{Kind(n.Kind)[1..]}, layer {graph.Layer(n.Name)}, in `src/{n.Name}/`, tested by `tests/{n.Name}.Tests/`. {n.Description}\n\n");
            s.Append($"**Holds.** {n.Holds}\n\n");
            s.Append($"**May not use.** {n.MayNotUse}\n");
        }

        return s.ToString();
    }

    /// <summary>The README's layout table (between <see cref="LayoutBegin"/> and <see cref="LayoutEnd"/>).</summary>
    public static string RenderLayout(ProjectGraph graph)
    {
        var s = new StringBuilder();
        s.Append(LayoutBegin).Append('\n');
        s.Append("| folder | what |\n|---|---|\n");
        foreach (var n in graph.Nodes)
        {
            s.Append($"| `src/{n.Name}/` | {Kind(n.Kind)}: {n.Description} |\n");
        }

        s.Append("| `tests/<project>.Tests/` | the tests of each project, mirroring its folders (finite differences in float64, equivalences, PyTorch golden files); `tests/SliceMoE.Architecture.Tests/` checks the package graph and its rules |\n");
        s.Append("| `data/` | the shipped sample and tokenizer files (no fetch needed; the tool carries them) |\n");
        s.Append("| `docs/` | [architecture](docs/architecture.md), data, tokenizers, dependencies, reporting, benchmark outputs, the committed reproduction run |\n");
        s.Append(LayoutEnd).Append('\n');
        return s.ToString();
    }

    private static string Kind(ProjectKind kind) => kind switch
    {
        ProjectKind.Package => "package",
        ProjectKind.Tool => ".NET tool",
        _ => "application (inside the tool)",
    };

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "—" : string.Join(", ", items.Select(i => $"`{i}`"));

    private static string Id(string name) => name.Replace('.', '_');
}
