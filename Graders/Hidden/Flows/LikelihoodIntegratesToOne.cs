using Grader.Checks.Flows.Support;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (a), (d), hidden: the likelihood the hand-in computes is a density. Under a 2-D grader flow drawn from
/// the run's seed (2–3 sinh–arcsinh layers with rotations, so the density does not factor),
/// ∫ exp(−NegativeLogLikelihood(x, flow)) dx = 1 over the plane. Catches a missing or doubled normalisation, a wrong
/// sign of the log-determinant, ‖z‖² without the ½, or a value divided by d, whatever the flow.
/// </summary>
/// <remarks>
/// <b>Quadrature</b>: the midpoint rule (<see cref="Quadrature"/>) on 192×192 points over a box holding all but
/// 2.3·10⁻¹¹ of the mass. Some sinh–arcsinh flows are too sharp for the grid, so the check draws flows until the
/// grader's own density integrates to 1 within 10⁻⁶ on the grid, at most <see cref="MaxDraws"/>; that validation bounds
/// the quadrature error of the flow actually used, whatever the grid. Measured over seeds 1–200
/// (LikelihoodQuadratureTests): the first draw fails it on 23 % of seeds at 192 (12.5 % at 320, 28.5 % at 160), so all
/// 16 failing (a grader defect) has probability ≈ 0.23¹⁶ ≈ 6·10⁻¹¹; the flow taken is the one 320×320 took on 176 of 200
/// seeds, the others are smoother draws of the same family. <b>Tolerance</b> 10⁻³: the correct example and the
/// reference integrate to within 10⁻⁶ of 1 on all 200 seeds; the missing normalisation gives 2π and the log-determinant's
/// wrong sign fails on all 200. The points go to the hand-in in chunks of at most 2¹⁶, so its calls of the flow stay
/// within the callback budget.
/// </remarks>
public sealed class LikelihoodIntegratesToOne : IntegratesToOneCheck<IFlowNegativeLogLikelihood>
{
    /// <summary>Grid points per side.</summary>
    public const int GridSize = 192;

    /// <summary>|∫ − 1| allowed.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>Flows drawn at most until one whose exact density the grid integrates to 1 within 10⁻⁶.</summary>
    public const int MaxDraws = 16;

    private const int Chunk = 1 << 16;

    /// <summary>The run's flow and its grid, per (check seed, grid size): the hand-in cannot influence them.</summary>
    private static readonly SeedCache<(ulong Seed, int Grid), ValidFlow?> ValidFlows = new();

    /// <param name="gridSize">Grid points per side (<see cref="GridSize"/> when grading; other sizes for the quadrature's measurements).</param>
    public LikelihoodIntegratesToOne(int gridSize = GridSize)
        : base("flows.heidelberg.likelihood-integrates-to-one", gridSize)
    {
    }

    /// <summary>Which of the flows drawn under <paramref name="context"/>'s seed the check takes on a <paramref name="gridSize"/>² grid (0-based), −1 when none.</summary>
    public static int ValidDraw(CheckContext context, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DrawValidFlow(context.NewGenerator(1), gridSize).Draw;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IFlowNegativeLogLikelihood nll)
    {
        if (ValidFlows.For((context.Seed, Grid), () => DrawValidFlow(context.NewGenerator(1), Grid).Flow) is not var (spec, points, area))
            return call.Error($"none of {MaxDraws} flows drawn for this run integrates to 1 within 1e-6 on the grader's grid (a grader defect: box or grid).");
        var flow = spec.Create();
        int count = Grid * Grid;

        const string what = "NegativeLogLikelihood(x, flow) on a grid of points";
        double integral = 0;
        for (int start = 0; start < count; start += Chunk)
        {
            int m = Math.Min(Chunk, count - start);
            var x = torch.tensor(points.AsSpan(2 * start, 2 * m).ToArray(), m, 2);
            if (call.Run(what, () => nll.NegativeLogLikelihood(x, flow), out var result) is { } threw) return threw;
            if (call.Tensor(what, result, [m], $"expected one value per point, shape [{m}]") is { } bad) return bad;
            integral += result.ToDoubleArray().Sum(v => Math.Exp(-v));
        }
        integral *= area;
        var line = string.Create(CultureInfo.InvariantCulture, $"∫ exp(−NegativeLogLikelihood(x)) dx = {integral:G6}");
        if (Math.Abs(integral - 1) <= Tolerance)
            return CheckResult.Pass(Id, $"Your likelihood under a 2-D flow drawn for this run is a density: {line} (|∫ − 1| ≤ {Tolerance:G2}).", SheetRef);
        var hint = Math.Abs(integral - 2 * Math.PI) <= 0.01 * 2 * Math.PI ? " It is 2π: the standard normal's normalisation (d/2)·ln 2π is missing." : "";
        return call.Fail($"Your likelihood under a 2-D flow drawn for this run is not a density: {line}, not 1.{hint} Re-read {SheetRef}.",
            expected: "∫ p(x) dx = 1", seen: line);
    }

    /// <summary>A flow the grid integrates, with the grid's points (float32 [n·n, 2], never written after) and cell area.</summary>
    private sealed record ValidFlow(FlowSpec Spec, float[] Points, double Area);

    /// <summary>The first of at most <see cref="MaxDraws"/> flows whose exact density the grid integrates to 1 within 10⁻⁶, and which draw it was; null and −1 if none does.</summary>
    private static (ValidFlow? Flow, int Draw) DrawValidFlow(Generator g, int gridSize)
    {
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            var spec = new FlowSpec(g.NextUInt64(), 2, FreshDraws.Int(g, 2, 3));
            var candidate = spec.Create();
            var (points, area) = Quadrature.Grid(Quadrature.Box(z => candidate.Inverse(z)), gridSize);
            double reference = 0;
            for (int p = 0; p < gridSize * gridSize; p++) reference += Math.Exp(candidate.LogDensity([points[2 * p], points[2 * p + 1]]));
            if (Math.Abs(reference * area - 1) <= 1e-6) return (new ValidFlow(spec, points, area), draw);
        }
        return (null, -1);
    }
}
