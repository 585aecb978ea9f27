using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Grader.Semester;

namespace Grader.Web.Comments;

/// <summary>
/// A C# file's lines as HTML with its keywords, strings, numbers, comments and preprocessor lines in spans
/// (<c>&lt;span class="kw"&gt;</c>, <c>str</c>, <c>num</c>, <c>com</c>, <c>pp</c>) for the code page (issue 82). The
/// classes come from Roslyn's own lexer (Microsoft.CodeAnalysis.CSharp, which the checks reference): a keyword is what
/// the compiler reads as one, a string or comment spans the lines it spans. Roslyn's <c>Classifier</c> would add types
/// and names but needs a <c>Workspace</c> (Microsoft.CodeAnalysis.Workspaces), which this build does not carry. Every
/// character of the text is kept, escaped, in its line; a span never crosses a line, so each line stands alone in its row.
/// </summary>
public static class CSharpHighlight
{
    /// <summary>The lines (as <see cref="HandinDocument.Lines"/> splits a file) as HTML, one string per line.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = string.Join("\n", lines);
        var classes = new string?[text.Length];
        void Mark(Microsoft.CodeAnalysis.Text.TextSpan span, string? kind)
        {
            if (kind is not null)
            {
                Array.Fill(classes, kind, span.Start, Math.Min(span.End, text.Length) - span.Start);
            }
        }

        foreach (var token in CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens())
        {
            Mark(token.Span, Kind(token));
            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
            {
                Mark(trivia.FullSpan, Kind(trivia));
            }
        }

        var html = new List<string>(lines.Count);
        var start = 0;
        var line = new StringBuilder();
        foreach (var source in lines)
        {
            line.Clear();
            for (var i = 0; i < source.Length;)
            {
                var kind = classes[start + i];
                var end = i;
                while (end < source.Length && classes[start + end] == kind)
                {
                    end++;
                }

                var run = Html.Escape(source[i..end]);
                line.Append(kind is null ? run : $"<span class=\"{kind}\">{run}</span>");
                i = end;
            }

            html.Add(line.ToString());
            start += source.Length + 1;
        }

        return html;
    }

    private static string? Kind(SyntaxToken token)
    {
        var kind = token.Kind();
        var name = kind.ToString();
        return SyntaxFacts.IsKeywordKind(kind) || (kind == SyntaxKind.IdentifierToken && token.Text is "var" or "await" or "async" or "yield" or "record" or "nameof")
            ? "kw"
            : kind == SyntaxKind.NumericLiteralToken ? "num"
            : kind == SyntaxKind.CharacterLiteralToken || (name.Contains("String", StringComparison.Ordinal) && name.EndsWith("Token", StringComparison.Ordinal)) ? "str"
            : null;
    }

    private static string? Kind(SyntaxTrivia trivia) => trivia.Kind() switch
    {
        SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia or SyntaxKind.SingleLineDocumentationCommentTrivia
            or SyntaxKind.MultiLineDocumentationCommentTrivia or SyntaxKind.DisabledTextTrivia => "com",
        _ when trivia.IsDirective => "pp",
        _ => null,
    };
}
