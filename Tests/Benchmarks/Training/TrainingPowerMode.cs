using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Training;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using Grader.Benchmarks.Seeds;
using Grader.Remote.Handins;

namespace Grader.Benchmarks.Training;

/// <summary>
/// <c>training-power [--model sde] [--seeds N] [--from S] [--only a,b]</c>: issue 26's power table for sheet 003's SDE
/// training check (<see cref="SdeTrainingQuality"/>; the ODE check trains the hand-in's parts on the grader's loop since
/// issue 66, its sweeps are <c>OdeGraderTrainingTests</c>' explicit tests). Per trainer (the reference, the Correct
/// example, every training mutant of <c>Submissions/Examples/OdeSde/Mutants</c> whose <c>mutant.json</c> names the
/// check, the training cheats) and grading seed S … S + N − 1: the check's statistics under its own budget (gap to the
/// data's expected log-likelihood and the time-direction probe D: the held-out ELBO with f minus with f read at 1 − t)
/// and its verdict, decided as the check decides (the fresh runs of an undecided first run stood in for by the next
/// three seeds' statistics, cyclic, as in <c>OdeSdeTrainingCalibrationTests</c>). Prints one row per trainer (mean ± sd
/// and extremes of each statistic, passes of N) and asserts: the reference and the Correct example pass every seed,
/// each corpus mutant and cheat fails on at least 19 of 20 (the same share of N); exit code 1 otherwise. Run it niced: a
/// seed is 10–30 s of training per trainer.
/// </summary>
public static class TrainingPowerMode
{
    /// <summary>Runs the mode.</summary>
    public static int Run(string[] args)
    {
        int seeds = 20;
        ulong first = 1;
        string model = "both";
        string[]? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seeds": seeds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--from": first = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--model": model = Value().ToLowerInvariant(); break;
                case "--only": only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"unknown option '{args[i]}' for training-power");
            }
        }
        if (seeds < 1 || first < 1) throw new ArgumentException("--seeds and --from must be at least 1");
        if (model is "ode") throw new ArgumentException("the ODE training check trains the hand-in's parts on the grader's loop (issue 66): its sweeps are OdeGraderTrainingTests' explicit tests");
        if (model is not ("sde" or "both")) throw new ArgumentException("--model is sde");

        var root = SeedsMode.FindRoot();
        var family = Path.Combine(root, "Submissions", "Examples", "OdeSde");
        var problems = new List<string>();
        var rows = new List<string>();
        if (model is "sde" or "both")
        {
            var check = new SdeTrainingQuality();
            foreach (var (name, handin, asserted) in Trainers(family, check.Id, only))
            {
                var training = handin is null ? new ReferenceSdeTraining() : (ISdeTraining)handin.Resolve(typeof(ISdeTraining))!;
                var firsts = Seeds(first, seeds).Select(seed =>
                {
                    var outcome = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), SdeTrainingQuality.Steps, out var failure, out var se);
                    var (gap, direction) = outcome is { } o ? (o.Gap, o.TimeDirection) : (double.NegativeInfinity, double.NaN);
                    bool upper = outcome is not null && gap <= SdeTrainingQuality.MaxGap(se);
                    Progress("SDE", name, seed, gap, direction, upper, failure?.Message);
                    return (gap, direction, upper);
                }).ToList();
                var gaps = firsts.Select(f => f.gap).ToList();
                var directions = firsts.Select(f => f.direction).ToList();
                var results = firsts.Select((f, i) => (f.gap, f.direction, f.upper && LowerSide(gaps, i) && DirectionSide(directions, i))).ToList();
                rows.Add(Row("SDE", name, results, asserted, problems));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"| check | trainer | gap mean ± sd [min, max] | time direction D mean ± sd [min, max] | passes of {seeds} |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        foreach (var problem in problems) Console.WriteLine("SHORT: " + problem);
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The SDE check's lower side: clearly good, clearly bad, or the mean of the next three seeds' gaps (the fresh runs).</summary>
    private static bool LowerSide(IReadOnlyList<double> gaps, int i)
    {
        double g = gaps[i];
        if (g >= SdeTrainingQuality.Threshold) return true;
        if (!(g >= SdeTrainingQuality.ClearlyBad)) return false;
        return Enumerable.Range(1, IndifferenceZone.FreshRuns).Select(k => gaps[(i + k) % gaps.Count]).Average() >= SdeTrainingQuality.FreshThreshold;
    }

    /// <summary>The SDE check's time-direction probe: the first run's D, or when it is below the threshold the mean of the next three seeds' (the fresh runs).</summary>
    private static bool DirectionSide(IReadOnlyList<double> directions, int i) =>
        SdeTrainingQuality.DirectionPasses(directions[i])
        || Enumerable.Range(1, IndifferenceZone.FreshRuns).Select(k => directions[(i + k) % directions.Count]).Average() >= SdeTrainingQuality.TimeDirectionThreshold;

    /// <summary>(name, compiled hand-in or null for the reference, whether the row is asserted).</summary>
    private static IEnumerable<(string Name, HandinInstance? Handin, bool Asserted)> Trainers(string family, string checkId, string[]? only)
    {
        bool Wanted(string name) => only is null || only.Any(o => name.Contains(o, StringComparison.OrdinalIgnoreCase));
        var correctFolder = Path.Combine(family, "Correct");
        if (Wanted("reference")) yield return ("reference", null, true);
        if (Wanted("Correct")) yield return ("Correct", SeedsMode.Compile(HandinSource.Load(correctFolder)), true);
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(family, "Mutants")).Order(StringComparer.Ordinal))
        {
            var source = HandinSource.Load(folder);
            if (source.Mutant?.Checks.Contains(checkId) == true && Wanted(Path.GetFileName(folder)))
                yield return ("Mutants/" + Path.GetFileName(folder), SeedsMode.Compile(source), true);
        }
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(family, "Cheats")).Order(StringComparer.Ordinal))
            if (File.ReadAllText(Path.Combine(folder, "cheat.json")).Contains(checkId, StringComparison.Ordinal) && Wanted(Path.GetFileName(folder)))
                yield return ("Cheats/" + Path.GetFileName(folder), SeedsMode.Compile(HandinSource.FromFolder(correctFolder).WithOverlay(folder)), true);
    }

    private static IEnumerable<ulong> Seeds(ulong first, int count) => Enumerable.Range(0, count).Select(i => first + (ulong)i);

    private static CheckContext Context(object handin, string checkId, ulong runSeed) =>
        new(type => type.IsInstanceOfType(handin) ? handin : null, HandinGrader.CheckSeed(runSeed, checkId), snapshotRoot: "");

    private static void Progress(string model, string name, ulong seed, double gap, double direction, bool passed, string? refused) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model} {name} seed {seed}: gap {gap:F4}, D {direction:F4}, {(passed ? (model == "SDE" ? "upper side passes (the rest is decided over all seeds)" : "gap passes (the time direction is decided over all seeds)") : "fails")}")
            + (refused is null ? "" : $" (refused: {refused[..Math.Min(160, refused.Length)]})"));

    private static string Row(string model, string name, List<(double Gap, double Direction, bool Passed)> results, bool asserted, List<string> problems)
    {
        int passes = results.Count(r => r.Passed), n = results.Count;
        bool full = name is "reference" or "Correct";
        if (asserted && full && passes < n) problems.Add($"{model} {name}: {passes}/{n} pass, every seed must");
        if (asserted && !full && n - passes < Math.Ceiling(0.95 * n)) problems.Add($"{model} {name}: caught on {n - passes}/{n}, at least 19 of 20 must be");
        return $"| {model} | {name}{(asserted ? "" : " (not asserted)")} | {Stats(results.Select(r => r.Gap))} | {Stats(results.Select(r => r.Direction))} | {passes}/{n} |";
    }

    private static string Stats(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return values.All(double.IsNaN) ? "—" : "refused";
        double mean = finite.Average(), sd = finite.Count > 1 ? Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {sd:F4} [{finite.Min():F4}, {finite.Max():F4}]{(finite.Count < values.Count() ? $" ({values.Count() - finite.Count} refused)" : "")}");
    }
}
