using System.IO.Hashing;

namespace Grader.Grading.Discovery;

/// <summary>
/// Reads the <c>.cs</c> files of a <see cref="RawHandin"/> under the limits and makes the hand-in's
/// <see cref="HandinSource"/>. The same steps for folders and zips, so the same files give the same source and hash.
/// </summary>
internal static class HandinReader
{
    private const int ListedNames = 5;

    /// <summary>
    /// The hand-in's source. A single top folder common to every file is stripped from the paths (a zip that wraps
    /// everything in <c>alice/</c>, or a folder unpacked into one more folder). Notes about parts left out go to
    /// <paramref name="notes"/>.
    /// </summary>
    /// <exception cref="HandinRefusedException">No <c>.cs</c> file, too many or too large files, or a binary file.</exception>
    public static HandinSource Read(string student, string display, RawHandin raw, DiscoveryLimits limits, List<string> notes)
    {
        if (raw.Sources.Count == 0)
        {
            var others = raw.NotCSharp.Count == 0
                ? ""
                : $"; it holds only {Count(raw.NotCSharp.Count, "other file")} ({List(raw.NotCSharp)})"
                  + (raw.NotCSharp.Any(n => n.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) ? ", and a zip inside a hand-in is not unpacked" : "");
            throw new HandinRefusedException(
                $"'{display}' holds no .cs files (bin/, obj/ and hidden folders are not read){others}; it was not graded.");
        }

        if (raw.Sources.Count > limits.MaxFiles)
        {
            throw new HandinRefusedException(Invariant(
                $"'{display}' holds more than {limits.MaxFiles} .cs files; a hand-in may hold at most {limits.MaxFiles}, so it was not graded."));
        }

        var prefix = CommonTopFolder(raw.Sources.Select(s => s.Path).Concat(raw.NotCSharp));
        var files = new List<HandinFile>(raw.Sources.Count);
        var replaced = new List<string>();
        long total = 0;
        foreach (var source in raw.Sources.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            if (source.DeclaredSize > limits.MaxFileBytes)
            {
                throw new HandinRefusedException(
                    $"{source.Display} is {ByteSize.Format(source.DeclaredSize)}; a .cs file may be at most {ByteSize.Format(limits.MaxFileBytes)}, so the hand-in was not graded.");
            }

            byte[]? bytes;
            using (var stream = source.Open())
            {
                bytes = StudentFile.ReadCapped(stream, limits.MaxFileBytes);
            }

            if (bytes is null)
            {
                throw new HandinRefusedException(
                    $"{source.Display} holds more than {ByteSize.Format(limits.MaxFileBytes)} (though it claimed {ByteSize.Format(source.DeclaredSize)}); a .cs file may be at most {ByteSize.Format(limits.MaxFileBytes)}, so the hand-in was not graded.");
            }

            // ZipArchive neither checks an entry's CRC-32 nor reads past the size its header declares, so a corrupt entry or
            // one whose header lies about its size would be read silently; comparing the checksum catches both.
            if (source.Crc32 is { } expected && Crc32.HashToUInt32(bytes) != expected)
            {
                throw new HandinRefusedException(
                    $"{source.Display} is corrupt (its CRC-32 does not match its header; it may also be cut short by a false size), so the hand-in was not graded.");
            }

            total += bytes.Length;
            if (total > limits.MaxHandinBytes)
            {
                throw new HandinRefusedException(
                    $"The .cs files of '{display}' add up to more than {ByteSize.Format(limits.MaxHandinBytes)}, the most a hand-in may hold, so it was not graded.");
            }

            var text = SourceText.Decode(bytes, out var invalid);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new HandinRefusedException(
                    $"{source.Display} is a binary file (it holds NUL bytes), not C# source, so the hand-in was not graded.");
            }

            if (invalid)
            {
                replaced.Add(source.Path);
            }

            files.Add(new HandinFile(source.Path[prefix.Length..], text));
        }

        if (raw.NotCSharp.Count > 0)
        {
            notes.Add($"Left out {Count(raw.NotCSharp.Count, "file")} of '{display}' that {(raw.NotCSharp.Count == 1 ? "is" : "are")} not C#: {List(raw.NotCSharp)}.");
        }

        if (replaced.Count > 0)
        {
            notes.Add($"{Count(replaced.Count, "file")} of '{display}' {(replaced.Count == 1 ? "is" : "are")} not valid UTF-8 ({List(replaced)}); the invalid bytes were read as U+FFFD (comments in another encoding lose their special characters).");
        }

        if (raw.Unfollowed.Count > 0)
        {
            notes.Add($"Left out {Count(raw.Unfollowed.Count, "symbolic link")} inside '{display}' (links are not followed): {List(raw.Unfollowed)}.");
        }

        return new HandinSource(student, files);
    }

    /// <summary>"top/" when every path starts with the same folder, else "".</summary>
    private static string CommonTopFolder(IEnumerable<string> paths)
    {
        string? top = null;
        foreach (var path in paths)
        {
            int slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                return "";
            }

            var first = path[..(slash + 1)];
            if (top is null)
            {
                top = first;
            }
            else if (!string.Equals(top, first, StringComparison.Ordinal))
            {
                return "";
            }
        }

        return top ?? "";
    }

    private static string Count(int n, string noun) => Invariant($"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string List(IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal).ToArray();
        var shown = string.Join(", ", sorted.Take(ListedNames));
        return sorted.Length > ListedNames ? Invariant($"{shown} and {sorted.Length - ListedNames} more") : shown;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
