using System.Text;

namespace Grader.Grading.Tests.Support;

/// <summary>
/// Tutor CSVs made to break a reader (issue 44): NUL bytes, invalid UTF-8, a 1 MiB single line, a field of a million
/// quotes (escaped, and left open), UTF-16 with and without a byte order mark, each built around a valid
/// <paramref name="header"/> and <paramref name="row"/> so a reader that copes can read them cleanly.
/// </summary>
internal static class HostileCsvs
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static IReadOnlyDictionary<string, byte[]> Of(string header, string row)
    {
        var comma = row.IndexOf(',', StringComparison.Ordinal);
        return new Dictionary<string, byte[]>
        {
            ["NulBytes"] = Utf8($"{header}\n{row[..1]}\0{row[1..comma]},\0{row[(comma + 1)..]}\0\n"),
            ["OnlyNul"] = new byte[4096],
            ["InvalidUtf8"] = [.. Utf8(header + "\n"), 0xC3, 0x28, 0xFF, 0xFE, 0x80, .. Utf8(row + "\n")],
            ["HugeLine"] = Utf8(header + "," + new string('x', 1 << 20)),
            ["HugeField"] = Utf8($"{header}\n{row[..comma]}{new string('x', 1 << 20)}{row[comma..]}\n"),
            ["EscapedQuotes"] = Utf8($"{header}\n\"{string.Concat(Enumerable.Repeat("\"\"", 500_000))}\"{row[comma..]}\n"),
            ["OpenQuotes"] = Utf8($"{header}\n{new string('"', 1_000_001)}"),
            ["Utf16Bom"] = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"{header}\n{row}\n")],
            ["Utf16NoBom"] = Encoding.BigEndianUnicode.GetBytes($"{header}\n{row}\n"),
        };
    }
}
