using Grader.Contracts.OdeSde;
using static Grader.Checks.Diffusion.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A trained network reports its own partial derivatives, and the grader's likelihood reads them (the trace ∂f/∂x, the
/// variational ∂α/∂t, ∂β/∂t, ∂σ/∂x), so a dishonest network could inflate its score. This compares them with central
/// differences of its own Forward (steps h = 1e-2 and h/2 in float32): accepted |Δ| ≤ 2e-3·(1 + |derivative|) +
/// 2e-3·max|Forward| + 2·|D(h) − D(h/2)| against D(h/2) — the rounding (≈ ε·|f|/h) with a wide margin, and the
/// truncation, which a steep trained network makes large: the Richardson estimate |D(h) − D(h/2)|/3, six times over
/// (phase 1 measured ≤ 2e-3 on the notebook's networks; a network reporting a derivative off by a factor misses by
/// the derivative itself).
/// </summary>
public static class TrainedNetworkHonesty
{
    /// <summary>Null when the partials agree with the finite differences at (x, t); else what disagrees.</summary>
    public static string? Check(IDifferentiableNetwork network, string name, Tensor x, Tensor t, bool inX, bool inT)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (var (wrt, enabled) in new[] { ("x", inX), ("t", inT) })
        {
            if (!enabled) continue;
            var reported = wrt == "x" ? network.PartialX(x, t) : network.PartialT(x, t);
            if (Compare(network, name, x, t, wrt, reported) is { } dishonest) return dishonest;
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="reported"/> (the network's Partial<paramref name="wrt"/> at (x, t), "x" or "t") agrees
    /// with the central differences of its Forward at the same (x, t); else what disagrees.
    /// </summary>
    public static string? Compare(IDifferentiableNetwork network, string name, Tensor x, Tensor t, string wrt, Tensor? reportedPartial)
    {
        ArgumentNullException.ThrowIfNull(network);
        const float h = 1e-2f;
        if (reportedPartial is null) return $"{name}'s Partial{wrt.ToUpperInvariant()} returned null.";
        var value = network.Forward(x, t).ToDoubleArray();
        double scale = value.Length == 0 ? 0 : value.Max(Math.Abs);
        var reported = reportedPartial.ToDoubleArray();
        var coarse = CentralDifference(network, x, t, wrt, h);
        var fine = CentralDifference(network, x, t, wrt, h / 2);
        if (reported.Length != fine.Length) return $"{name}'s Partial{wrt.ToUpperInvariant()} returned {reported.Length} values for {fine.Length} points.";
        for (int i = 0; i < reported.Length; i++)
        {
            double fd = fine[i];
            double truncation = 2 * Math.Abs(coarse[i] - fine[i]);
            if (!double.IsFinite(reported[i]) || !(Math.Abs(reported[i] - fd) <= 2e-3 * (1 + Math.Abs(fd)) + 2e-3 * scale + truncation))
                return $"{name}'s Partial{wrt.ToUpperInvariant()} is {F(reported[i])} at x = {F(x.ToDoubleArray()[i])}, t = {F(t.ToDoubleArray()[i])}, but its own Forward changes at the rate {F(fd)} there (central difference): the derivative the returned network reports must be the derivative of its output.";
        }
        return null;
    }

    /// <summary>
    /// A probe drawn for this run: between 7 and 40 points uniform on [−12, 12] (the data's range and beyond) at one time
    /// uniform on [0, 1], so neither the batch size nor the positions are the same from run to run.
    /// </summary>
    public static (Tensor X, Tensor T) Probe(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        int n = 7 + (int)generator.NextInt(0, 34);
        var x = torch.rand([n, 1], generator) * 24f - 12f;
        var t = torch.full([n, 1], (float)torch.rand([1], generator).item());
        return (x, t);
    }

    private static double[] CentralDifference(IDifferentiableNetwork network, Tensor x, Tensor t, string wrt, float h)
    {
        var plus = (wrt == "x" ? network.Forward(x + h, t) : network.Forward(x, t + h)).ToDoubleArray();
        var minus = (wrt == "x" ? network.Forward(x - h, t) : network.Forward(x, t - h)).ToDoubleArray();
        return plus.Zip(minus, (p, m) => (p - m) / (2.0 * h)).ToArray();
    }
}
