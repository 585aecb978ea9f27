using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde.Support;

/// <summary>
/// A network of the grader with a closed form g(x, t) and its partial derivatives, evaluated row by row in double and
/// handed over as float32 [N, 1] (so its only error is the final rounding). It records the times t of every evaluation,
/// by method, so a check can see where a hand-in evaluated it (for instance at which times the drift was read). It keeps
/// t as it came (one time for all rows stays one number) and not x: a hand-in that asks for millions of rows, within the
/// check's callback budget, makes it hold 8 bytes per time it sent, not 16 per row (issue 27: 64 calls of 2²⁰ rows
/// each with one time made it hold 1 GiB per check).
/// </summary>
public sealed class RowFunctionNetwork(string name, Func<double, double, double> value, Func<double, double, double> partialX, Func<double, double, double> partialT)
    : IDifferentiableNetwork
{
    private readonly List<(string Method, double[] T)> _calls = [];

    /// <summary>What the network stands for, in the sheet's words ("the drift f(x, t)").</summary>
    public string Name { get; } = name;

    /// <summary>Every evaluation: the method ("Forward", "PartialX", "PartialT") and its times (one per row of x, or one for all rows), in call order.</summary>
    public IReadOnlyList<(string Method, double[] T)> Calls => _calls;

    public double Value(double x, double t) => value(x, t);

    public double DerivativeX(double x, double t) => partialX(x, t);

    public double DerivativeT(double x, double t) => partialT(x, t);

    public Tensor Forward(Tensor x, Tensor t) => Apply(nameof(Forward), value, x, t);

    public Tensor PartialX(Tensor x, Tensor t) => Apply(nameof(PartialX), partialX, x, t);

    public Tensor PartialT(Tensor x, Tensor t) => Apply(nameof(PartialT), partialT, x, t);

    private Tensor Apply(string method, Func<double, double, double> g, Tensor x, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        if (x.dim() != 2 || x.size(1) != 1)
            throw new ArgumentException($"{Name}.{method}: x must have shape [N, 1], got [{string.Join(", ", x.shape)}]");
        var xs = x.contiguous().ToDoubleArray();
        var ts = t.contiguous().ToDoubleArray();
        if (ts.Length != xs.Length && ts.Length != 1)
            throw new ArgumentException($"{Name}.{method}: t must have one time per row of x ([N, 1]) or be one time ([1, 1]); x has {xs.Length} rows, t {ts.Length} entries");
        _calls.Add((method, ts));
        var result = new double[xs.Length];
        for (var i = 0; i < xs.Length; i++) result[i] = g(xs[i], ts.Length == 1 ? ts[0] : ts[i]);
        return torch.tensor(result, xs.Length, 1);
    }
}
