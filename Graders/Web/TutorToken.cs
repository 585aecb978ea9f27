using System.Buffers.Text;
using System.Security.Cryptography;

namespace Grader.Cli.Serve;

/// <summary>
/// A tutor's sign-in token for <c>grader serve</c>: 256 random bits, printed once by <c>grader serve tutor add</c>; the
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
