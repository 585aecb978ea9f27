using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (a), (c), hidden: change of variables. For a 2-D INN drawn from the run's seed (three blocks with
/// smooth tanh subnets, weights ×0.5–2, a permutation or a rotation each, clamp 1–3), the density the hand-in's Forward
/// defines, p(x) = N(z; 0, I)·exp(LogDet) with (z, LogDet) = Forward(x), integrates to 1 over the plane. A per-point
/// comparison can miss a log-determinant that is wrong together with the map; the integral cannot.
/// </summary>
/// <remarks>
/// <b>Quadrature</b>: the midpoint rule on a 128×128 grid over a box that holds all but 2.3·10⁻¹¹ of the mass
/// (<see cref="Quadrature"/>). The integrand is smooth (tanh subnets) and decays to nothing at the box's edge, so the rule
/// acts as the trapezoid rule on a periodic function: by Poisson summation its error falls like exp(−2π²(ℓ/h)²) for the
/// density's smallest length scale ℓ and cell width h, not like h². Measured over 500 seeds (InnDensityQuadratureTests):
/// |exact − 1| ≤ 1.5·10⁻⁷ at every grid from 64 to 320 points per side, the same at each — the floor set by the grid
/// points' rounding to float32, with no discretisation error visible even at 64; 128 halves h from there, which
/// quadruples the exponent. The grader integrates the exact density (its double evaluation) on the same grid and requires it to be within
/// 10⁻⁶ of 1 (else a grader defect; grid and integral once per seed, see <see cref="SeedCache{TKey, TValue}"/>).
/// <b>Tolerance</b> 10⁻³: that quadrature error, plus the float32 error of the hand-in's log-density (relative ≤ 10⁻⁵
/// at these sizes), plus the tail. A log-determinant left out, doubled or with the wrong sign moves the integral by far
/// more; the last block's alone (mutant inn-last-block-only) lands outside the tolerance on 99 of seeds 1–100, on the
/// 128 and the 320 grid alike, and inside it (|∫ − 1| = 4.7·10⁻⁴) on seed 100, where inn-matches-reference catches it.
/// </remarks>
public sealed class InnDensityIntegratesToOne : IntegratesToOneCheck<IInvertibleNeuralNetwork>
{
    /// <summary>Grid points per side.</summary>
    public const int GridSize = 128;

    /// <summary>|∫p − 1| allowed.</summary>
    public const double Tolerance = 1e-3;

    private const int Channels = 2;

    /// <summary>The run's grid and the exact density's integral on it, per (check seed, grid size): the hand-in cannot influence them.</summary>
    private static readonly SeedCache<(ulong Seed, int Grid), Setup> Setups = new();

    /// <param name="gridSize">Grid points per side (<see cref="GridSize"/> when grading; other sizes for the quadrature's measurements).</param>
    public InnDensityIntegratesToOne(int gridSize = GridSize)
        : base("flows.heidelberg.inn-density-integrates-to-one", gridSize)
    {
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IInvertibleNeuralNetwork inn)
    {
        var (chain, clamp) = Draw(context);
        var blocks = InnExpectations.Blocks(chain, Channels);
        var (points, area, reference) = Setups.For((context.Seed, Grid), () => SetUp(chain, clamp, Grid));
        int count = Grid * Grid;
        if (!(Math.Abs(reference - 1) <= 1e-6))
            return call.Error(string.Create(CultureInfo.InvariantCulture, $"the exact density of this run's INN integrates to {reference:G8} on the grader's grid, not 1 within 1e-6 (a grader defect: box or grid)."));

        const string what = "Forward(x, blocks, clamp) on a grid of points";
        var x = torch.tensor(points, count, Channels);
        if (call.Run(what, () => inn.Forward(x, blocks, clamp), out var result) is { } threw) return threw;
        if ((call.Tensor(what, result.Z, [count, Channels]) ?? call.Tensor(what, result.LogDet, [count], $"expected one log-determinant per point, shape [{count}]")) is { } bad) return bad;
        var z = result.Z.ToDoubleArray();
        var ld = result.LogDet.ToDoubleArray();
        double integral = 0;
        for (int p = 0; p < count; p++)
            integral += Math.Exp(-0.5 * (z[2 * p] * z[2 * p] + z[2 * p + 1] * z[2 * p + 1]) - Math.Log(2 * Math.PI) + ld[p]);
        integral *= area;
        var line = string.Create(CultureInfo.InvariantCulture, $"∫ N(f(x); 0, I)·exp(LogDet(x)) dx = {integral:G6}");
        if (Math.Abs(integral - 1) <= Tolerance)
            return CheckResult.Pass(Id, $"The density your INN's Forward defines on a 2-D INN drawn for this run integrates to 1: {line} (|∫ − 1| ≤ {Tolerance:G2}).", SheetRef);
        return call.Fail(
            $"The density your INN's Forward defines on a 2-D INN drawn for this run does not integrate to 1: {line}. By the change of variables p(x) = p_z(f(x))·|det ∂f/∂x|, " +
            $"so with the right log-determinant the integral is 1; yours is off, so LogDet is not log|det ∂z/∂x| of the map Forward computes (a wrong sign, a missing or doubled term, or only some blocks counted). Re-read {SheetRef}.",
            expected: "∫ p(x) dx = 1", seen: line);
    }

    /// <summary>The exact density's midpoint integral on the <paramref name="gridSize"/>² grid for the INN this check draws under <paramref name="context"/>'s seed.</summary>
    public static double ExactIntegral(CheckContext context, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (chain, clamp) = Draw(context);
        return SetUp(chain, clamp, gridSize).Reference;
    }

    /// <summary>The run's INN: three blocks of a tanh subnet (weights ×0.5–2) and a mixing each, and the clamp.</summary>
    private static ((FixedSubnet Subnet, float[] Mixing)[] Chain, double Clamp) Draw(CheckContext context)
    {
        var g = context.NewGenerator(1);
        var chain = Enumerable.Range(0, 3).Select(_ => (Subnet: FreshDraws.Subnet(g, Channels, FreshDraws.LogUniform(g, 0.5, 2), SubnetActivation.Tanh), Mixing: FreshDraws.Mixing(g, Channels))).ToArray();
        return (chain, FreshDraws.Uniform(g, 1, 3));
    }

    /// <summary>The grid's points (float32 [n·n, 2], never written after), the cell area, and the exact density's midpoint integral.</summary>
    private sealed record Setup(float[] Points, double Area, double Reference);

    private static Setup SetUp((FixedSubnet Subnet, float[] Mixing)[] chain, double clamp, int gridSize)
    {
        var exact = chain.Select(b => DoubleCouplingBlock.Of(b.Subnet, torch.tensor(b.Mixing, Channels, Channels))).ToArray();
        var (points, area) = Quadrature.Grid(Quadrature.Box(z => CouplingChain.Inverse(exact, clamp, z, u: 0).Value), gridSize);
        // Rotations and permutations mix: |det P| = 1, so log|det| is Σ s (CouplingChain.ForwardValue).
        double sum = 0;
        Span<double> z = stackalloc double[Channels];
        for (int p = 0; p < gridSize * gridSize; p++)
        {
            double logDet = CouplingChain.ForwardValue(exact, clamp, [points[2 * p], points[2 * p + 1]], z);
            sum += Math.Exp(-0.5 * (z[0] * z[0] + z[1] * z[1]) - Math.Log(2 * Math.PI) + logDet);
        }
        return new Setup(points, area, sum * area);
    }
}
