using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// No folder cycle inside a room (issue 83, item 3): a room's folders are its concepts, and a folder that uses another
/// is never used back, through any chain. The graph is read from the code with Roslyn's semantic model over the room's
/// sources: a file's folder uses the folder of every declaration a name in it binds to (a type: the file named after it,
/// else its first part; a member: the file that declares it). The room's root folder counts as one folder. Issue 83
/// measured Grading's 6 of 7 folders and Runner's 4 of 5 in one cycle, and Web's root with all six of its folders; moves
/// broke the first two and Semester's, and Web's went with its app moved up into <c>App/</c> and the desk's parts into
/// its root (Graders/Web/README.md).
/// </summary>
public sealed class FolderCyclesTests
{
    private static readonly string[] Rooms = ["Runner", "Grading", "Semester", "Web", "Serve", "Cli"];

    /// <summary>The namespaces <c>ImplicitUsings</c> imports in a project of Microsoft.NET.Sdk.</summary>
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    [Test]
    public void No_room_has_a_folder_cycle()
    {
        var cycles = new List<(string Members, string Text)>();
        var graphs = new Dictionary<string, Dictionary<string, Dictionary<string, List<string>>>>(StringComparer.Ordinal);
        foreach (var room in Rooms)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            graphs[room] = FolderGraph(Path.Combine(RepositoryRoot.Path, "Graders", room));
            TestContext.Out.WriteLine($"{room}: {graphs[room].Count} folders read in {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s of CPU");
            cycles.AddRange(Cycles(room, graphs[room]));
        }

        // Each room with a cycle: its whole graph, each use once, to see which to move.
        foreach (var room in cycles.Select(c => c.Members[..c.Members.IndexOf(':')]).Distinct())
        {
            foreach (var (from, uses) in graphs[room].OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                TestContext.Out.WriteLine($"{room}: {from} → {string.Join(", ", uses.Keys.Order(StringComparer.Ordinal))}");
                foreach (var use in uses.Values.SelectMany(u => u).DistinctBy(u => u[u.IndexOf(" uses ", StringComparison.Ordinal)..]))
                {
                    TestContext.Out.WriteLine($"    {use}");
                }
            }
        }

        cycles.Should().BeEmpty(
            "a folder that uses another is never used back (move the type to its concept's folder, or go through a small interface); the cycles: "
            + string.Join(" | ", cycles.Select(c => c.Text)));
    }

    [Test]
    public void An_injected_cycle_is_named_with_the_uses_that_close_it()
    {
        var folder = Directory.CreateTempSubdirectory("folder-cycles-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "Left"));
            Directory.CreateDirectory(Path.Combine(folder.FullName, "Right"));
            File.WriteAllText(Path.Combine(folder.FullName, "Room.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            File.WriteAllText(Path.Combine(folder.FullName, "Hub.cs"), "namespace R;\npublic static class Hub { public static int Count => 1; }\n");
            File.WriteAllText(Path.Combine(folder.FullName, "Left", "Fine.cs"), "namespace R.Left;\npublic sealed class Fine { public int N => R.Hub.Count; }\n");
            File.WriteAllText(Path.Combine(folder.FullName, "Right", "Ring.cs"), "namespace R.Right;\npublic sealed class Ring { public int N => new Back().M(); }\n");
            File.WriteAllText(Path.Combine(folder.FullName, "Back.cs"), "namespace R;\npublic sealed class Back { public int M() => new Right.Ring().N; }\n");
            var graph = FolderGraph(folder.FullName);

            graph.Should().ContainKey("Left").WhoseValue.Keys.Should().Equal("(root)");
            Cycles("Room", graph).Should().ContainSingle().Which.Should().Be(("Room: (root), Right",
                "Room: (root) → Right → (root) (Back.cs:2 uses Right/Ring.cs: Ring; Right/Ring.cs:2 uses Back.cs: Back)"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>For each folder of the room in <paramref name="room"/> (relative, "(root)" for the room's own), the folders it uses, each with one use that shows it.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> FolderGraph(string room)
    {
        var files = Directory.EnumerateFiles(room, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(room, f).Split('/').Any(s => s is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings(room), options, Path.Combine(room, "obj", "GlobalUsings.cs")));
        var compilation = CSharpCompilation.Create("room", trees, References(room), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        // Only a name the room declares can bind to the room's code: the others (the framework's, the libraries') are not bound at all.
        var declaredNames = trees.SelectMany(t => t.GetRoot().DescendantNodes()).Select(DeclaredName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var graph = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var tree in trees.Take(files.Length))
        {
            var from = FolderOf(room, tree.FilePath);
            var uses = graph.TryGetValue(from, out var known) ? known : graph[from] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>().Where(n => declaredNames.Contains(n.Identifier.ValueText)))
            {
                if (Declaration(model.GetSymbolInfo(name).Symbol) is not { } declared || !declared.SourceTree!.FilePath.StartsWith(room + "/", StringComparison.Ordinal)
                    || declared.SourceTree! == tree)
                {
                    continue;
                }

                var to = FolderOf(room, declared.SourceTree!.FilePath);
                if (to != from)
                {
                    var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    (uses.TryGetValue(to, out var list) ? list : uses[to] = [])
                        .Add($"{Path.GetRelativePath(room, tree.FilePath)}:{line} uses {Path.GetRelativePath(room, declared.SourceTree!.FilePath)}: {name.Identifier.Text}");
                }
            }
        }

        return graph;
    }

    /// <summary>The name <paramref name="node"/> declares (a type, a member, an enum member, a delegate); null for any other node.</summary>
    private static string? DeclaredName(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        DelegateDeclarationSyntax type => type.Identifier.ValueText,
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        EventDeclarationSyntax e => e.Identifier.ValueText,
        VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } field => field.Identifier.ValueText,
        EnumMemberDeclarationSyntax member => member.Identifier.ValueText,
        ParameterSyntax { Parent.Parent: TypeDeclarationSyntax } positional => positional.Identifier.ValueText, // a record's property
        _ => null,
    };

    /// <summary>Where <paramref name="symbol"/> is declared in source: a type in the file named after it (else its first part), a member where it is written; null for anything else.</summary>
    private static Location? Declaration(ISymbol? symbol)
    {
        switch (symbol)
        {
            case null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ITypeParameterSymbol or ILabelSymbol or IRangeVariableSymbol:
                return null;
            case IMethodSymbol { ReducedFrom: { } extension }:
                return Declaration(extension);
            case IMethodSymbol { MethodKind: MethodKind.Constructor, IsImplicitlyDeclared: true } constructor:
                return Declaration(constructor.ContainingType);
            case INamedTypeSymbol type:
                var parts = type.OriginalDefinition.Locations.Where(l => l.IsInSource).ToArray();
                return parts.FirstOrDefault(l => Path.GetFileNameWithoutExtension(l.SourceTree!.FilePath) == type.Name) ?? parts.FirstOrDefault();
            default:
                return symbol.OriginalDefinition.Locations.FirstOrDefault(l => l.IsInSource) ?? Declaration(symbol.ContainingType);
        }
    }

    private static string FolderOf(string room, string file) =>
        Path.GetDirectoryName(Path.GetRelativePath(room, file)) is { Length: > 0 } folder ? folder : "(root)";

    /// <summary>Each strongly connected set of two or more folders of <paramref name="graph"/>: its folders, and its shortest cycle through its first folder with the uses that close it.</summary>
    private static IEnumerable<(string Members, string Text)> Cycles(string room, Dictionary<string, Dictionary<string, List<string>>> graph)
    {
        var folders = graph.Keys.Concat(graph.Values.SelectMany(v => v.Keys)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in folders.Where(f => !named.Contains(f)))
        {
            var component = folders.Where(f => f == start || (Reaches(graph, start, f) && Reaches(graph, f, start))).ToArray();
            named.UnionWith(component);
            if (component.Length < 2)
            {
                continue;
            }

            var cycle = ShortestPath(graph, start, start, component.Contains)!;
            var steps = cycle.Zip(cycle.Skip(1), (a, b) => graph[a][b][0]);
            var more = component.Except(cycle).ToArray();
            yield return ($"{room}: {string.Join(", ", component)}",
                $"{room}: {string.Join(" → ", cycle)} ({string.Join("; ", steps)})" + (more.Length > 0 ? $"; also in the cycle: {string.Join(", ", more)}" : ""));
        }
    }

    /// <summary>The shortest path from <paramref name="from"/> to <paramref name="to"/> of at least one step, through folders <paramref name="allowed"/> lets; null when none.</summary>
    private static List<string>? ShortestPath(Dictionary<string, Dictionary<string, List<string>>> graph, string from, string to, Func<string, bool> allowed)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var at))
        {
            foreach (var next in (graph.GetValueOrDefault(at)?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
            {
                if (next == to)
                {
                    var path = new List<string> { to, at };
                    while (path[^1] != from)
                    {
                        path.Add(previous[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (allowed(next) && previous.TryAdd(next, at))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private static bool Reaches(Dictionary<string, Dictionary<string, List<string>>> graph, string from, string to) =>
        ShortestPath(graph, from, to, _ => true) is not null;

    /// <summary>The room's global usings: the implicit ones and its project file's <c>Using</c> items.</summary>
    private static string GlobalUsings(string room)
    {
        var usings = ImplicitUsings.Select(u => $"global using {u};").ToList();
        foreach (var project in Directory.EnumerateFiles(room, "*.csproj"))
        {
            foreach (var item in XDocument.Load(project).Descendants("Using"))
            {
                var include = (string?)item.Attribute("Include");
                if (include is null)
                {
                    continue;
                }

                usings.Add((string?)item.Attribute("Alias") is { } alias ? $"global using {alias} = {include};"
                    : string.Equals((string?)item.Attribute("Static"), "true", StringComparison.OrdinalIgnoreCase) ? $"global using static {include};"
                    : $"global using {include};");
            }
        }

        return string.Join('\n', usings);
    }

    /// <summary>What the room's code binds against: the runtime's and ASP.NET Core's assemblies and the grader's beside the tests, but the room's own.</summary>
    private static IEnumerable<MetadataReference> References(string room)
    {
        var own = Directory.EnumerateFiles(room, "*.csproj").Select(p => XDocument.Load(p).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(p))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Assemblies.Value.Where(a => !own.Contains(a.Name)).Select(a => a.Reference);
    }

    private static readonly Lazy<(string Name, MetadataReference Reference)[]> Assemblies = new(() =>
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var aspNet = Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(runtime));
        var folders = new[] { runtime, aspNet, AppContext.BaseDirectory }.Where(Directory.Exists);
        return [.. folders.SelectMany(f => Directory.EnumerateFiles(f, "*.dll"))
            .GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase)
            .Where(g => IsAssembly(g.First()))
            .Select(g => (g.Key, (MetadataReference)MetadataReference.CreateFromFile(g.First())))];
    });

    private static bool IsAssembly(string file)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(file);
            return true;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            return false;
        }
    }
}
