using System.Buffers.Text;
using System.Security.Cryptography;

namespace Grader.Semester;

/// <summary>
/// A tutor's (or a student's) sign-in token for <c>grader serve</c>, kept here beside the gradebook that stores its hash so
/// that the commands which make tokens need no web app: 256 random bits, printed once by <c>grader serve tutor add</c>; the
/// gradebook keeps only its SHA-256, and a sign-in compares hashes in constant time.
/// </summary>
public static class TutorToken
{
    /// <summary>The longest token a sign-in hashes; anything longer is no token this grader made.</summary>
    public const int MaxLength = 128;

    /// <summary>A fresh token (43 characters, URL-safe base64 of 32 random bytes).</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The token's SHA-256, lowercase hex: what the gradebook stores.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// What a session keeps of the token it was opened with: a hash of the stored hash (neither the token nor what the
    /// gradebook holds). A new token for the tutor gives a new stamp, so the sessions of the old one no longer match.
    /// </summary>
    public static string Stamp(string tokenHash) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("grader serve session:" + tokenHash)));

    /// <summary>True when the two stamps are equal, compared in constant time.</summary>
    public static bool SameStamp(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a ?? ""), Encoding.UTF8.GetBytes(b ?? ""));

    /// <summary>The tutor whose stored hash is the token's, or null; every stored hash is compared, each in constant time.</summary>
    public static string? Match(string? token, IEnumerable<(string Name, string TokenHash)> tutors)
    {
        ArgumentNullException.ThrowIfNull(tutors);
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
        string? found = null;
        foreach (var (name, stored) in tutors)
        {
            var bytes = stored.Length == 64 && stored.All(char.IsAsciiHexDigit) ? Convert.FromHexString(stored) : new byte[32];
            if (CryptographicOperations.FixedTimeEquals(hash, bytes))
            {
                found ??= name;
            }
        }

        return found;
    }
}
