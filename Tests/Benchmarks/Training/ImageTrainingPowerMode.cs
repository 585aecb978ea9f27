using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Training;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Benchmarks.Seeds;
using Grader.Remote.Handins;

namespace Grader.Benchmarks.Training;

/// <summary>
/// <c>image-training-power [--seeds N] [--from S] [--only a,b] [--steps K] [--T T] [--beta-first b] [--beta-last b]</c>: issue 29's power table for sheet 004's
/// image training check (<see cref="DtuImageTrainingQuality"/>). Per trainer (the reference's parts, <see cref="ReferenceDtuTrainingParts"/> with <see cref="ReferenceMnistDdpm.Settings"/>,
/// the Correct example, every mutant of <c>Submissions/Examples/Diffusion/Mutants</c> and every cheat whose json names the
/// check) and grading seed S … S + N − 1: the first run's two held-out denoising losses (the grader's loop on the schedule and on the coarse schedule), the trainings' CPU-bound wall time, and
/// the verdict decided as the check decides (an undecided first run's fresh runs stood in for by the next three seeds'
/// losses, cyclic, as <see cref="TrainingPowerMode"/> does for the SDE). Prints one row per trainer and asserts: the
/// reference and the Correct example pass every seed, each mutant and cheat fails on at least 19 of 20 (the same share
/// of N); exit code 1 otherwise. <c>--steps</c>, <c>--T</c> and the β options measure another design (nothing asserted then). Run it niced.
/// </summary>
public static class ImageTrainingPowerMode
{
    /// <summary>Runs the mode.</summary>
    public static int Run(string[] args)
    {
        int seeds = 20;
        ulong first = 1;
        int? steps = null, t = null;
        double? betaFirst = null, betaLast = null;
        string[]? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seeds": seeds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--from": first = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--T": t = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--beta-first": betaFirst = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--beta-last": betaLast = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--only": only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"unknown option '{args[i]}' for image-training-power");
            }
        }
        if (seeds < 1 || first < 1 || steps is < 1 || t is < 2) throw new ArgumentException("--seeds, --from and --steps must be at least 1, --T at least 2");

        var design = new DtuImageTrainingQuality.Settings();
        design = design with
        {
            Steps = steps ?? design.Steps,
            T = t ?? design.T,
            BetaFirst = betaFirst ?? design.BetaFirst,
            BetaLast = betaLast ?? design.BetaLast,
        };
        bool asserted = design == new DtuImageTrainingQuality.Settings();
        var check = new DtuImageTrainingQuality(design);
        var family = Path.Combine(SeedsMode.FindRoot(), "Submissions", "Examples", "Diffusion");
        var problems = new List<string>();
        var rows = new List<string>();
        foreach (var (name, handin) in Trainers(family, check.Id, only))
        {
            Func<Type, object?> resolve = handin is null ? TutorCatalog.ReferenceResolver() : handin.Resolve;
            var runs = Enumerable.Range(0, seeds).Select(i =>
            {
                var seed = first + (ulong)i;
                var clock = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (failure, scores) = check.Measure(new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: ""), 0);
                var values = scores?.Values ?? [.. check.Design.Margins.Select(_ => double.NaN)];
                var reference = check.Reference(new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: ""));
                var loss = scores?.Loss ?? double.PositiveInfinity;
                var coarse = scores?.CoarseLoss ?? double.PositiveInfinity;
                var train = scores?.TrainTime.TotalSeconds ?? double.NaN;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} seed {seed}: loss {loss:F4}, coarse-schedule loss {coarse:F4}, trainings {train:F2} s, scoring {scores?.ScoreTime.TotalSeconds ?? double.NaN:F2} s, all {clock.Elapsed.TotalSeconds:F2} s wall, {cpuSeconds:F2} s CPU, replay deviation {scores?.MaxValueDeviation ?? double.NaN:G3}, zone {IndifferenceZone.Of(check.Design.Bounds(reference), values)}")
                    + (failure is null ? "" : $" (refused: {failure.Message[..Math.Min(160, failure.Message.Length)]})"));
                return (Loss: loss, Coarse: coarse, Train: train, Cpu: cpuSeconds, Values: values, Reference: reference);
            }).ToList();
            rows.Add(Row(name, runs, check.Design, asserted, problems));
        }

        Console.WriteLine();
        var extra = check.Design.Margins.Skip(2).Select(b => $" {b.Name} |").ToList();
        Console.WriteLine($"| trainer | held-out loss mean ± sd [min, max] | coarse-schedule loss mean ± sd [min, max] |{string.Concat(extra)} trainings s wall mean [max] | check s CPU mean [max] | passes of {seeds} |");
        Console.WriteLine("|---|---|---|" + string.Concat(extra.Select(_ => "---|")) + "---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        foreach (var problem in problems) Console.WriteLine("SHORT: " + problem);
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The check's decision for seed <paramref name="i"/> (bounds over that seed's reference): its first run, or when undecided the next three seeds' as its fresh runs (their mean, or median where a score opts in).</summary>
    public static bool Passes(DtuImageTrainingQuality.Settings design, IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<IReadOnlyList<double>> references, int i) =>
        IndifferenceZone.Of(design.Bounds(references[i]), scores[i]) switch
        {
            IndifferenceZone.Zone.Pass => true,
            IndifferenceZone.Zone.Fail => false,
            _ => IndifferenceZone.FreshPasses(design.Bounds(references[i]),
                IndifferenceZone.Fresh(design.Bounds(references[i]), [.. Enumerable.Range(1, IndifferenceZone.FreshRuns).Select(k => scores[(i + k) % scores.Count])])),
        };

    /// <summary>(name, compiled hand-in or null for the reference).</summary>
    private static IEnumerable<(string Name, HandinInstance? Handin)> Trainers(string family, string checkId, string[]? only)
    {
        bool Wanted(string name) => only is null || only.Any(o => name.Contains(o, StringComparison.OrdinalIgnoreCase));
        var correctFolder = Path.Combine(family, "Correct");
        if (Wanted("reference")) yield return ("reference", null);
        if (Wanted("Correct")) yield return ("Correct", SeedsMode.Compile(HandinSource.Load(correctFolder)));
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(family, "Mutants")).Order(StringComparer.Ordinal))
        {
            var source = HandinSource.Load(folder);
            if (source.Mutant?.Checks.Contains(checkId) == true && Wanted(Path.GetFileName(folder)))
                yield return ("Mutants/" + Path.GetFileName(folder), SeedsMode.Compile(source));
        }
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(family, "Cheats")).Order(StringComparer.Ordinal))
            if (File.ReadAllText(Path.Combine(folder, "cheat.json")).Contains(checkId, StringComparison.Ordinal) && Wanted(Path.GetFileName(folder)))
                yield return ("Cheats/" + Path.GetFileName(folder), SeedsMode.Compile(HandinSource.FromFolder(correctFolder).WithOverlay(folder)));
    }

    private static string Row(string name, List<(double Loss, double Coarse, double Train, double Cpu, IReadOnlyList<double> Values, IReadOnlyList<double> Reference)> runs, DtuImageTrainingQuality.Settings design, bool asserted, List<string> problems)
    {
        var losses = runs.Select(r => r.Loss).ToList();
        var scores = runs.Select(r => r.Values).ToList();
        int n = runs.Count, passes = Enumerable.Range(0, n).Count(i => Passes(design, scores, [.. runs.Select(r => r.Reference)], i));
        bool full = name is "reference" or "Correct";
        if (asserted && full && passes < n) problems.Add($"{name}: {passes}/{n} pass, every seed must");
        if (asserted && !full && n - passes < Math.Ceiling(0.95 * n)) problems.Add($"{name}: caught on {n - passes}/{n}, at least 19 of 20 must be");
        var finite = losses.Where(double.IsFinite).ToList();
        string stats = finite.Count == 0 ? "refused" : Stats(finite) + (finite.Count < n ? $" ({n - finite.Count} refused)" : "");
        var coarse = runs.Select(r => r.Coarse).Where(double.IsFinite).ToList();
        stats += " | " + (coarse.Count == 0 ? "refused" : Stats(coarse));
        var times = runs.Select(r => r.Train).Where(double.IsFinite).ToList();
        var cpus = runs.Select(r => r.Cpu).ToList();
        string time = times.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{times.Average():F2} [{times.Max():F2}]");
        time += string.Create(CultureInfo.InvariantCulture, $" | {cpus.Average():F2} [{cpus.Max():F2}]");
        for (var k = 2; k < design.Margins.Count; k++)
        {
            var column = runs.Select(r => r.Values[k]).Where(double.IsFinite).ToList();
            stats += " | " + (column.Count == 0 ? "refused" : Stats(column));
        }
        return $"| {name} | {stats} | {time} | {passes}/{n} |";
    }

    private static string Stats(List<double> v)
    {
        double mean = v.Average(), sd = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {sd:F4} [{v.Min():F4}, {v.Max():F4}]");
    }
}
