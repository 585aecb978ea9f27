namespace Grader.Benchmarks.Steps;

/// <summary>This process's minor and major page faults so far (fields 10 and 12 of <c>/proc/self/stat</c>), or −1 off Linux.</summary>
public static class PageFaults
{
    public static (long minor, long major) Read()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');   // fields from 3 on (the name may hold spaces)
            return (long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture), long.Parse(fields[9], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException) { return (-1, -1); }
        catch (UnauthorizedAccessException) { return (-1, -1); }
    }
}
