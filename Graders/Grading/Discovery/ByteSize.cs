namespace Grader.Grading.Discovery;

/// <summary>Sizes in a tutor's words: "700 B", "512 KiB", "3.1 MiB".</summary>
internal static class ByteSize
{
    public static string Format(long bytes)
    {
        const double Kib = 1024;
        const double Mib = 1024 * 1024;
        const double Gib = 1024 * 1024 * 1024;
        return bytes switch
        {
            < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
            < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Kib:0.#} KiB"),
            < 1024 * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Mib:0.#} MiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / Gib:0.#} GiB"),
        };
    }
}
