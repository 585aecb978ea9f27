using Grader.Checks.Hidden.Training;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The trained drift as the ODE check's likelihood reads it: at each time t the solver asks for, the hand-in's
/// <c>Forward</c> on a fixed grid of x (<see cref="From"/> … −<see cref="From"/> in steps of <see cref="Spacing"/>, in a
/// drawn order and drawn batch sizes, <see cref="DrawnBatches.Sizes"/>) and nothing else; f(x, t) and ∂f/∂x(x, t) are the
/// grader's cubic (Catmull–Rom) interpolation of those values in x and its exact derivative, linear beyond the grid.
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

    /// <summary>The smallest and largest number of a column's rows whose <c>PartialX</c> is verified, and of a batch of them (log-uniform).</summary>
    public const int FewestChecked = 7, MostChecked = 256;

    /// <summary>The hand-in's Forward calls so far (each a drawn batch of one column of the grid).</summary>
    public int ForwardCalls { get; private set; }

    /// <summary>The hand-in's PartialX calls so far (each a drawn batch of a column's verified rows).</summary>
    public int PartialCalls { get; private set; }

    /// <summary>The first disagreement of the hand-in's PartialX with the grid's derivative, or null.</summary>
    public string? Dishonesty { get; private set; }

    /// <summary>The largest |reported − D| over its tolerance seen so far (below 1 when every verified row agreed): the margin of a correct drift.</summary>
    public double WorstPartialRatio { get; private set; }

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
        var order = batches.Permutation(Points);
        int done = 0;
        foreach (var size in DrawnBatches.Sizes(batches, Points))
        {
            var bx = new float[size];
            for (int k = 0; k < size; k++) bx[k] = (float)(From + order[done + k] * Spacing);
            ForwardCalls++;
            var output = network.Forward(torch.tensor(bx, size, 1), torch.full([size, 1], t))
                ?? throw new InvalidOperationException($"{name}'s Forward returned null; expected f(x, t) of shape [N, 1].");
            if (output.numel() != size) throw new InvalidOperationException($"{name}'s Forward returned {output.numel()} values for {size} points; expected f(x, t) of shape [N, 1].");
            var values = output.contiguous().ToArray();
            for (int k = 0; k < size; k++) column[order[done + k]] = values[k];
            done += size;
        }
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
    /// The hand-in's <c>PartialX</c> at time <paramref name="t"/> on a drawn subset of the column's inner rows (their
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
        int m = (int)Math.Round(Flows.FreshDraws.LogUniform(batches, FewestChecked, MostChecked));
        var rows = new int[m];
        for (int k = 0; k < m; k++) rows[k] = 1 + (int)batches.NextInt(0, Points - 2);
        for (int done = 0; done < m;)
        {
            int size = Math.Min(m - done, (int)Math.Round(Flows.FreshDraws.LogUniform(batches, FewestChecked, m)));
            if (m - done - size is > 0 and < FewestChecked) size = m - done;
            var x = new float[size];
            var difference = new double[size];
            var rounding = new double[size];
            for (int k = 0; k < size; k++)
            {
                int i = rows[done + k];
                x[k] = (float)(From + i * Spacing);
                difference[k] = (column[i + 1] - column[i - 1]) / (2 * Spacing);
                rounding[k] = 64 * Math.Pow(2, -24) * (Magnitude(column[i + 1]) + Magnitude(column[i - 1])) / (2 * Spacing);
            }
            PartialCalls++;
            var reported = network.PartialX(torch.tensor(x, size, 1), torch.full([size, 1], t))
                ?? throw new InvalidOperationException($"{name}'s PartialX returned null; expected ∂f/∂x(x, t) of shape [N, 1].");
            var steps = Enumerable.Repeat(Spacing, size).ToArray();
            Dishonesty ??= TrainedNetworkHonesty.Judge(name, x, [.. Enumerable.Repeat(t, size)], "x", reported, new([steps], [difference], [rounding]));
            var values = reported.detach().contiguous().ToDoubleArray();
            for (int k = 0; k < Math.Min(size, values.Length); k++)
            {
                double allowed = TrainedNetworkHonesty.Relative * (1 + Math.Abs(difference[k])) + rounding[k] + TrainedNetworkHonesty.Curvature * Spacing * Spacing;
                WorstPartialRatio = Math.Max(WorstPartialRatio, double.IsFinite(values[k]) ? Math.Abs(values[k] - difference[k]) / allowed : double.PositiveInfinity);
            }
            done += size;
        }
    }

    private static double Magnitude(double v) => Math.Clamp(Math.Abs(v), 1, TrainedNetworkHonesty.ValueCap);

    /// <summary>The Catmull–Rom interpolant of <paramref name="v"/> (the grid's values) at x and its derivative in x; beyond the grid the line with the end's slope.</summary>
    internal static (double Value, double Slope) At(double[] v, double x)
    {
        int n = v.Length;
        double u = (x - From) / Spacing;
        if (!double.IsFinite(u)) return (double.NaN, double.NaN);
        if (u <= 0) { double slope = (v[1] - v[0]) / Spacing; return (v[0] + slope * (x - From), slope); }
        if (u >= n - 1) { double slope = (v[n - 1] - v[n - 2]) / Spacing; return (v[n - 1] + slope * (u - (n - 1)) * Spacing, slope); }
        int i = Math.Min((int)u, n - 2);
        double s = u - i;
        double p0 = i > 0 ? v[i - 1] : 2 * v[0] - v[1], p1 = v[i], p2 = v[i + 1], p3 = i + 2 < n ? v[i + 2] : 2 * v[n - 1] - v[n - 2];
        double m1 = (p2 - p0) / 2, m2 = (p3 - p1) / 2;
        double s2 = s * s, s3 = s2 * s;
        double value = (2 * s3 - 3 * s2 + 1) * p1 + (s3 - 2 * s2 + s) * m1 + (-2 * s3 + 3 * s2) * p2 + (s3 - s2) * m2;
        double ds = (6 * s2 - 6 * s) * p1 + (3 * s2 - 4 * s + 1) * m1 + (-6 * s2 + 6 * s) * p2 + (3 * s2 - 2 * s) * m2;
        return (value, ds / Spacing);
    }
}
