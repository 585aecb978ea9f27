using System.Text;

namespace Grader.Grading.Tests.Support;

/// <summary>
/// <c>.cs</c> files made to break a parser rather than to pass a check (issue 44): deep nesting of every bracket kind,
/// generics and interpolated strings, a 400 KiB line, NUL bytes, invalid UTF-8, UTF-16 with and without a byte order
/// mark. <see cref="TooDeep"/> names those the grader refuses to parse (deeper than its nesting limit).
/// </summary>
internal static class HostileSources
{
    private static string Nest(string open, string middle, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + middle + string.Concat(Enumerable.Repeat(close, depth));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>
    {
        ["DeepParentheses.cs"] = Utf8($"namespace S; public static class P {{ public static int F() => {Nest("(", "1", ")", 100_000)}; }}"),
        ["DeepBraces.cs"] = Utf8($"namespace S; public static class B {{ public static void F() {Nest("{", "", "}", 50_000)} }}"),
        ["DeepBrackets.cs"] = Utf8($"namespace S; public static class K {{ static int[] a = {{ 0 }}; public static int F() => a{Nest("[a", "0", "]", 50_000)}; }}"),
        ["DeepGenerics.cs"] = Utf8($"namespace S; public static class G {{ static void F() {{ var x = {Nest("F<", "int", ">", 100_000)}.X; }} }}"),
        ["DeepInterpolation.cs"] = Utf8($"namespace S; public static class I {{ static string s = {Nest("$\"{", "1", "}\"", 1_000)}; }}"),
        ["HugeLine.cs"] = Utf8("namespace S; public static class L { static int[] x = { " + string.Join(",", Enumerable.Repeat("1", 200_000)) + " }; }"),
        ["NulBytes.cs"] = Utf8("namespace S;\0\0 public static class N { \0 static int x = 1;\0 }\0"),
        ["InvalidUtf8.cs"] = [.. Utf8("namespace S; public static class U { static string s = \""), 0xC3, 0x28, 0xFF, 0xFE, 0x80, .. Utf8("\"; }")],
        ["Utf16Bom.cs"] = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("namespace S; public static class W { static string s = \"ü\"; }")],
        ["Utf16NoBom.cs"] = Encoding.BigEndianUnicode.GetBytes("namespace S; public static class V { static int x = 1; }"),
    };

    /// <summary>
    /// The files nested deeper than the compiler's limits (<c>SourceShapeLimits</c>), which tutor commands refuse to
    /// parse. Interpolated strings nested 1000 deep are not among them: the limits do not count that nesting, and the
    /// parse on its own large stack survives it.
    /// </summary>
    public static IReadOnlyList<string> TooDeep { get; } = ["DeepParentheses.cs", "DeepBraces.cs", "DeepBrackets.cs", "DeepGenerics.cs"];
}
