using System.Globalization;

namespace Grader.Benchmarks.Cohort;

/// <summary>The options of <c>cohort</c>: <c>[--quick] [--rounds R] [--handins &lt;folder&gt;] [--compare-sandbox]</c>.</summary>
/// <param name="Quick">Leave out the training checks (<see cref="CohortMode.TrainingChecks"/>).</param>
/// <param name="Rounds">Rounds; each grades the cohort once at -j 1 and once at -j 2.</param>
/// <param name="Handins">The folder of hand-ins.</param>
/// <param name="CompareSandbox">Instead of -j 1 against -j 2: at -j 1, a plain child process against the bubblewrap sandbox.</param>
public sealed record CohortOptions(bool Quick, int Rounds, string Handins, bool CompareSandbox = false)
{
    /// <summary>Parses the mode's arguments; the hand-ins default to <c>fixtures/handins</c> above the current folder.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a folder that does not exist.</exception>
    public static CohortOptions Parse(string[] args)
    {
        bool quick = false;
        bool compareSandbox = false;
        int rounds = 1;
        string? handins = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--handins": handins = Value(); break;
                case "--compare-sandbox": compareSandbox = true; break;
                default: throw new ArgumentException($"unknown option '{args[i]}' (cohort takes --quick, --rounds R, --handins <folder>, --compare-sandbox)");
            }
        }

        if (rounds <= 0) throw new ArgumentException("--rounds must be positive");
        handins ??= FindCohort() ?? throw new ArgumentException("no fixtures/handins above the current folder; give the hand-ins with --handins <folder>");
        if (!Directory.Exists(handins)) throw new ArgumentException($"--handins: the folder '{Path.GetFullPath(handins)}' does not exist");
        return new CohortOptions(quick, rounds, Path.GetFullPath(handins), compareSandbox);
    }

    /// <summary>The bundled cohort: <c>fixtures/handins</c> in the current folder or above, else above the program.</summary>
    private static string? FindCohort()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "fixtures", "handins");
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
