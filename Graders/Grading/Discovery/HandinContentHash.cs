using System.Security.Cryptography;

namespace Grader.Grading.Discovery;

/// <summary>
/// The content hash of a hand-in: lower-case hex SHA-256 over its files in ordinal order of their paths, each as its
/// UTF-8 relative path, a NUL, its UTF-8 text and a NUL. Where the files came from (folder or zip) does not enter it.
/// </summary>
public static class HandinContentHash
{
    private static readonly byte[] Separator = [0];

    /// <summary>The hash of <paramref name="files"/> (their order does not matter).</summary>
    public static string Of(IEnumerable<HandinFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path));
            hash.AppendData(Separator);
            hash.AppendData(Encoding.UTF8.GetBytes(file.Text));
            hash.AppendData(Separator);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The hash of a hand-in's files.</summary>
    public static string Of(HandinSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Of(source.Files);
    }
}
