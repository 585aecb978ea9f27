using Grader.Checks.Hidden.Training;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The trained drift as the ODE check's likelihood reads it: at each time t the solver asks for, the hand-in's
/// <c>Forward</c> on a fixed grid of x (<see cref="From"/> … −<see cref="From"/> in steps of <see cref="Spacing"/>, in a
/// drawn order and drawn batch sizes, <see cref="DrawnBatches.Sizes"/>) and nothing else; f(x, t) and ∂f/∂x(x, t) are the
/// grader's cubic (Catmull–Rom, <see cref="CatmullRomWeights"/>) interpolation of those values in x and its exact derivative, linear beyond the grid.
/// The hand-in never sees the points it is scored on, so a network with state across calls (one that remembers the
/// points of earlier calls and answers later rows near them along a slope of its choosing: cheat
/// <c>ode-drift-anchors-on-remembered-points</c>) has nothing to anchor on, and the likelihood reads no partial derivative
/// the hand-in reports: the log p the solver computes is the exact change of variables of the interpolated field, a
/// density fixed before any held-out point is asked (issue 45, items 1 and 2). The time is not interpolated: every t the
/// solver asks (its stages, the mirror's, the time reversal's) gets its own column of the grid, evaluated once.
/// After a solve, <see cref="Verify"/> checks the hand-in's own <c>PartialX</c> on every column it read (<see cref="CheckPartials"/>): on a drawn subset of the
/// column's rows, in drawn batches, against the interpolation's derivative at those rows, so a network whose reported
/// partial is honest only on calls of some size (the probe's) fails there (<see cref="Dishonesty"/>).
/// </summary>
public sealed class GriddedDrift(IDifferentiableNetwork network, string name, Generator batches) : IDifferentiableNetwork
{
    /// <summary>The grid's ends are ±<see cref="From"/> (the data reach |y| ≈ 14; a trained flow moves them inwards).</summary>
    public const double From = -20;

    /// <summary>The grid's step in x, 2⁻⁸ (≈ 3.9e-3): every grid point is a float32 exactly, so the values interpolated are the network's at the very x it was asked.</summary>
    public const double Spacing = 1.0 / 256;

    private static readonly int Points = (int)Math.Round(-2 * From / Spacing) + 1;

    private readonly Dictionary<float, double[]> _columns = [];

    private readonly List<float> _unverified = [];

    private readonly GridPartialVerification _verification = new();

    /// <summary>The smallest and largest number of a column's rows whose <c>PartialX</c> is verified, and of a batch of them (log-uniform).</summary>
    public const int FewestChecked = GridPartialVerification.FewestChecked, MostChecked = 256;

    /// <summary>The hand-in's Forward calls so far (each a drawn batch of one column of the grid).</summary>
    public int ForwardCalls { get; private set; }

    /// <summary>The hand-in's PartialX calls so far (each a drawn batch of a column's verified rows).</summary>
    public int PartialCalls => _verification.Calls;

    /// <summary>The first disagreement of the hand-in's PartialX with the grid's derivative, or null.</summary>
    public string? Dishonesty => _verification.Dishonesty;

    /// <summary>The largest |reported − D| over its tolerance seen so far (below 1 when every verified row agreed): the margin of a correct drift.</summary>
    public double WorstPartialRatio => _verification.WorstRatio;

    public Tensor Forward(Tensor x, Tensor t) => Interpolated(x, t, derivative: false);

    public Tensor PartialX(Tensor x, Tensor t) => Interpolated(x, t, derivative: true);

    /// <summary>The likelihood of the ODE reads no time derivative.</summary>
    public Tensor PartialT(Tensor x, Tensor t) => throw new NotSupportedException($"{name}: the ODE likelihood reads no ∂f/∂t");

    private Tensor Interpolated(Tensor x, Tensor t, bool derivative)
    {
        var xs = x.detach().contiguous().ToArray();
        var ts = t.detach().contiguous().ToArray();
        if (xs.Length != ts.Length) throw new ArgumentException($"{name}: x has {xs.Length} values and t {ts.Length}; expected one t per point");
        var result = new float[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            var (value, slope) = At(Column(ts[i]), xs[i]);
            result[i] = (float)(derivative ? slope : value);
        }
        return torch.tensor(result, xs.Length, 1);
    }

    /// <summary>The hand-in's values on the grid at time <paramref name="t"/>, asked the first time t is read.</summary>
    private double[] Column(float t)
    {
        if (_columns.TryGetValue(t, out var column)) return column;
        column = new double[Points];
        ForwardCalls += DrawnForward.Ask(network, name, "f(x, t)", batches, batches.Permutation(Points), i => ((float)(From + i * Spacing), t), (i, v) => column[i] = v);
        _columns[t] = column;
        _unverified.Add(t);
        return column;
    }

    /// <summary>
    /// Verifies the hand-in's <c>PartialX</c> on every column read since the last call (<see cref="CheckPartials"/>), after
    /// the solve that read them: no call the solve made is preceded by a PartialX call, so a network with state has no
    /// verified rows to anchor its columns on. Returns <see cref="Dishonesty"/>.
    /// </summary>
    public string? Verify()
    {
        foreach (var t in _unverified) CheckPartials(_columns[t], t);
        _unverified.Clear();
        return Dishonesty;
    }

    /// <summary>
    /// The hand-in's <c>PartialX</c> at time <paramref name="t"/> (<see cref="GridPartialVerification"/>) on a drawn subset of the column's inner rows (their
    /// number log-uniform in [<see cref="FewestChecked"/>, <see cref="MostChecked"/>], the rows uniform, cut into batches
    /// of drawn sizes, log-uniform in [<see cref="FewestChecked"/>, the number]: the honesty probe's 7–40 among them, so a
    /// size tells no call apart), each held to the interpolation's derivative at that row, the central difference
    /// D = (v[i+1] − v[i−1])/(2·2⁻⁸) of the float32 values the hand-in returned, by <see cref="TrainedNetworkHonesty.Judge"/>'s
    /// rule at the one step 2⁻⁸: |reported − D| ≤ 2e-3·(1 + |D|) + 64·2⁻²⁴·(|v[i+1]| + |v[i−1]|)/(2·2⁻⁸) (each |v| in
    /// [1, 1e3]: ≥ 1e-3) + 1e3·2⁻¹⁶ (≈ 0.015, the truncation f‴h²/6 of a drift with |f‴| ≤ 6,000). The first
    /// disagreement is kept in <see cref="Dishonesty"/>; the scoring reads none of these values.
    /// A correct drift's margin is <see cref="WorstPartialRatio"/>.
    /// </summary>
    private void CheckPartials(double[] column, float t)
    {
        int m = GridPartialVerification.Count(batches, MostChecked);
        var rows = new int[m];
        for (int k = 0; k < m; k++) rows[k] = 1 + (int)batches.NextInt(0, Points - 2);
        var verified = rows.Select(i => new GridPartialVerification.GridRow((float)(From + i * Spacing), t, column[i + 1], column[i - 1])).ToArray();
        _verification.Check(name, batches, verified, "x", Spacing, network.PartialX, "∂f/∂x(x, t)");
    }

    /// <summary>The Catmull–Rom interpolant of <paramref name="v"/> (the grid's values) at x and its derivative in x (<see cref="CatmullRomWeights"/>, the ends continued by their line); beyond the grid the line with the end's slope.</summary>
    internal static (double Value, double Slope) At(double[] v, double x)
    {
        Span<int> nodes = stackalloc int[4];
        Span<double> w = stackalloc double[4], dw = stackalloc double[4];
        int n = CatmullRomWeights.At((x - From) / Spacing, v.Length, Spacing, CatmullRomWeights.EndRule.Line, nodes, w, dw);
        if (n == 0) return (double.NaN, double.NaN);
        double value = 0, slope = 0;
        for (int k = 0; k < n; k++) (value, slope) = (value + w[k] * v[nodes[k]], slope + dw[k] * v[nodes[k]]);
        return (value, slope);
    }
}
