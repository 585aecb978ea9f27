namespace Grader.Grading.Tests.Support;

/// <summary>
/// Headless Chromium (Debian packages "chromium-headless-shell" or "chromium") for the tests that render the grader's HTML
/// in a real browser. The headless shell is the same Chromium build without the browser's window layer, what Playwright
/// itself runs headless; driving the manual path's ≈ 100 page loads it costs ≈ 0.7× the CPU of the full browser's
/// headless mode (docs/measurements/2026-11-26-suite-time.md, stop 62), so it is taken when it is installed.
/// </summary>
internal static class Chromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>The programs looked for on PATH, the first found taken.</summary>
    private static readonly string[] Programs = ["chromium-headless-shell", "chromium"];

    /// <summary>chromium-headless-shell on PATH, else chromium, or null.</summary>
    public static string? Find()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return Programs.SelectMany(program => path.Select(dir => Path.Combine(dir, program))).FirstOrDefault(File.Exists);
    }

    /// <summary>The chromium <see cref="Find"/> finds; without one the test is ignored, or fails when GRADER_REQUIRE_CHROMIUM=1.</summary>
    public static string Require()
    {
        var chromium = Find();
        if (chromium is null)
        {
            if (Environment.GetEnvironmentVariable("GRADER_REQUIRE_CHROMIUM") == "1")
            {
                Assert.Fail("GRADER_REQUIRE_CHROMIUM=1 but no 'chromium' on PATH (Debian: apt-get install chromium).");
            }

            Assert.Ignore("chromium is not on PATH; set GRADER_REQUIRE_CHROMIUM=1 to make this a failure.");
        }

        return chromium!;
    }

    /// <summary>Runs chromium headless with its own profile in <paramref name="profile"/>; kills it (and its children) when it hangs. Returns stdout.</summary>
    public static string Run(string chromium, string profile, params string[] arguments)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile}" }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"chromium did not finish within {Limit.TotalSeconds} s: {string.Join(' ', arguments)}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"chromium exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
