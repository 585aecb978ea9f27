using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Grader.Cli.Similarity;

/// <summary>
/// How a tutor command parses a student's file with Roslyn without dying on it (issue 44: a file nested 100 000
/// parentheses deep overflowed the stack in Roslyn's parser and killed <c>grader similarity</c>, exit 134). A file is
/// lexed first (Roslyn's lexer, which does not recurse on brackets) and refused when its brackets nest deeper than
/// <see cref="MaxDepth"/>; then the work runs on a thread of its own with a <see cref="StackBytes"/> stack and a time
/// limit. Whatever fails is that file's note, never the command's end.
/// </summary>
public static class ParseBounds
{
    /// <summary>The deepest nesting of <c>( [ {</c> parsed (hand-written C# stays far below; Roslyn itself refuses expressions past a few thousand).</summary>
    public const int MaxDepth = 256;

    /// <summary>The stack of the parsing thread: room for Roslyn's recursion on anything a <see cref="Discovery.DiscoveryLimits.MaxFileBytes"/> file holds within <see cref="MaxDepth"/>.</summary>
    public const int StackBytes = 256 << 20;

    /// <summary>The time one file may take.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Why <paramref name="text"/> is not parsed (its nesting), or null when it may be.</summary>
    public static string? Refusal(string text)
    {
        int depth = 0, deepest = 0;
        foreach (var token in SyntaxFactory.ParseTokens(text))
        {
            depth += token.Kind() switch
            {
                SyntaxKind.OpenParenToken or SyntaxKind.OpenBracketToken or SyntaxKind.OpenBraceToken => 1,
                SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken or SyntaxKind.CloseBraceToken when depth > 0 => -1,
                _ => 0,
            };
            deepest = Math.Max(deepest, depth + (token.IsKind(SyntaxKind.InterpolatedStringToken) ? Holes(token.Text) : 0));
        }

        return deepest > MaxDepth ? string.Create(CultureInfo.InvariantCulture, $"its brackets nest deeper than the {MaxDepth} levels the grader parses") : null;
    }

    /// <summary>How deep the holes of an interpolated string (one token to the lexer) nest: its braces' running depth, counted high (a literal brace counts too).</summary>
    private static int Holes(string text)
    {
        int depth = 0, deepest = 0;
        foreach (var c in text)
        {
            depth = c switch { '{' or '(' or '[' => depth + 1, '}' or ')' or ']' => Math.Max(0, depth - 1), _ => depth };
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }

    /// <summary>
    /// <paramref name="parse"/> of <paramref name="text"/> on a thread with a large stack, or the reason it was not
    /// done: a refused nesting (<see cref="Refusal"/>), the time limit, or an exception of Roslyn's.
    /// </summary>
    public static (T? Value, string? Failure) Run<T>(string text, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        T? value = default;
        string? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    failure = Refusal(text);
                    if (failure is null)
                    {
                        value = parse(text);
                    }
                }
                catch (InsufficientExecutionStackException)
                {
                    failure = "it nests too deeply to parse";
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failure = $"the parser failed on it ({e.GetType().Name})"; // a student's file, not the grader, is at fault: its note, not the command's end
                }
            },
            StackBytes)
        { IsBackground = true, Name = "student file parse" };
        thread.Start();
        if (!thread.Join(TimeLimit))
        {
            return (default, string.Create(CultureInfo.InvariantCulture, $"it took longer than {TimeLimit.TotalSeconds:0} s to parse"));
        }

        return (value, failure);
    }
}
