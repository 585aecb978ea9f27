using System.Text.RegularExpressions;
using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The grid of <see cref="LikelihoodIntegratesToOne"/>, measured: per candidate grid size, which of the flows drawn for a
/// seed passes the grader's own 10⁻⁶ validation (the check takes the first), and how often that is the flow the
/// 320×320 grid takes.
/// </summary>
[NonParallelizable]
public class LikelihoodQuadratureTests
{
    private static readonly string Id = new LikelihoodIntegratesToOne().Id;

    [Test, Explicit("the grader's flows on 4 grid sizes × 200 seeds: minutes; prints the accepted draw per size, asserts one on the grading grid for every seed")]
    public void Accepted_draws_per_grid_size()
    {
        const int seeds = 200;
        var at320 = new int[seeds];
        foreach (var n in new[] { 320, 256, 192, 160 })
        {
            var histogram = new SortedDictionary<int, int>();
            int same = 0;
            for (var s = 0; s < seeds; s++)
            {
                var draw = LikelihoodIntegratesToOne.ValidDraw(new CheckContext(_ => null, HandinGrader.CheckSeed((ulong)s + 1, Id), ""), n);
                if (n == 320) at320[s] = draw;
                if (draw == at320[s]) same++;
                histogram[draw] = histogram.GetValueOrDefault(draw) + 1;
            }
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"n = {n}: accepted draw (0-based: seeds) {string.Join(", ", histogram.Select(kv => $"{kv.Key}: {kv.Value}"))}; the same flow as at 320 on {same} of {seeds} seeds"));

            if (n == LikelihoodIntegratesToOne.GridSize)
                histogram.Keys.Should().NotContain(-1, $"on the grading grid every seed must find one of {LikelihoodIntegratesToOne.MaxDraws} flows the grid integrates to 1 within 1e-6 (else the check errs)");
        }
    }

    /// <summary>
    /// The grading grid on the correct example, the reference wrapped as a hand-in and the two likelihood mutants, 200 seeds
    /// each: the first two pass on every seed, the mutants fail on every seed.
    /// </summary>
    [Test, Explicit("200 seeds × 4 hand-ins at the grading grid: minutes; prints the integrals' range per hand-in")]
    public void The_correct_example_and_the_reference_pass_and_the_mutants_fail_under_200_seeds()
    {
        var root = RepositoryRoot.Path;
        HandinInstance Compile(string example)
        {
            var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", "Flows", example)));
            compiled.Success.Should().BeTrue(compiled.Summary());
            return new HandinInstance(compiled.Assembly!);
        }

        var reference = new Grader.Reference.Flows.Handin.ReferenceFlowNegativeLogLikelihood();
        var handins = new (string Name, Func<Type, object?> Resolve, bool Correct)[]
        {
            ("correct example", Compile("Correct").Resolve, true),
            ("reference", t => t.IsInstanceOfType(reference) ? reference : null, true),
            ("nll-normalisation-missing", Compile(Path.Combine("Mutants", "nll-normalisation-missing")).Resolve, false),
            ("nll-log-det-sign", Compile(Path.Combine("Mutants", "nll-log-det-sign")).Resolve, false),
        };
        var check = new LikelihoodIntegratesToOne();
        var failures = new List<string>();
        foreach (var (name, resolve, correct) in handins)
        {
            double low = double.MaxValue, high = double.MinValue;
            for (var s = 1UL; s <= 200; s++)
            {
                var result = check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(s, Id), Path.Combine(root, "fixtures", "snapshots")));
                if (result.Passed != correct) failures.Add($"{name}, seed {s}: {result.Outcome}: {result.Message}");
                var m = Regex.Match(result.Message, @"dx = (-?[0-9]+(?:\.[0-9]+)?(?:E[-+]?[0-9]+)?|NaN|-?Infinity)");
                if (!m.Success) continue;
                var v = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: 200 seeds at n = {check.Grid}, ∫ in [{low:G6}, {high:G6}], {failures.Count(f => f.StartsWith(name + ",", StringComparison.Ordinal))} against expectation"));
        }
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

}
