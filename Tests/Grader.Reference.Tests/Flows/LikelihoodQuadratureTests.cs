using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
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

    [Test, Explicit("the grader's flows on 4 grid sizes × 200 seeds: minutes; prints the accepted draw per size")]
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
        }
    }
}
