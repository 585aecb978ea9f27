using Grader.Benchmarks.Cohort;
using Grader.Checks.Catalog;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden;
using Grader.Remote.Handins;

namespace Grader.Benchmarks.Seeds;

/// <summary>
/// <c>seeds [--seeds N] [--from S] [--only Gan,Vae]</c>: issue 26's done-when for the checks that do not train, family by family.
/// Every check of the family's pack but the training checks (<see cref="CohortMode.TrainingChecks"/>), visible and
/// hidden, runs under the N seeds S, S + 1, … (default S = 1; each check's seed <see cref="HandinGrader.CheckSeed"/> of the run's seed, as the
/// tutor's grading derives it) on
/// <list type="bullet">
/// <item>the family's correct example and the reference of every contract (<see cref="TutorCatalog.ReferenceResolver"/>):
/// a seed counts as full marks when every check passes;</item>
/// <item>each mutant of <c>Submissions/Examples/&lt;Family&gt;/Mutants</c> whose <c>mutant.json</c> names a check that
/// does not train: a seed counts as caught when a check fails (its named checks run first, the rest after, and the
/// run stops at the first failure). Mutants caught only by training checks are listed as not measured here.</item>
/// </list>
/// Prints one table row per family (checks, seeds, full-marks counts, mutants caught on every seed) and a line per
/// mutant missed on some seed or per false fail, with the seed and the message. Exit code 1 when anything fell short:
/// the mode asserts what it measures. Run it niced: it is long (minutes per family at 200 seeds).
/// </summary>
public static class SeedsMode
{
    /// <summary>Runs the mode.</summary>
    public static int Run(string[] args)
    {
        int seeds = 200;
        ulong first = 1;
        string[]? only = null;
        ModeArguments.Read(args, (option, value) =>
        {
            switch (option)
            {
                case "--seeds": seeds = ModeArguments.Int(value()); break;
                case "--from": first = ModeArguments.ULong(value()); break;
                case "--only": only = ModeArguments.List(value()); break;
                default: throw new ArgumentException($"unknown option '{option}' for seeds");
            }
        });
        if (seeds < 1 || first < 1) throw new ArgumentException("--seeds and --from must be at least 1");

        var root = FindRoot();
        var snapshots = Path.Combine(root, "fixtures", "snapshots");
        var catalog = TutorCatalog.Default;
        var training = CohortMode.TrainingChecks.ToHashSet(StringComparer.Ordinal);
        var rows = new List<string>();
        var problems = new List<string>();
        foreach (var pack in catalog.Packs.Where(p => only is null || only.Contains(p.Family, StringComparer.OrdinalIgnoreCase)))
        {
            var watch = Stopwatch.StartNew();
            var tasks = pack.Bindings.Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
            var checks = catalog.Tasks.Where(t => t.Graded && tasks.Contains(t.Id)).SelectMany(t => t.Checks).Select(c => c.Check)
                .Where(c => !training.Contains(c.Id)).DistinctBy(c => c.Id).ToList();

            var cost = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            int correctFull = FullMarks(Compile(Path.Combine(root, pack.Folders.Correct)).Resolve, checks, first, seeds, snapshots, $"{pack.Family} correct example", problems, cost);
            Console.WriteLine($"{pack.Family}: mean time per run on the correct example, slowest checks: "
                + string.Join(", ", cost.OrderByDescending(c => c.Value).Take(4).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value.TotalMilliseconds / seeds:F0} ms"))));
            int referenceFull = FullMarks(TutorCatalog.ReferenceResolver(), checks, first, seeds, snapshots, $"{pack.Family} reference", problems);

            int measured = 0, caughtEverywhere = 0;
            var notMeasured = new List<string>();
            var mutantsFolder = Path.Combine(root, pack.Folders.Mutants);
            foreach (var folder in Directory.Exists(mutantsFolder) ? Directory.EnumerateDirectories(mutantsFolder).Order(StringComparer.Ordinal).ToArray() : [])
            {
                var slug = Path.GetFileName(folder);
                var source = HandinSource.Load(folder);
                var named = source.Mutant?.Checks ?? [];
                if (named.Count > 0 && named.All(training.Contains))
                {
                    notMeasured.Add(slug);
                    continue;
                }
                measured++;
                var ordered = checks.OrderBy(c => named.Contains(c.Id) ? 0 : 1).ToList();
                var resolve = Compile(source).Resolve;
                int caught = 0;
                for (ulong seed = first; seed < first + (ulong)seeds; seed++)
                    if (ordered.Any(c => !Run(c, resolve, seed, snapshots).Passed)) caught++;
                    else problems.Add($"{pack.Family} mutant {slug}: missed under seed {seed} (every check passed)");
                if (caught == seeds) caughtEverywhere++;
            }

            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {pack.Family} | {checks.Count} | {seeds} | {correctFull} | {referenceFull} | {caughtEverywhere} of {measured} | {(notMeasured.Count == 0 ? "—" : string.Join(", ", notMeasured))} | {watch.Elapsed.TotalMinutes:F1} min |"));
            Console.WriteLine(rows[^1]);
        }

        Console.WriteLine();
        Console.WriteLine("| family | checks (no training) | seeds | correct example full marks | reference full marks | mutants caught on every seed | mutants caught by training checks only (not run here) | time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine();
        foreach (var problem in problems) Console.WriteLine(problem);
        Console.WriteLine(problems.Count == 0 ? "No false fail and no missed mutant." : $"{problems.Count} shortfalls.");
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The seeds of <paramref name="first"/> … <paramref name="first"/> + <paramref name="seeds"/> − 1 under which every check passes <paramref name="resolve"/>; each failure goes to <paramref name="problems"/>.</summary>
    private static int FullMarks(Func<Type, object?> resolve, IReadOnlyList<ICheck> checks, ulong first, int seeds, string snapshots, string who, List<string> problems,
        Dictionary<string, TimeSpan>? cost = null)
    {
        int full = 0;
        for (ulong seed = first; seed < first + (ulong)seeds; seed++)
        {
            bool all = true;
            foreach (var check in checks)
            {
                var watch = Stopwatch.StartNew();
                var result = Run(check, resolve, seed, snapshots);
                if (cost is not null) cost[check.Id] = cost.GetValueOrDefault(check.Id) + watch.Elapsed;
                if (result.Passed) continue;
                all = false;
                problems.Add($"{who}: {check.Id} failed under seed {seed}: {result.Message}");
            }
            if (all) full++;
        }
        return full;
    }

    private static Grader.Checks.Results.CheckResult Run(ICheck check, Func<Type, object?> resolve, ulong seed, string snapshots)
    {
        try
        {
            return check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshots));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Grader.Checks.Results.CheckResult.Error(check.Id, $"the check threw {e.GetType().Name}: {e.Message}", check.SheetRef);
        }
    }

    private static HandinInstance Compile(string folder) => Compile(HandinSource.Load(folder));

    /// <summary>The hand-in compiled and loaded; one that does not compile stops the mode (shared with the training-power mode).</summary>
    internal static HandinInstance Compile(HandinSource source)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        if (!compiled.Success) throw new InvalidOperationException($"{source.Name} does not compile: {compiled.Summary()}");
        return new HandinInstance(compiled.Assembly!);
    }

    /// <summary>The repository's root: the folder above the current one that holds Grader.sln.</summary>
    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(Environment.CurrentDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new ArgumentException("run from inside the repository: Grader.sln not found above " + Environment.CurrentDirectory);
    }
}
