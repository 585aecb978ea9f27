using Grader.Checks.Handins;
using Grader.Grading.Discovery;
using Grader.Grading.Pipeline;
using Grader.Semester.Similarity;
using Grader.Checks.Tests.Support;

namespace Grader.Benchmarks.Similarity;

/// <summary>
/// <c>similarity [--repository &lt;root&gt;]</c>: measures the similarity report (<see cref="SimilarityReport"/>). (1) Each
/// family's correct example, the reference solution of the family (written apart from it, for the grader) and a
/// disguised copy of the example (<see cref="PlantedCopy"/>: renamed, reordered, reformatted), all compared at once:
/// every copy must rank above every pair of independent code and reach the threshold, and no independent pair may reach
/// it. (2) The bundled cohort (<c>fixtures/handins</c>), with the template left out: the score distribution is printed.
/// Exit code 1 when (1) does not hold.
/// </summary>
public static class SimilarityMode
{
    private static readonly string[] Families = ["Attention", "Diffusion", "Flows", "Gan", "OdeSde", "Quickies", "Vae"];

    public static int Run(string[] args)
    {
        var root = args.Length >= 2 && args[0] == "--repository" ? args[1] : FindRoot();
        var clock = Stopwatch.StartNew();
        var handins = new Dictionary<string, HandinSource>(StringComparer.Ordinal);
        foreach (var family in Families)
        {
            var example = HandinSource.FromFolder(Path.Combine(root, "Submissions", "Examples", family, "Correct"));
            handins[$"{family}-example"] = example;
            handins[$"{family}-copy"] = new HandinSource($"{family}-copy", [new HandinFile("Copy.cs", PlantedCopy.Of(example.Files.Select(f => f.Text)))]);
            var folder = Path.Combine(root, "Reference", "Solutions", family);
            var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(p => p is "Handin" or "Figures" or "bin" or "obj"))
                .Order(StringComparer.Ordinal)
                .Select(f => new HandinFile(Path.GetRelativePath(folder, f), File.ReadAllText(f)))
                .ToArray();
            handins[$"{family}-reference"] = new HandinSource($"{family}-reference", files);
        }

        var template = Template(root);
        var report = SimilarityReport.Compare(handins, template, Winnowing.Default);
        Console.WriteLine($"(1) {handins.Count} hand-ins, {report.Pairs.Count} pairs, threshold {SimilarityReport.DefaultThreshold}:");
        Console.WriteLine("| rank | pair | kind | score | shared |");
        Console.WriteLine("|---:|---|---|---:|---:|");
        int rank = 0;
        foreach (var p in report.Pairs)
        {
            rank++;
            if (rank <= 20 || IsCopy(p))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {rank} | {p.A} – {p.B} | {(IsCopy(p) ? "planted copy" : "independent")} | {p.Score:0.000} | {p.Shared} |"));
            }
        }

        var copies = report.Pairs.Where(IsCopy).ToArray();
        var independent = report.Pairs.Where(p => !IsCopy(p)).ToArray();
        double lowestCopy = copies.Min(p => p.Score), highestIndependent = independent.Max(p => p.Score);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"planted copies: {copies.Length}, lowest score {lowestCopy:0.000}; independent pairs: {independent.Length}, highest score {highestIndependent:0.000} ({independent.Count(p => p.Score >= SimilarityReport.DefaultThreshold)} at or above the threshold)."));
        bool holds = copies.Length == Families.Length && lowestCopy > highestIndependent && lowestCopy >= SimilarityReport.DefaultThreshold && highestIndependent < SimilarityReport.DefaultThreshold;

        var cohort = GradingPipeline.Discover([Path.Combine(root, "fixtures", "handins")], DiscoveryLimits.Default);
        var bundled = SimilarityReport.Compare(cohort.Handins.ToDictionary(h => h.Student, h => h.Source, StringComparer.Ordinal), template, Winnowing.Default);
        var scores = bundled.Pairs.Select(p => p.Score).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(2) the bundled cohort: {cohort.Handins.Count} hand-ins, {scores.Length} pairs; score min {scores[0]:0.000}, median {scores[scores.Length / 2]:0.000}, max {scores[^1]:0.000}; {bundled.Flagged.Count} at or above {SimilarityReport.DefaultThreshold}."));
        Console.WriteLine($"took {clock.Elapsed.TotalSeconds:0.0} s; (1) {(holds ? "holds" : "DOES NOT HOLD")}.");
        return holds ? 0 : 1;
    }

    private static bool IsCopy(SimilarPair p) =>
        p.A.EndsWith("-copy", StringComparison.Ordinal) && p.B == p.A.Replace("-copy", "-example", StringComparison.Ordinal)
        || p.B.EndsWith("-copy", StringComparison.Ordinal) && p.A == p.B.Replace("-copy", "-example", StringComparison.Ordinal);

    /// <summary>Every family's template, as one hand-in: the code every student is given.</summary>
    private static HandinSource Template(string root)
    {
        var folder = Path.Combine(root, "Submissions", "Template");
        return new HandinSource("template", Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new HandinFile(Path.GetRelativePath(folder, f), File.ReadAllText(f))).ToArray());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln")))
            {
                return dir.FullName;
            }
        }

        throw new ArgumentException("Grader.sln not found above the benchmark; pass --repository <root>.");
    }
}
