namespace Grader.Grading.Discovery;

/// <summary>
/// Turns the bytes of a <c>.cs</c> file into text the same way for folders and zips: a byte order mark (UTF-8, UTF-16,
/// UTF-32) is honoured and dropped; without one the text is UTF-8. Bytes that are not valid in the encoding become
/// U+FFFD (the hand-in is still graded, and the tutor is told), because a comment saved as Windows-1252 should not
/// cost a student the whole hand-in.
/// </summary>
internal static class SourceText
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/>; <paramref name="replaced"/> is true when invalid bytes were replaced.</summary>
    public static string Decode(byte[] bytes, out bool replaced)
    {
        var (encoding, skip) = Detect(bytes);
        try
        {
            replaced = false;
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            replaced = true;
            var lenient = (Encoding)encoding.Clone();
            lenient.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
            return lenient.GetString(bytes, skip, bytes.Length - skip);
        }
    }

    private static (Encoding Encoding, int Skip) Detect(byte[] b)
    {
        if (b is [0xEF, 0xBB, 0xBF, ..])
        {
            return (StrictUtf8, 3);
        }

        if (b is [0xFF, 0xFE, 0x00, 0x00, ..])
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }

        if (b is [0x00, 0x00, 0xFE, 0xFF, ..])
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }

        if (b is [0xFF, 0xFE, ..])
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        if (b is [0xFE, 0xFF, ..])
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        return (StrictUtf8, 0);
    }
}
