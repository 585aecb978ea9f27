using System.Reflection;
using Grader.Checks.Packs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Cli.Assign;

/// <summary>
/// The catalog's pack registration (<see cref="CheckSources.Registration"/>, the list <c>RegisteredPacks()</c> returns)
/// as the repository of one assignment holds it: the same file with the entries of the other packs and the <c>using</c>
/// directives of their namespaces taken out, so the copy compiles without their folders and registers only the
/// assignment's packs.
/// </summary>
public static class PackRegistration
{
    /// <summary>The method whose list registers the packs.</summary>
    public const string Method = "RegisteredPacks";

    /// <summary><paramref name="source"/> registering only <paramref name="kept"/> of <paramref name="all"/>.</summary>
    /// <exception cref="AssignException">The file has no <c>RegisteredPacks()</c> list, or it does not register one of <paramref name="kept"/>.</exception>
    public static string Rewrite(string source, IReadOnlyList<ExercisePack> kept, IReadOnlyList<ExercisePack> all)
    {
        var keptTypes = kept.Select(p => DeclaringType(p, all)).ToArray();
        var droppedTypes = all.Except(kept).Select(p => DeclaringType(p, all)).OfType<Type>().ToArray();
        var root = CSharpSyntaxTree.ParseText(source).GetCompilationUnitRoot();
        var list = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Identifier.ValueText == Method)?.ExpressionBody?.Expression as CollectionExpressionSyntax
            ?? throw new AssignException($"{CheckSources.Registration} has no list {Method}() => [ … ] to register the packs from.");

        var keptNames = keptTypes.OfType<Type>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var entries = list.Elements.Where(e => e is ExpressionElementSyntax { Expression: MemberAccessExpressionSyntax { Expression: var type } }
            && keptNames.Contains(type is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : type.ToString().Split('.')[^1])).ToList();
        var registered = entries.Select(e => ((MemberAccessExpressionSyntax)((ExpressionElementSyntax)e).Expression).Expression.ToString().Split('.')[^1]).ToHashSet(StringComparer.Ordinal);
        foreach (var (pack, type) in kept.Zip(keptTypes))
        {
            if (type is null || !registered.Contains(type.Name))
            {
                throw new AssignException($"{CheckSources.Registration} does not register the pack {pack.Family}, which the assignment needs.");
            }
        }

        var newList = list.WithElements(SyntaxFactory.SeparatedList(entries, entries.Select(_ => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n")))));
        var keptNamespaces = keptTypes.OfType<Type>().Select(t => t.Namespace).ToHashSet(StringComparer.Ordinal);
        var droppedNamespaces = droppedTypes.Select(t => t.Namespace).Where(n => !keptNamespaces.Contains(n)).ToHashSet(StringComparer.Ordinal);
        var rewritten = root.ReplaceNode(list, newList);
        var usings = rewritten.Usings.Where(u => !droppedNamespaces.Contains(u.Name?.ToString())).ToArray();
        return rewritten.WithUsings(SyntaxFactory.List(usings)).ToFullString();
    }

    /// <summary>The static class whose <c>Pack</c> property is <paramref name="pack"/> (e.g. <c>VaePack</c>), looked for in the assemblies of <paramref name="all"/>' packs' contracts and checks.</summary>
    private static Type? DeclaringType(ExercisePack pack, IReadOnlyList<ExercisePack> all) =>
        all.SelectMany(p => p.Bindings.SelectMany(b => b.Checks).Select(c => c.Check.GetType().Assembly))
            .Append(typeof(ExercisePack).Assembly)
            .Distinct()
            .SelectMany(a => a.GetTypes())
            .FirstOrDefault(t => t.GetProperty("Pack", BindingFlags.Public | BindingFlags.Static) is { } p
                && p.PropertyType == typeof(ExercisePack) && p.GetIndexParameters().Length == 0 && ReferenceEquals(p.GetValue(null), pack));
}
