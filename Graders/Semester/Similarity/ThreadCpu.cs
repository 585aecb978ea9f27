namespace Grader.Semester.Similarity;

/// <summary>
/// The processor time of one thread of this process, read from <c>/proc/self/task/&lt;tid&gt;/stat</c> (Linux), so a
/// limit on a parse counts the parse's own work, not the time a loaded machine keeps it waiting for a core. Not
/// <c>HostCpu</c> (the runner's, whole processes): <c>/proc/&lt;tid&gt;/stat</c> shows the whole thread group's times
/// (measured: 0.37 s there, 0.15 s in <c>task/&lt;tid&gt;</c> for a thread that had used 0.15 s), only the task's file the thread's own.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>Ticks per second of the times in <c>/proc</c>'s stat files (USER_HZ).</summary>
    private const int TicksPerSecond = 100;

    /// <summary>The calling thread's kernel id, or 0 where there is none to read (not Linux, or no <c>gettid</c>).</summary>
    public static int CurrentId()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            return Gettid();
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>The processor time (user and system) of thread <paramref name="tid"/> of this process; null when it cannot be read (0, gone, not Linux).</summary>
    public static TimeSpan? Of(int tid)
    {
        if (tid <= 0)
        {
            return null;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: the fields after it start past the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12
               && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
               && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? TimeSpan.FromSeconds((double)(user + system) / TicksPerSecond)
            : null;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int Gettid();
}
