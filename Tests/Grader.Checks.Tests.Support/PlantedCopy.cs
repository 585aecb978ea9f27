using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Checks.Tests.Support;

/// <summary>
/// A copy of a hand-in disguised the way a copier does it: every local variable and parameter renamed, the files'
/// types in reverse order in one file with each type's members reversed, comments dropped and the layout reformatted
/// (Roslyn's NormalizeWhitespace). It still compiles and computes the same.
/// </summary>
public static class PlantedCopy
{
    public static string Of(IEnumerable<string> sources)
    {
        var usings = new SortedSet<string>(StringComparer.Ordinal);
        var types = new List<MemberDeclarationSyntax>();
        foreach (var text in sources)
        {
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text).GetRoot();
            foreach (var u in root.Usings)
            {
                usings.Add(u.WithoutTrivia().NormalizeWhitespace().ToFullString());
            }

            var names = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.Text)
                .Concat(root.DescendantNodes().OfType<ParameterSyntax>().Select(p => p.Identifier.Text))
                .ToHashSet(StringComparer.Ordinal);
            var renamed = root.ReplaceTokens(
                root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && names.Contains(t.Text)),
                (t, _) => SyntaxFactory.Identifier(t.LeadingTrivia, "my" + char.ToUpperInvariant(t.Text[0]) + t.Text[1..], t.TrailingTrivia));
            foreach (var type in renamed.DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                types.Add(type.WithMembers(SyntaxFactory.List(type.Members.Reverse())));
            }
        }

        types.Reverse();
        var unit = SyntaxFactory.CompilationUnit()
            .AddMembers(SyntaxFactory.FileScopedNamespaceDeclaration(SyntaxFactory.IdentifierName("Submission")).AddMembers([.. types]));
        var code = unit.NormalizeWhitespace("  ", "\n").ToFullString();
        var withoutComments = string.Join("\n", code.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        return string.Join("\n", usings) + "\n\n" + withoutComments + "\n";
    }
}
