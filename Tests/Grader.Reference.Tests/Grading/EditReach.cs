using System.Collections.Concurrent;
using Grader.Checks.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Which tasks a mutant's edit can change: a task's checks call the hand-in only through its contracts
/// (<see cref="TaskSpec.Contracts"/>, bound to the one class implementing each, <c>HandinInstance</c>), and the code such
/// a call runs lies in the files the implementing classes' files reach through the symbols they name. A task none of
/// whose contracts reaches an edited file runs the base's code, on the base's objects, under the same seed: its verdicts
/// are the base's, so grading it proves nothing about the mutant (<see cref="ExampleHandinsTests"/> grades the rest).
/// <para>
/// The reach is read from Roslyn's semantic model of the mutant as compiled (the compiler's references and implicit
/// usings): file A reaches file B when A names a symbol declared in B (a type, member, constructor, operator or
/// extension method, its containing types, the types of A's expressions before and after conversion, a foreach's
/// enumerator), so an object a reached file creates, and every override it can dispatch to, is reached. A hand-in's
/// objects are created by the grader (the contract classes, the entries here) or by reached code, so interface and
/// virtual calls land in reached files. A static field, property or event is state shared across checks: naming one links
/// both files both ways. The hand-in cannot use reflection, files or a global random source (the allowlist; every
/// generator is passed), so no other channel between tasks exists. The <c>[Explicit]</c> twin
/// <c>ExampleHandinsTests.Every_mutant_on_every_task_of_its_pack_*</c> grades every task and checks the claim: every task
/// outside the reach keeps the correct example's verdicts, check by check.
/// </para>
/// </summary>
internal static class EditReach
{
    /// <summary>
    /// The ids of the <paramref name="tasks"/> whose contracts reach a file of <paramref name="mutant"/> that differs from
    /// <paramref name="baseSource"/> (changed or added), or whose implementing class lies in such a file in either hand-in.
    /// A task with checks but no contract is always in (nothing bounds what it reads).
    /// <para>
    /// The base is read once per content (<see cref="Bases"/>). When the mutant has the base's files and its edited files
    /// keep their declarations (<see cref="Declarations"/>: every token but member bodies and non-constant initializers),
    /// every unchanged file binds to the same symbols as in the base, so its edges are the base's: only the edited files
    /// are walked in the mutant (<paramref name="incremental"/>; the <c>[Explicit]</c> <c>EditReachTests</c> compares it
    /// with the whole walk for every mutant and variant). Otherwise every file of the mutant is walked.
    /// </para>
    /// </summary>
    public static HashSet<string> TasksReachingTheEdit(HandinSource mutant, HandinSource baseSource, IEnumerable<TaskSpec> tasks, bool incremental = true) =>
        Reach(mutant, baseSource, tasks, incremental).Tasks;

    /// <summary><see cref="TasksReachingTheEdit"/>, and whether only the edited files were walked.</summary>
    public static (HashSet<string> Tasks, bool EditsOnly) Reach(HandinSource mutant, HandinSource baseSource, IEnumerable<TaskSpec> tasks, bool incremental = true)
    {
        var baseText = baseSource.Files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        var edited = mutant.Files.Where(f => !baseText.TryGetValue(f.Path, out var text) || text != f.Text).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        edited.UnionWith(baseText.Keys.Where(p => mutant.Files.All(f => f.Path != p)));

        var baseRead = Bases.GetOrAdd(Key(baseSource), _ => new Lazy<Read>(() => Read.Of(Compile(baseSource), walk: null))).Value;
        var (compilation, trees) = Compile(mutant);
        var sameDeclarations = incremental && mutant.Files.Count == baseSource.Files.Count && edited.All(baseText.ContainsKey)
            && trees.Where(t => edited.Contains(t.FilePath)).All(t => Declarations(t) == baseRead.Declarations[t.FilePath]);
        var read = Read.Of((compilation, trees), walk: sameDeclarations ? edited : null);
        var graph = Graph(trees.Select(t => t.FilePath), sameDeclarations
            ? baseRead.Edges.Where(e => !edited.Contains(e.Key)).Concat(read.Edges)
            : read.Edges);
        var implementers = read.Implementers.Concat(baseRead.Implementers).ToList();

        var reaching = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (task.Contracts.Count == 0 || edited.Count == 0)
            {
                if (edited.Count > 0) reaching.Add(task.Id);
                continue;
            }

            var contracts = task.Contracts.Select(c => c.FullName!).ToHashSet(StringComparer.Ordinal);
            var unimplemented = contracts.Where(c => !implementers.Any(i => i.Contracts.Contains(c))).ToList();
            if (unimplemented.Count > 0) throw new InvalidOperationException($"{task.Id}: no class of {mutant.Name} or its base implements {string.Join(", ", unimplemented)}, so its reach cannot be read");
            var entries = implementers.Where(i => i.Contracts.Overlaps(contracts)).Select(i => i.File).ToHashSet(StringComparer.Ordinal);
            if (Closure(graph, entries).Overlaps(edited)) reaching.Add(task.Id);
        }

        return (reaching, sameDeclarations);
    }

    /// <summary>Each base read so far, by its content (the tests load a base afresh for every mutant).</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Read>> Bases = new(StringComparer.Ordinal);

    private static string Key(HandinSource source) => string.Concat(source.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Path}\0{f.Text.Length}\0{f.Text}\0"));

    /// <summary>
    /// A hand-in as read: the edges each walked file yields (<see cref="EdgesOf"/>), the types it declares with their
    /// interfaces (<see cref="Implementers"/>), each file's <see cref="Declarations"/>.
    /// </summary>
    private sealed record Read(Dictionary<string, List<(string From, string To)>> Edges, List<(string File, HashSet<string> Contracts)> Implementers, Dictionary<string, string> Declarations)
    {
        /// <summary>The hand-in read with <paramref name="walk"/>'s files walked for edges (every file when null); its implementers only when every file is walked.</summary>
        public static Read Of((CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees) compiled, IReadOnlySet<string>? walk)
        {
            var own = compiled.Trees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal);
            var edges = compiled.Trees.Where(t => walk is null || walk.Contains(t.FilePath)).ToDictionary(t => t.FilePath, t => EdgesOf(compiled.Compilation, t, own), StringComparer.Ordinal);
            return new(edges, walk is null ? EditReach.Implementers(compiled).ToList() : [], walk is null ? compiled.Trees.ToDictionary(t => t.FilePath, EditReach.Declarations, StringComparer.Ordinal) : []);
        }
    }

    /// <summary>
    /// Every token of <paramref name="tree"/> but the bodies of its members and accessors, expression bodies and the
    /// initializers of non-constant fields and properties: what another file can bind to (a constant's value can choose an
    /// overload, so it stays).
    /// </summary>
    private static string Declarations(SyntaxTree tree) =>
        string.Join(" ", new BodyStripper().Visit(tree.GetRoot()).DescendantTokens().Select(t => t.Text));

    private sealed class BodyStripper : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) => node.WithBody(null).WithExpressionBody(null);
        public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) => node.WithBody(null).WithExpressionBody(null);
        public override SyntaxNode? VisitDestructorDeclaration(DestructorDeclarationSyntax node) => node.WithBody(null).WithExpressionBody(null);
        public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) => node.WithBody(null).WithExpressionBody(null);
        public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) => node.WithBody(null).WithExpressionBody(null);
        public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node) => node.WithBody(null).WithExpressionBody(null);
        public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node) => ((PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!).WithExpressionBody(null).WithInitializer(null);
        public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node) => ((IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!).WithExpressionBody(null);
        public override SyntaxNode? VisitFieldDeclaration(FieldDeclarationSyntax node) =>
            node.Modifiers.Any(SyntaxKind.ConstKeyword) ? node : node.WithDeclaration(node.Declaration.WithVariables(SyntaxFactory.SeparatedList(node.Declaration.Variables.Select(v => v.WithInitializer(null)))));
    }

    private static (CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees) Compile(HandinSource source)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
        var trees = source.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path)).ToList();
        var usings = CSharpSyntaxTree.ParseText(string.Concat(HandinCompiler.ImplicitUsings.Select(u => $"global using global::{u};\n")), parse, HandinCompiler.ImplicitUsingsFile);
        var compilation = CSharpCompilation.Create(HandinCompiler.AssemblyName, trees.Append(usings), HandinCompiler.Default.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
        return (compilation, trees);
    }

    /// <summary>Each type the hand-in declares: its file and the full names of the interfaces it implements.</summary>
    private static IEnumerable<(string File, HashSet<string> Contracts)> Implementers((CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees) compiled)
    {
        foreach (var tree in compiled.Trees)
        {
            var model = compiled.Compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
                if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                    yield return (tree.FilePath, type.AllInterfaces.Select(i => i.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))).ToHashSet(StringComparer.Ordinal));
        }
    }

    /// <summary>For each of <paramref name="files"/>, the files it reaches in one step (see the class summary), from the edges each walked file yields.</summary>
    private static Dictionary<string, HashSet<string>> Graph(IEnumerable<string> files, IEnumerable<KeyValuePair<string, List<(string From, string To)>>> edges)
    {
        var graph = files.ToDictionary(p => p, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (_, list) in edges)
            foreach (var (from, to) in list)
                graph[from].Add(to);
        return graph;
    }

    /// <summary>The edges the symbols <paramref name="tree"/> names yield: to each file declaring one, and back for static state.</summary>
    private static List<(string From, string To)> EdgesOf(CSharpCompilation compilation, SyntaxTree tree, IReadOnlySet<string> own)
    {
        var edges = new List<(string From, string To)>();
        var from = tree.FilePath;
        var model = compilation.GetSemanticModel(tree);
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var symbols = new List<ISymbol?>();
            if (node is ExpressionSyntax or TypeSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax)
            {
                var info = model.GetSymbolInfo(node);
                symbols.Add(info.Symbol);
                symbols.AddRange(info.CandidateSymbols);
            }

            if (node is ExpressionSyntax)
            {
                var type = model.GetTypeInfo(node);
                symbols.Add(type.Type);
                symbols.Add(type.ConvertedType);
                symbols.Add(model.GetConversion(node).MethodSymbol);
            }

            if (node is CommonForEachStatementSyntax forEach)
            {
                var info = model.GetForEachStatementInfo(forEach);
                symbols.AddRange([info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty, info.DisposeMethod]);
            }

            foreach (var symbol in symbols)
                foreach (var (file, shared) in DeclaringFiles(symbol))
                {
                    if (!own.Contains(file) || file == from) continue;
                    edges.Add((from, file));
                    if (shared) edges.Add((file, from));
                }
        }

        return edges.Distinct().ToList();
    }

    /// <summary>The files declaring <paramref name="symbol"/>, its original definition, the method it was reduced from and its containing types; shared when it is static state.</summary>
    private static IEnumerable<(string File, bool Shared)> DeclaringFiles(ISymbol? symbol)
    {
        if (symbol is null or INamespaceSymbol) yield break; // a namespace is declared in every file that opens it: naming one runs nothing
        bool shared = symbol.IsStatic && symbol is IFieldSymbol { IsConst: false } or IPropertySymbol or IEventSymbol;
        var related = new List<ISymbol> { symbol, symbol.OriginalDefinition };
        if (symbol is IMethodSymbol { ReducedFrom: { } reduced }) related.Add(reduced);
        if (symbol is IArrayTypeSymbol array) related.Add(array.ElementType);
        if (symbol is INamedTypeSymbol generic) related.AddRange(generic.TypeArguments);
        for (var type = symbol.ContainingType; type is not null; type = type.ContainingType) related.Add(type);
        foreach (var s in related)
            foreach (var reference in s.DeclaringSyntaxReferences)
                yield return (reference.SyntaxTree.FilePath, shared);
    }

    private static HashSet<string> Closure(Dictionary<string, HashSet<string>> graph, IEnumerable<string> start)
    {
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.Count > 0)
            foreach (var next in graph.GetValueOrDefault(queue.Dequeue()) ?? [])
                if (seen.Add(next)) queue.Enqueue(next);
        return seen;
    }
}
