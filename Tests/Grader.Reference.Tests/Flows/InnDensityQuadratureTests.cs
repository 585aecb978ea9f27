using System.Text.RegularExpressions;
using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The grid of <see cref="InnDensityIntegratesToOne"/>, measured: the midpoint rule's error on the exact density
/// (|exact − 1| over many seeds, per candidate grid size; the check requires ≤ 10⁻⁶ of it) and the integrals the correct
/// example and the log-determinant mutant reach (the check allows |∫ − 1| ≤ 10⁻³).
/// </summary>
[NonParallelizable]
public class InnDensityQuadratureTests
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string Id = new InnDensityIntegratesToOne().Id;

    private static HandinInstance Compile(string example)
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", "Flows", example)));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!);
    }

    private static CheckContext Context(HandinInstance? handin, ulong seed) =>
        new(handin is null ? _ => null : handin.Resolve, HandinGrader.CheckSeed(seed, Id), Path.Combine(Root, "fixtures", "snapshots"));

    /// <summary>The grid the check grades with passes the exact density's own validation (≤ 10⁻⁶) with a margin, on a few seeds.</summary>
    [TestCase(1UL), TestCase(2UL), TestCase(3UL)]
    public void The_exact_density_integrates_to_one_on_the_grading_grid(ulong seed)
    {
        var exact = InnDensityIntegratesToOne.ExactIntegral(Context(null, seed), InnDensityIntegratesToOne.GridSize);
        Math.Abs(exact - 1).Should().BeLessThan(1e-7);
    }

    [Test, Explicit("the exact density on 6 grid sizes × 500 seeds: minutes; prints max |exact − 1| per size, asserts it within the validation's 1e-6")]
    public void Quadrature_error_of_the_exact_density_per_grid_size()
    {
        const int seeds = 500;
        foreach (var n in new[] { 64, 96, 128, 160, 192, 320 })
        {
            var errors = new double[seeds];
            for (var s = 0; s < seeds; s++) errors[s] = Math.Abs(InnDensityIntegratesToOne.ExactIntegral(Context(null, (ulong)s + 1), n) - 1);
            Array.Sort(errors);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"n = {n}: |exact − 1| over {seeds} seeds: median {errors[seeds / 2]:G3}, 99th pct {errors[seeds * 99 / 100]:G3}, max {errors[^1]:G3}; above 1e-6: {errors.Count(e => e > 1e-6)}"));
            errors[^1].Should().BeLessThanOrEqualTo(1e-6, $"n = {n}: the exact density must pass the check's own validation on every seed");
        }
    }

    /// <summary>
    /// The grading grid against the old 320×320 one, seed by seed: the correct example passes on both, the last-block-only
    /// mutant gets the same verdict on both, and its integral moves by far less than the tolerance between them.
    /// </summary>
    [Test, Explicit("the check on the correct example and the last-block-only mutant, 100 seeds × 2 grid sizes: minutes; prints the integrals")]
    public void Integrals_of_the_correct_example_and_the_mutant_per_grid_size()
    {
        const int seeds = 100;
        var correct = Compile("Correct");
        var mutant = Compile(Path.Combine("Mutants", "inn-last-block-only"));
        var grading = new InnDensityIntegratesToOne();
        var old = new InnDensityIntegratesToOne(320);
        double worstCorrect = 0, closestMutant = double.MaxValue, mutantShift = 0;
        var failures = new List<string>();
        var mutantPasses = new List<ulong>();
        for (var s = 1UL; s <= seeds; s++)
        {
            foreach (var check in new[] { grading, old })
            {
                var good = check.Run(Context(correct, s));
                if (!good.Passed) failures.Add($"seed {s}, n = {check.Grid}: the correct example failed: {good.Message}");
                worstCorrect = Math.Max(worstCorrect, Math.Abs(Integral(good.Message) - 1));
            }
            var bad = grading.Run(Context(mutant, s));
            var badOld = old.Run(Context(mutant, s));
            if (bad.Passed != badOld.Passed) failures.Add($"seed {s}: the mutant {(bad.Passed ? "passes" : "fails")} at n = {grading.Grid} and {(badOld.Passed ? "passes" : "fails")} at n = 320");
            if (bad.Passed) mutantPasses.Add(s);
            closestMutant = Math.Min(closestMutant, Math.Abs(Integral(bad.Message) - 1));
            mutantShift = Math.Max(mutantShift, Math.Abs(Integral(bad.Message) - Integral(badOld.Message)));
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{seeds} seeds, n = {grading.Grid} and 320: correct example max |∫ − 1| = {worstCorrect:G3} (G6 figures); last-block-only mutant min |∫ − 1| = {closestMutant:G3} at n = {grading.Grid}, " +
            $"largest |∫₁₂₈ − ∫₃₂₀| = {mutantShift:G3}, passes at seeds [{string.Join(", ", mutantPasses)}] (on both grids alike: {failures.Count(f => f.Contains("mutant")) == 0})"));
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    /// <summary>The grading grid on the correct example and on the reference wrapped as a hand-in, 200 seeds each: none fails.</summary>
    [Test, Explicit("200 seeds × (correct example, reference) at the grading grid: about a minute; prints the largest |∫ − 1|")]
    public void The_correct_example_and_the_reference_pass_under_200_seeds()
    {
        var correct = Compile("Correct");
        var reference = new Grader.Reference.Flows.Handin.ReferenceInvertibleNeuralNetwork();
        var check = new InnDensityIntegratesToOne();
        var failures = new List<string>();
        foreach (var (name, resolve) in new (string, Func<Type, object?>)[] { ("correct example", correct.Resolve), ("reference", t => t.IsInstanceOfType(reference) ? reference : null) })
        {
            double worst = 0;
            for (var s = 1UL; s <= 200; s++)
            {
                var result = check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(s, Id), Path.Combine(Root, "fixtures", "snapshots")));
                if (!result.Passed) failures.Add($"{name}, seed {s}: {result.Message}");
                else worst = Math.Max(worst, Math.Abs(Integral(result.Message) - 1));
            }
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: 200 seeds at n = {check.Grid}, largest |∫ − 1| = {worst:G3} (G6 figures), {failures.Count(f => f.StartsWith(name, StringComparison.Ordinal))} failed"));
        }
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    private static double Integral(string message)
    {
        var m = Regex.Match(message, @"dx = (-?[0-9]+(?:\.[0-9]+)?(?:E[-+]?[0-9]+)?|NaN|-?Infinity)");
        m.Success.Should().BeTrue(message);
        return double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
