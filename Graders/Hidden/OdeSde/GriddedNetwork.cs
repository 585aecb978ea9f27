using Grader.Checks.Hidden.Training;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A trained network of the SDE model (f, σ, α or β) as the SDE check's ELBO reads it: the hand-in's <c>Forward</c> on
/// a fixed grid over (x, t) — x from <see cref="From"/> to −<see cref="From"/> in steps of <see cref="SpacingX"/>, t
/// from 0 to 1 in steps of <see cref="SpacingT"/>, every row in one drawn order cut into drawn batch sizes
/// (<see cref="DrawnBatches.Sizes"/>), asked once, the first time the network is read — and nothing else; the value and
/// both partials at any (x, t) are the grader's bicubic (Catmull–Rom in x and in t, <see cref="CatmullRomWeights"/>, parabolic ends) interpolation of those values and
/// its exact derivatives, linear beyond the grid. The hand-in never sees a held-out point, nor the ELBO's t or x_t, and
/// no partial derivative it reports is read: the ELBO is that of the interpolated model (f, σ and its ∂σ/∂x; α, β and
/// their ∂/∂t), whose q has the marginals N(α, β²) exactly, so it bounds the log-likelihood of a model fixed before any
/// held-out point is scored, whatever the network answers. A network with state across calls (one that remembers the
/// rows it was asked and answers later rows near them along a slope of its choosing: cheat
/// <c>sde-networks-anchor-on-remembered-rows</c>) has no point to anchor on (issue 45, items 1 and 2; the ODE's
/// <see cref="GriddedDrift"/> for the SDE, whose networks are read at a t drawn per example).
/// After the scoring, <see cref="Verify"/> checks the hand-in's own partial (σ: <c>PartialX</c>; α, β: <c>PartialT</c>)
/// on a drawn subset of the grid's rows against the grid's central difference, so a network whose reported partial is
/// honest only on calls of some size (the probe's) fails there.
/// </summary>
public sealed class GriddedNetwork(IDifferentiableNetwork network, string name, Generator batches, double spacingX = GriddedNetwork.SpacingX, double spacingT = GriddedNetwork.SpacingT) : IDifferentiableNetwork
{
    /// <summary>The grid's ends in x are ±<see cref="From"/> (the data reach |y| ≈ 14; the ELBO's x_t are near them).</summary>
    public const double From = GriddedDrift.From;

    /// <summary>The grid's step in x, 2⁻⁷ (every grid point a float32 exactly).</summary>
    public const double SpacingX = 1.0 / 128;

    /// <summary>The grid's step in t, 2⁻⁷.</summary>
    public const double SpacingT = 1.0 / 128;

    /// <summary>The smallest and largest number of the grid's rows whose partial is verified, and of a batch of them (log-uniform).</summary>
    public const int FewestChecked = GridPartialVerification.FewestChecked, MostChecked = 1024;

    private readonly int _pointsX = (int)Math.Round(-2 * From / spacingX) + 1, _pointsT = (int)Math.Round(1 / spacingT) + 1;

    private readonly GridPartialVerification _verification = new();

    private double[]? _values;

    /// <summary>The hand-in's Forward calls so far (each a drawn batch of the grid's rows).</summary>
    public int ForwardCalls { get; private set; }

    /// <summary>The rows of the grid (the hand-in's Forward rows, asked once).</summary>
    public int Rows => _pointsX * _pointsT;

    /// <summary>The hand-in's Partial calls so far (each a drawn batch of verified rows).</summary>
    public int PartialCalls => _verification.Calls;

    /// <summary>The first disagreement of the hand-in's partial with the grid's difference, or null.</summary>
    public string? Dishonesty => _verification.Dishonesty;

    /// <summary>The largest |reported − D| over its tolerance seen so far (below 1 when every verified row agreed): the margin of a correct network.</summary>
    public double WorstPartialRatio => _verification.WorstRatio;

    public Tensor Forward(Tensor x, Tensor t) => Interpolated(x, t, 0);

    public Tensor PartialX(Tensor x, Tensor t) => Interpolated(x, t, 1);

    public Tensor PartialT(Tensor x, Tensor t) => Interpolated(x, t, 2);

    private Tensor Interpolated(Tensor x, Tensor t, int what)
    {
        var xs = x.detach().contiguous().ToArray();
        var ts = t.detach().contiguous().ToArray();
        if (xs.Length != ts.Length) throw new ArgumentException($"{name}: x has {xs.Length} values and t {ts.Length}; expected one t per point");
        var values = Values();
        var result = new float[xs.Length];
        Span<int> ix = stackalloc int[4], it = stackalloc int[4];
        Span<double> wx = stackalloc double[4], dwx = stackalloc double[4], wt = stackalloc double[4], dwt = stackalloc double[4];
        for (int i = 0; i < xs.Length; i++)
        {
            int nx = CatmullRomWeights.At((xs[i] - From) / spacingX, _pointsX, spacingX, CatmullRomWeights.EndRule.Parabola, ix, wx, dwx);
            int nt = CatmullRomWeights.At(ts[i] / spacingT, _pointsT, spacingT, CatmullRomWeights.EndRule.Parabola, it, wt, dwt);
            if (nx == 0 || nt == 0) { result[i] = float.NaN; continue; }
            double sum = 0;
            for (int a = 0; a < nx; a++)
                for (int b = 0; b < nt; b++)
                    sum += (what == 1 ? dwx[a] : wx[a]) * (what == 2 ? dwt[b] : wt[b]) * values[ix[a] * _pointsT + it[b]];
            result[i] = (float)sum;
        }
        return torch.tensor(result, xs.Length, 1);
    }

    /// <summary>The hand-in's values on the grid, asked the first time the network is read: every row in one drawn order, in drawn batch sizes.</summary>
    private double[] Values()
    {
        if (_values is not null) return _values;
        int rows = Rows;
        var values = new double[rows];
        ForwardCalls += DrawnForward.Ask(network, name, "its value at (x, t)", batches, batches.Permutation(rows), At, (row, v) => values[row] = v);
        return _values = values;
    }

    /// <summary>The (x, t) of the grid's row <paramref name="row"/> (row = i·(points in t) + j).</summary>
    private (float X, float T) At(int row) => ((float)(From + row / _pointsT * spacingX), (float)(row % _pointsT * spacingT));

    /// <summary>
    /// The hand-in's own partial in <paramref name="wrt"/> ("x" for σ, "t" for α and β; <see cref="GridPartialVerification"/>) on a drawn subset of the grid's
    /// rows inner in that variable (their number log-uniform in [<see cref="FewestChecked"/>, <see cref="MostChecked"/>],
    /// the rows uniform, cut into batches of drawn sizes, log-uniform in [<see cref="FewestChecked"/>, the number]: the
    /// honesty probe's 7–40 among them, so a size tells no call apart), each held to the grid's central difference
    /// D = (v₊ − v₋)/(2Δ) of the float32 values the hand-in returned, by <see cref="TrainedNetworkHonesty.Judge"/>'s rule
    /// at the one step Δ: |reported − D| ≤ 2e-3·(1 + |D|) + 64·2⁻²⁴·(|v₊| + |v₋|)/(2Δ) (each |v| in [1, 1e3]) + 1e3·Δ².
    /// Asked after the scoring, which reads none of these values; returns <see cref="Dishonesty"/>.
    /// </summary>
    public string? Verify(string wrt)
    {
        var values = Values();
        bool inX = wrt == "x";
        double spacing = inX ? spacingX : spacingT;
        int stride = inX ? _pointsT : 1;
        int m = GridPartialVerification.Count(batches, MostChecked);
        var rows = new int[m];
        for (int k = 0; k < m; k++)
            rows[k] = inX ? (1 + (int)batches.NextInt(0, _pointsX - 2)) * _pointsT + (int)batches.NextInt(0, _pointsT)
                          : (int)batches.NextInt(0, _pointsX) * _pointsT + 1 + (int)batches.NextInt(0, _pointsT - 2);
        var verified = rows.Select(row => { var (x, t) = At(row); return new GridPartialVerification.GridRow(x, t, values[row + stride], values[row - stride]); }).ToArray();
        _verification.Check(name, batches, verified, wrt, spacing, inX ? network.PartialX : network.PartialT, "its partial at (x, t)");
        return Dishonesty;
    }
}
