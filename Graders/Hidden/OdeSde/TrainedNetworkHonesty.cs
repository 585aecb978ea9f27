using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A trained network reports its own partial derivatives, and the grader's likelihood reads them (the trace ∂f/∂x, the
/// variational ∂α/∂t, ∂β/∂t, ∂σ/∂x), so a dishonest network could inflate its score. This compares them with central
/// differences of its own Forward at steps the grader owns (issue 45, item 2): per point three steps drawn over
/// decades, h₁ log-uniform on [<see cref="SmallestFirstStep"/>, <see cref="LargestFirstStep"/>], h₂ = h₁/r₁ and
/// h₃ = h₂/r₂ with r log-uniform on [2.5, 6.3], so from 2.5e-5 to 1e-2. A reported derivative is accepted only if it
/// agrees with the central difference at every one of its point's scales, each within
/// <see cref="Relative"/>·(1 + |D|) plus that scale's float32 rounding, 64·2⁻²⁴·(|f(x + h)| + |f(x − h)|)/(2h) with each
/// |f| taken in [1, <see cref="ValueCap"/>] (the values differenced: the model the likelihood integrates, not a figure
/// the hand-in reports about itself; at least 1, the scale of a network's hidden values, whose rounding a small output
/// keeps: a trained drift near f = 0 differed by 0.006 at h = 4e-5 from the 2.008 its autograd gave), plus the truncation of a smooth f, <see cref="Curvature"/>·h² (the grader's constant).
/// No term comes from the difference between two steps: the allowance that included
/// |D(h) − D(h/2)| at the fixed h = 1e-2 let a drift oscillating at that scale make it as large as it needed
/// (cheat <c>ode-drift-oscillates-at-difference-step</c>). A smooth network (the notebook's Tanh MLPs) agrees at every
/// scale; a network whose differences do not converge over the scales (an oscillation finer than 1e-2, a derivative that
/// is not the output's) fails, whatever it reports: a lie δ passes only where |δ| is within the finest scales' allowance.
/// </summary>
public static class TrainedNetworkHonesty
{
    /// <summary>The range of the largest of a point's three steps (log-uniform).</summary>
    public const double SmallestFirstStep = 1e-3, LargestFirstStep = 1e-2;

    /// <summary>The accepted relative error of a derivative against a central difference.</summary>
    public const double Relative = 2e-3;

    /// <summary>
    /// The truncation allowance's constant: a central difference at step h is off by f‴h²/6 for a smooth f, allowed up to
    /// <see cref="Curvature"/>·h², |f‴| ≤ 6,000 (the steepest trained drift measured needed |f‴| ≈ 400: 0.0069 at
    /// h ≈ 1e-2). The grader's constant, not the hand-in's difference between two steps: at the smallest steps it is
    /// below 1e-6, so a lie about ∂f/∂x shows there whatever the network does at the largest.
    /// </summary>
    public const double Curvature = 1e3;

    /// <summary>The largest |f| the rounding allowance counts (a trained drift on the data's range is far below).</summary>
    public const double ValueCap = 1e3;

    /// <summary>
    /// Null when the partials agree with the finite differences at (x, t) at the scales drawn from <paramref name="steps"/>;
    /// else what disagrees. The probe is asked as the scoring asks (<see cref="VerifiedNetwork"/>): one Forward of the
    /// points pooled with their stencils in drawn batches, then each Partial of the same points.
    /// </summary>
    public static string? Check(IDifferentiableNetwork network, string name, Tensor x, Tensor t, bool inX, bool inT, Generator steps)
    {
        ArgumentNullException.ThrowIfNull(network);
        var verified = new VerifiedNetwork(network, name, steps, inX, inT);
        verified.Forward(x, t);
        if (inX) verified.PartialX(x, t);
        if (inT) verified.PartialT(x, t);
        return verified.Dishonesty;
    }

    /// <summary>
    /// Null when <paramref name="reportedPartial"/> (the network's Partial<paramref name="wrt"/> at (x, t), "x" or "t")
    /// agrees with the central differences of its Forward at the same (x, t) at each of three steps per point drawn from
    /// <paramref name="steps"/> (evaluated as <see cref="VerifiedNetwork"/> does); else what disagrees.
    /// </summary>
    public static string? Compare(IDifferentiableNetwork network, string name, Tensor x, Tensor t, string wrt, Tensor? reportedPartial, Generator steps)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(steps);
        return new VerifiedNetwork(network, name, steps, wrt == "x", wrt == "t").Judge(x, t, wrt, reportedPartial);
    }

    /// <summary>
    /// Null when <paramref name="reportedPartial"/> at the points (<paramref name="x"/>, <paramref name="t"/>) agrees with
    /// <paramref name="stencil"/>'s central difference at every scale, each within <see cref="Relative"/>·(1 + |D|) plus
    /// that scale's rounding plus <see cref="Curvature"/>·h²; else what disagrees.
    /// </summary>
    public static string? Judge(string name, float[] x, float[] t, string wrt, Tensor reportedPartial, Stencil stencil)
    {
        ArgumentNullException.ThrowIfNull(reportedPartial);
        ArgumentNullException.ThrowIfNull(stencil);
        var reported = reportedPartial.ToDoubleArray();
        int n = x.Length;
        if (reported.Length != n) return $"{name}'s Partial{wrt.ToUpperInvariant()} returned {(reported.Length < n ? "fewer" : "more")} values than it was given points (one per point, shape [N, 1]).";
        int finest = stencil.Steps.Length - 1;
        string? steep = null;
        for (int k = 0; k < stencil.Steps.Length; k++)
            for (int i = 0; i < n; i++)
            {
                if (Agrees(reported[i], k, i, stencil)) continue;
                double fd = stencil.Difference[k][i];
                double h = stencil.Steps[k][i];
                if (stencil.Steps.Length == 1)
                    return $"{name}'s Partial{wrt.ToUpperInvariant()} is {F(reported[i])} at x = {F(x[i])}, t = {F(t[i])}, but its own Forward changes at the rate {F(fd)} there (central difference over ±{F(h)}): the derivative the returned network reports must be the derivative of its output.";
                if (TooSteepToVerify(reported[i], i, stencil) is not { } curvature)
                    return $"{name}'s Partial{wrt.ToUpperInvariant()} is {F(reported[i])} at x = {F(x[i])}, t = {F(t[i])}, but its own Forward changes at the rate {F(fd)} there (central difference, one of several step sizes): the derivative the returned network reports must be the derivative of its output, at every scale.";
                steep ??= $"{name}'s Partial{wrt.ToUpperInvariant()} is {F(reported[i])} at x = {F(x[i])}, t = {F(t[i])}; its own Forward changes at the rate {F(fd)} there over ±{F(h)} and at {F(stencil.Difference[finest][i])} over ±{F(stencil.Steps[finest][i])}, " +
                    $"as the differences of a function this sharply curved do (less their truncation f‴h²/6, third derivative about {F(curvature)}, they agree with the reported value at every step; the grader's rule allows a third derivative up to {F(6 * Curvature)}): " +
                    $"a drift this steep cannot be verified at the grader's steps. A drift trained on this data is far smoother (slopes of order 1); a network this steep usually comes from a loss that drives the model away from the data — check the loss and the trace term's sign.";
            }
        // Every disagreement is a sharply curved function's (each point's differences less their truncation agree with its
        // reported value): refused as unverifiable, not as a lie.
        return steep;
    }

    /// <summary>
    /// The third derivative f‴ point <paramref name="i"/>'s differences show when <paramref name="reported"/> disagrees with
    /// them only as a sharply curved function's differences disagree with its derivative, else null. A central difference
    /// at step h is f′ + f‴h²/6 + O(h⁴); the coarsest and finest scales give c = (D_coarsest − D_finest)/(h_coarsest² −
    /// h_finest²) ≈ f‴/6 (the grader's own steps and the network's own values), and at every scale the difference less its
    /// truncation, D − c·h², must agree with the reported value within the rule's allowance (plus the rounding the two
    /// differences carry into c·h²). A reported value off by δ is off by δ here too (c comes from Forward alone), so a lie
    /// is still told as a lie; a steep honest derivative (mutant <c>training-trace-sign</c>'s, note's "Eighth stop") is
    /// told as unverifiable. Either way the derivative is refused: this only names why.
    /// </summary>
    private static double? TooSteepToVerify(double reported, int i, Stencil stencil)
    {
        int finest = stencil.Steps.Length - 1;
        if (finest < 1 || !double.IsFinite(reported)) return null;
        double h0 = stencil.Steps[0][i], hf = stencil.Steps[finest][i], span = h0 * h0 - hf * hf;
        double c = (stencil.Difference[0][i] - stencil.Difference[finest][i]) / span;
        for (int k = 0; k <= finest; k++)
        {
            double d = stencil.Difference[k][i], h = stencil.Steps[k][i];
            double carried = (stencil.Rounding[0][i] + stencil.Rounding[finest][i]) * h * h / span;
            if (!(Math.Abs(reported - (d - c * h * h)) <= Relative * (1 + Math.Abs(d)) + stencil.Rounding[k][i] + carried + Curvature * h * h)) return null;
        }
        return 6 * c;
    }

    /// <summary>Whether <paramref name="reported"/> agrees with point <paramref name="i"/>'s central difference D at scale
    /// <paramref name="k"/>: within <see cref="Relative"/>·(1 + |D|) plus that scale's rounding plus <see cref="Curvature"/>·h².</summary>
    private static bool Agrees(double reported, int k, int i, Stencil stencil)
    {
        double d = stencil.Difference[k][i], h = stencil.Steps[k][i];
        return double.IsFinite(reported) && Math.Abs(reported - d) <= Relative * (1 + Math.Abs(d)) + stencil.Rounding[k][i] + Curvature * h * h;
    }

    /// <summary>Per scale k (three, largest first) and point i: the step h, the central difference of the network's Forward (at the step actually taken) and its float32 rounding allowance.</summary>
    public sealed record Stencil(double[][] Steps, double[][] Difference, double[][] Rounding);

    /// <summary>Three steps per point, largest first: h₁ log-uniform on [<see cref="SmallestFirstStep"/>, <see cref="LargestFirstStep"/>], each next one 2.5–6.3 times smaller (log-uniform).</summary>
    public static double[][] Scales(int n, Generator steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var scales = new double[3][];
        for (int k = 0; k < 3; k++) scales[k] = new double[n];
        for (int i = 0; i < n; i++)
        {
            double h = Math.Pow(10, Math.Log10(SmallestFirstStep) + (Math.Log10(LargestFirstStep) - Math.Log10(SmallestFirstStep)) * steps.NextDouble());
            for (int k = 0; k < 3; k++)
            {
                scales[k][i] = h;
                h /= Math.Pow(10, 0.4 + 0.4 * steps.NextDouble());
            }
        }
        return scales;
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
}
