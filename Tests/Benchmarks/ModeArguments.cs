namespace Grader.Benchmarks;

/// <summary>A mode's options (<c>--name value</c>, or a flag alone), read once here instead of in each mode's loop.</summary>
public static class ModeArguments
{
    /// <summary>
    /// Calls <paramref name="read"/> with each option in <paramref name="args"/> from <paramref name="from"/> on, and a
    /// function that takes the option's value (the next argument; an option without one is an error). An option whose
    /// value is not taken is a flag. <paramref name="read"/> throws for an option it does not know.
    /// </summary>
    public static void Read(string[] args, Action<string, Func<string>> read, int from = 0)
    {
        for (var i = from; i < args.Length; i++)
        {
            var option = args[i];
            read(option, () => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{option} needs a value"));
        }
    }

    public static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    public static ulong ULong(string value) => ulong.Parse(value, CultureInfo.InvariantCulture);

    public static double Double(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>A comma-separated list, its entries trimmed, empty ones dropped.</summary>
    public static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
