using Grader.Checks.Hidden.Flows;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A trained network as the grader's likelihood or ELBO calls it, every reported partial derivative held to central
/// differences of the network's own Forward on the very (x, t) of that call, at steps drawn per point from
/// <paramref name="steps"/> over decades (<see cref="TrainedNetworkHonesty.Judge"/>): whatever batch size or positions
/// the scoring uses, a derivative that is not the derivative of the output is found where it is read. The first
/// disagreement is kept (<see cref="Dishonesty"/>); the scoring goes on with the reported values, and the check refuses
/// the score afterwards.
/// <para>
/// No call can be told apart as a verifying one (issue 45, item 1). A <see cref="Forward"/> of n points pools them with
/// the rows that verify the partials this network is read for (<paramref name="inX"/>: (x ± h, t), <paramref name="inT"/>:
/// (x, t ± h), three steps per point), cuts the pool into layers of one row per point (which of a point's rows goes to
/// which layer drawn per point), puts each layer in a drawn order and evaluates it in consecutive batches whose sizes
/// are drawn (<see cref="DrawnBatches.Sizes"/>, the INN check's); the scored values returned are the pooled calls' own
/// rows, and the following Partial of the same (x, t) is held to the differences of those very calls. So every Forward
/// the hand-in sees mixes scored and verifying rows in a drawn order and size, and a network that answers some calls
/// otherwise than others is inconsistent within one point (its scored value and its differences come from the same
/// calls) rather than honest where it is verified. No call holds two rows of one point, so a network cannot find a
/// point's stencil (the rows symmetric about it) in the call it answers and answer it along a slope of its choosing
/// (a network that did so in the pooled calls of one order passed wherever a point's rows shared a call:
/// <c>VerifiedNetworkTests</c>). A Partial of a variable not declared, or of an (x, t) no Forward was asked for, is
/// verified on a pool of its own (the same construction).
/// </para>
/// </summary>
public sealed class VerifiedNetwork(IDifferentiableNetwork network, string name, Generator steps, bool inX = true, bool inT = false) : IDifferentiableNetwork
{
    private Pool? _last;

    /// <summary>The first disagreement found, null while there is none.</summary>
    public string? Dishonesty { get; private set; }

    /// <summary>The partial derivatives held to finite differences so far (calls, not points).</summary>
    public int VerifiedCalls { get; private set; }

    /// <summary>The hand-in's Forward calls so far (each a drawn batch of a pool).</summary>
    public int ForwardCalls { get; private set; }

    public Tensor Forward(Tensor x, Tensor t) => Evaluate(x, t, null).Values;

    public Tensor PartialX(Tensor x, Tensor t) => Verified(x, t, "x", network.PartialX(x, t));

    public Tensor PartialT(Tensor x, Tensor t) => Verified(x, t, "t", network.PartialT(x, t));

    private Tensor Verified(Tensor x, Tensor t, string wrt, Tensor reported)
    {
        VerifiedCalls++;
        if (Dishonesty is null) Dishonesty = Judge(x, t, wrt, reported);
        return reported;
    }

    /// <summary>Null when <paramref name="reported"/> (the Partial in <paramref name="wrt"/> at (x, t)) agrees with the differences of the pool of (x, t) at each of its scales; else what disagrees.</summary>
    internal string? Judge(Tensor x, Tensor t, string wrt, Tensor? reported)
    {
        if (reported is null) return $"{name}'s Partial{wrt.ToUpperInvariant()} returned null.";
        var pool = Evaluate(x, t, wrt);
        return TrainedNetworkHonesty.Judge(name, pool.X, pool.T, wrt, reported, pool.Differences[wrt]);
    }

    /// <summary>The last pool when it was of the same (x, t) and holds the differences in <paramref name="wrt"/>; else a new pool of (x, t) and its stencils.</summary>
    private Pool Evaluate(Tensor x, Tensor t, string? wrt)
    {
        var xs = x.detach().contiguous().ToArray();
        var ts = t.detach().contiguous().ToArray();
        if (xs.Length != ts.Length) throw new ArgumentException($"{name}: x has {xs.Length} values and t {ts.Length}; expected one t per point");
        if (_last is { } last && (wrt is null || last.Differences.ContainsKey(wrt)) && last.X.AsSpan().SequenceEqual(xs) && last.T.AsSpan().SequenceEqual(ts))
            return last;
        var variables = new List<string>();
        if (inX || wrt == "x") variables.Add("x");
        if (inT || wrt == "t") variables.Add("t");
        return _last = Pooled(xs, ts, variables);
    }

    /// <summary>
    /// The n points and, per variable, their six stencil rows at the three drawn steps (the steps actually taken: the
    /// float32 arguments' difference over 2), evaluated in layers of one row per point (<see cref="Layers"/>), each in a
    /// drawn order and drawn batch sizes; the points' values and,
    /// per variable, each scale's central differences and float32 rounding allowances.
    /// </summary>
    private Pool Pooled(float[] xs, float[] ts, List<string> variables)
    {
        int n = xs.Length;
        int perPoint = 1 + 6 * variables.Count, rows = n * perPoint;
        var poolX = new float[rows];
        var poolT = new float[rows];
        Array.Copy(xs, poolX, n);
        Array.Copy(ts, poolT, n);
        var scales = variables.ToDictionary(v => v, _ => TrainedNetworkHonesty.Scales(n, steps));
        int next = n;
        foreach (var v in variables)
            foreach (var h in scales[v])
                foreach (var sign in new[] { 1.0, -1.0 })
                {
                    for (int i = 0; i < n; i++)
                    {
                        poolX[next + i] = v == "x" ? (float)(xs[i] + sign * h[i]) : xs[i];
                        poolT[next + i] = v == "t" ? (float)(ts[i] + sign * h[i]) : ts[i];
                    }
                    next += n;
                }

        var values = new float[rows];
        foreach (var layer in Layers(n, perPoint))
            ForwardCalls += DrawnForward.Ask(network, name, "f(x, t)", steps, layer, k => (poolX[k], poolT[k]), (k, v) => values[k] = v);

        var differences = new Dictionary<string, TrainedNetworkHonesty.Stencil>();
        next = n;
        foreach (var v in variables)
        {
            var at = v == "x" ? poolX : poolT;
            var difference = new double[3][];
            var rounding = new double[3][];
            for (int k = 0; k < 3; k++)
            {
                difference[k] = new double[n];
                rounding[k] = new double[n];
                int up = next, down = next + n;
                for (int i = 0; i < n; i++)
                {
                    double taken = ((double)at[up + i] - at[down + i]) / 2;
                    difference[k][i] = ((double)values[up + i] - values[down + i]) / (2 * taken);
                    double magnitude = Math.Clamp(Math.Abs((double)values[up + i]), 1, TrainedNetworkHonesty.ValueCap) + Math.Clamp(Math.Abs((double)values[down + i]), 1, TrainedNetworkHonesty.ValueCap);
                    rounding[k][i] = 64 * Math.Pow(2, -24) * magnitude / (2 * taken);
                }
                next += 2 * n;
            }
            differences[v] = new TrainedNetworkHonesty.Stencil(scales[v], difference, rounding);
        }
        return new Pool(xs, ts, torch.tensor(values[..n], n, 1), differences);
    }

    /// <summary>
    /// The pool's rows (row j·n + i: the i-th point's j-th row, j = 0 the point itself) cut into <paramref name="m"/>
    /// layers of n rows, each holding exactly one row of every point: point i's m rows go to the m layers in an order
    /// drawn per point, and each layer's rows are in an order drawn per layer. A call is a batch of one layer, so no call
    /// holds two rows of one point: a network cannot find a point's stencil (its rows symmetric about it) within the
    /// call it answers, and every call's rows are as many points', each row of a kind drawn per point.
    /// </summary>
    private IEnumerable<int[]> Layers(int n, int m)
    {
        var layers = new int[m][];
        for (int l = 0; l < m; l++) layers[l] = new int[n];
        for (int i = 0; i < n; i++)
        {
            var kinds = steps.Permutation(m);
            for (int l = 0; l < m; l++) layers[l][i] = kinds[l] * n + i;
        }
        foreach (var layer in layers)
        {
            var order = steps.Permutation(n);
            yield return [.. order.Select(k => layer[k])];
        }
    }

    /// <summary>One pool: the points, their values from the pooled calls, and per variable the stencil's differences.</summary>
    private sealed record Pool(float[] X, float[] T, Tensor Values, Dictionary<string, TrainedNetworkHonesty.Stencil> Differences);
}
