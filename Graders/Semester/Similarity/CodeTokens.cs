using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Grader.Semester.Similarity;

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
    /// <summary>
    /// The notes on files of the hand-in that were left out (<c>path: reason</c>), each because Roslyn could not parse
    /// it within <see cref="ParseBounds"/>.
    /// </summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>The normalised tokens of every file of <paramref name="source"/>, file after file; a file that cannot be parsed within <see cref="ParseBounds"/> is left out with a note.</summary>
    public static CodeTokens Of(HandinSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var kinds = new List<int>();
        var files = new List<int>();
        var lines = new List<int>();
        var unread = new List<string>();
        for (int f = 0; f < source.Files.Count; f++)
        {
            var (tokens, failure) = ParseBounds.Run(source.Files[f].Text, Tokens);
            if (tokens is null)
            {
                unread.Add($"{source.Files[f].Path}: {failure}");
                continue;
            }

            foreach (var (kind, line) in tokens)
            {
                kinds.Add(kind);
                files.Add(f);
                lines.Add(line);
            }
        }

        return new CodeTokens([.. kinds], [.. files], [.. lines]) { Unread = unread };
    }

    private static List<(int Kind, int Line)> Tokens(string text) =>
        [.. CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens()
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken))
            .Select(t => (Normalise(t.Kind()), t.GetLocation().GetLineSpan().StartLinePosition.Line))];

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
