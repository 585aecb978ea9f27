namespace Grader.Checks.Handins;

/// <summary>
/// Limits on a hand-in's source that no honest program comes near, checked by a small lexical scan before the
/// compiler sees the text: brackets nested more than <see cref="MaxNesting"/> deep, type arguments more than
/// <see cref="MaxTypeArgumentNesting"/> deep (<c>A&lt;A&lt;A&lt;…&gt;&gt;&gt;</c>), or more than <see cref="MaxOperatorRun"/>
/// prefix operators in a row (<c>- - - … x</c>). The compiler recurses on all three, and tens of thousands of levels
/// overflow its stack, which ends the whole process, not just the hand-in (a thousand nested type arguments already
/// cost ten seconds and 300 MiB). Comments, strings,
/// characters and the text of interpolated strings are skipped; code inside interpolation holes is scanned.
/// </summary>
public static class SourceShapeLimits
{
    /// <summary>The compile error's id.</summary>
    public const string RuleId = "GRADER003";

    /// <summary>The deepest bracket nesting accepted: ( [ { counted together.</summary>
    public const int MaxNesting = 256;

    /// <summary>
    /// The deepest nesting of angle brackets accepted. Counted within one statement or block header (reset at ; { }),
    /// so comparisons count too: 128 of them in one statement is as far from honest code as 128 nested type arguments.
    /// </summary>
    public const int MaxTypeArgumentNesting = 128;

    /// <summary>The longest run of prefix-operator characters (+ - ! ~ * &amp; ^) accepted, blanks between them ignored.</summary>
    public const int MaxOperatorRun = 256;

    /// <summary>One error per file that passes a limit (the first place it does), in file order; empty when none does.</summary>
    public static IReadOnlyList<CompileDiagnostic> Check(HandinSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = new List<CompileDiagnostic>();
        foreach (var file in source.Files)
        {
            if (Scan(file.Text) is { } problem)
            {
                errors.Add(new CompileDiagnostic(file.Path, problem.Line, problem.Column, RuleId, problem.Message));
            }
        }

        return errors;
    }

    private enum Mode
    {
        Code,
        InterpolatedText,
        VerbatimInterpolatedText,
    }

    private readonly record struct Problem(int Line, int Column, string Message);

    private static Problem? Scan(string text)
    {
        int line = 1, lineStart = 0;
        int depth = 0, run = 0, angles = 0;
        // Each interpolated string pushes its mode, and the bracket depth at which its hole closes.
        var modes = new Stack<(Mode Mode, int HoleDepth)>();
        var mode = Mode.Code;
        int holeDepth = -1;

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }

            if (mode != Mode.Code)
            {
                // Text of an interpolated string: find the next hole or the end.
                if (mode == Mode.InterpolatedText && c == '\\')
                {
                    i++;
                }
                else if (c == '{' && At(text, i + 1) == '{' || c == '}' && At(text, i + 1) == '}' || mode == Mode.VerbatimInterpolatedText && c == '"' && At(text, i + 1) == '"')
                {
                    i++;
                }
                else if (c == '{')
                {
                    modes.Push((mode, holeDepth));
                    mode = Mode.Code;
                    holeDepth = ++depth;
                }
                else if (c == '"')
                {
                    (mode, holeDepth) = modes.Count > 0 ? modes.Pop() : (Mode.Code, -1);
                }

                continue;
            }

            switch (c)
            {
                case '/' when At(text, i + 1) == '/':
                    while (i < text.Length && text[i] != '\n') i++;
                    i--;
                    continue;
                case '/' when At(text, i + 1) == '*':
                    for (i += 2; i < text.Length && !(text[i] == '*' && At(text, i + 1) == '/'); i++)
                    {
                        if (text[i] == '\n')
                        {
                            line++;
                            lineStart = i + 1;
                        }
                    }

                    i++;
                    continue;
                case '\'':
                    for (i++; i < text.Length && text[i] != '\'' && text[i] != '\n'; i++)
                    {
                        if (text[i] == '\\') i++;
                    }

                    if (i < text.Length && text[i] == '\n')
                    {
                        i--;
                    }

                    run = 0;
                    continue;
                case '"':
                case '$' or '@' when At(text, i + 1) is '"' or '$' or '@':
                {
                    int start = i;
                    bool interpolated = false, verbatim = false;
                    while (i < text.Length && text[i] is '$' or '@')
                    {
                        interpolated |= text[i] == '$';
                        verbatim |= text[i] == '@';
                        i++;
                    }

                    if (At(text, i) != '"')
                    {
                        i = start;
                        break;
                    }

                    int quotes = 0;
                    while (At(text, i + quotes) == '"') quotes++;
                    run = 0;
                    if (quotes >= 3)
                    {
                        // A raw string: it ends at the same number of quotes (holes in raw interpolated strings are
                        // skipped with the text; the compiler's own limits apply to them).
                        int end = text.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                        i = end < 0 ? text.Length : end + quotes - 1;
                        CountLines(text, start, i, ref line, ref lineStart);
                        continue;
                    }

                    if (interpolated)
                    {
                        modes.Push((Mode.Code, holeDepth));
                        mode = verbatim ? Mode.VerbatimInterpolatedText : Mode.InterpolatedText;
                        continue;
                    }

                    for (i++; i < text.Length; i++)
                    {
                        if (!verbatim && text[i] == '\\') i++;
                        else if (text[i] == '"' && verbatim && At(text, i + 1) == '"') i++;
                        else if (text[i] == '"' || !verbatim && text[i] == '\n') break;
                    }

                    CountLines(text, start, i, ref line, ref lineStart);
                    continue;
                }
            }

            switch (c)
            {
                case '<' when At(text, i + 1) is not ('<' or '=') && (i == 0 || text[i - 1] != '<'):
                    run = 0;
                    if (++angles > MaxTypeArgumentNesting)
                    {
                        return new Problem(line, i - lineStart + 1,
                            $"angle brackets nested more than {MaxTypeArgumentNesting} deep in one statement: a limit of the grader's compiler, far beyond any honest program");
                    }

                    break;
                case '>' when i > 0 && text[i - 1] is not ('=' or '-') && At(text, i + 1) != '=':
                    run = 0;
                    angles = Math.Max(0, angles - 1);
                    break;
                case ';':
                    run = 0;
                    angles = 0;
                    break;
                case '(' or '[' or '{':
                    run = 0;
                    if (c == '{')
                    {
                        angles = 0;
                    }

                    if (++depth > MaxNesting)
                    {
                        return new Problem(line, i - lineStart + 1,
                            $"brackets nested more than {MaxNesting} deep: a limit of the grader's compiler, far beyond any honest program; write the expression in steps");
                    }

                    break;
                case ')' or ']' or '}':
                    run = 0;
                    if (c == '}')
                    {
                        angles = 0;
                    }

                    if (c == '}' && depth == holeDepth && modes.Count > 0)
                    {
                        depth--;
                        (mode, holeDepth) = modes.Pop();
                        continue;
                    }

                    depth = Math.Max(0, depth - 1);
                    break;
                case '+' or '-' or '!' or '~' or '*' or '&' or '^':
                    if (++run > MaxOperatorRun)
                    {
                        return new Problem(line, i - lineStart + 1,
                            $"more than {MaxOperatorRun} operators in a row: a limit of the grader's compiler, far beyond any honest program");
                    }

                    break;
                case ' ' or '\t' or '\r' or '\n':
                    break;
                default:
                    run = 0;
                    break;
            }
        }

        return null;
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static void CountLines(string text, int from, int to, ref int line, ref int lineStart)
    {
        for (int j = from; j <= to && j < text.Length; j++)
        {
            if (text[j] == '\n')
            {
                line++;
                lineStart = j + 1;
            }
        }
    }
}
