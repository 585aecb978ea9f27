using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Grader.Cli.Similarity;

/// <summary>
/// A hand-in's code as Roslyn's tokens, normalised as JPlag and MOSS do: whitespace, comments and directives are gone,
/// every identifier is one token "id", every number "num", every string or character "str"; keywords and punctuation
/// stay. So renaming, reformatting and rewording comments change nothing. Each token keeps its file and line.
/// </summary>
/// <param name="Kinds">The normalised tokens, as small integers (Roslyn's <see cref="SyntaxKind"/>, with the three classes folded).</param>
/// <param name="Files">The token's file index into <see cref="HandinSource.Files"/>.</param>
/// <param name="Lines">The token's 0-based line in its file.</param>
public sealed record CodeTokens(int[] Kinds, int[] Files, int[] Lines)
{
    /// <summary>The normalised tokens of every file of <paramref name="source"/>, file after file.</summary>
    public static CodeTokens Of(HandinSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var kinds = new List<int>();
        var files = new List<int>();
        var lines = new List<int>();
        for (int f = 0; f < source.Files.Count; f++)
        {
            var tree = CSharpSyntaxTree.ParseText(source.Files[f].Text);
            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.EndOfFileToken))
                {
                    continue;
                }

                kinds.Add(Normalise(token.Kind()));
                files.Add(f);
                lines.Add(token.GetLocation().GetLineSpan().StartLinePosition.Line);
            }
        }

        return new CodeTokens([.. kinds], [.. files], [.. lines]);
    }

    /// <summary>The token class: one value for every identifier, one for every number, one for every string or character literal.</summary>
    public static int Normalise(SyntaxKind kind) => kind switch
    {
        SyntaxKind.IdentifierToken => (int)SyntaxKind.IdentifierToken,
        SyntaxKind.NumericLiteralToken => (int)SyntaxKind.NumericLiteralToken,
        SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringTextToken
            or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken => (int)SyntaxKind.StringLiteralToken,
        _ => (int)kind,
    };

    /// <summary>How many tokens.</summary>
    public int Count => Kinds.Length;
}
