namespace Grader.Benchmarks.Cohort;

/// <summary>The machine's load average (1, 5 and 15 minutes) from <c>/proc/loadavg</c>, for the result headers.</summary>
public static class LoadAverage
{
    /// <summary>"1.20 0.95 0.80", or "?" where <c>/proc/loadavg</c> cannot be read.</summary>
    public static string Read()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }
}
