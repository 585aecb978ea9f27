using System.Globalization;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// The CPU time (user + system) this process has used itself and the CPU time of its children that have ended and been
/// waited for (every host the pipeline started and reaped), from <c>/proc/self/stat</c> (utime + stime, cutime +
/// cstime; USER_HZ, 100 ticks per second). A difference of two readings around a run is the run's CPU cost, which a
/// loaded machine inflates far less than its wall time. Null where <c>/proc</c> cannot be read.
/// </summary>
public static class ProcessCpu
{
    /// <summary>(this process, its reaped children), or null.</summary>
    public static (TimeSpan Self, TimeSpan Children)? Read()
    {
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/self/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name (in parentheses, may hold spaces) start at field 3; utime is field 14.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return (TimeSpan.FromSeconds((Field(14) + Field(15)) / 100.0), TimeSpan.FromSeconds((Field(16) + Field(17)) / 100.0));
    }
}
