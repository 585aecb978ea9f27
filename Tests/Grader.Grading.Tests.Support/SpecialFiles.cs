namespace Grader.Grading.Tests.Support;

/// <summary>
/// Files that are not plain files, as a student's archive can unpack them into a hand-in (issue 67): a FIFO (made with
/// <c>mkfifo</c>; opening it for reading blocks until someone writes) and a hard link (a second name of a tutor's file,
/// made with <c>ln</c>). Linux only: elsewhere the test is ignored with the reason.
/// </summary>
internal static class SpecialFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/> (its folder is created).</summary>
    public static void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Run("mkfifo", path);
        new FileInfo(path).Length.Should().Be(0, "a FIFO was made");
    }

    /// <summary>Makes <paramref name="link"/> a second name of the file <paramref name="target"/> (its folder is created).</summary>
    public static void HardLink(string target, string link)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Run("ln", target, link);
    }

    private static void Run(string program, params string[] arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore($"{program}: special files are made on Linux only");
        }

        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{program} {string.Join(' ', arguments)}: {error}");
    }
}
