using Grader.Checks.Flows.Support;
using Grader.Checks.Properties;
using Grader.Contracts.Flows;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (c) (sheet 000): the hand-in's coupling block is invertible both ways, as an FsCheck
/// property over generated cases (<see cref="CouplingCaseGen"/>: channels, batch, subnets whose weights saturate the
/// clamp, clamps, inputs from 10⁻² to 10²): Inverse(Forward(x)) = x and Forward(Inverse(y)) = y, both computed by the
/// hand-in, to float32 precision. A failing case is shrunk (fewer channels, one sample, one hidden unit, plain scales),
/// and the feedback shows it with the sample that fails.
/// </summary>
/// <remarks>
/// <b>Tolerance</b> per entry, from the contract's form alone (y₁ = x₁, y₂ = x₂ ⊙ eˢ + t with |s| ≤ clamp), the case's
/// clamp and the values the hand-in returned, without evaluating the block: the subnet is the grader's and gives the same
/// float32 a to both directions, so a round trip errs only by the roundings of the affine map, of eˢ and e⁻ˢ (4 ulps
/// each) and of s and t (a few ulps, |s| ≤ clamp). With u = 2⁻²⁴ and E = e^clamp (eˢ and e⁻ˢ are at most E), and
/// |t|·e⁻ˢ ≤ |y₂|·E + |x₂| (t = y₂ − x₂ eˢ): Inverse(Forward(x)) may miss x₂ by u·((25 + 8·clamp)·|x₂| + 3·|y₂|·E), and
/// Forward(Inverse(y)) may miss y₂ by u·(25 + 8·clamp)·(2·|y₂| + |x₂|·E), x₂ the hand-in's Inverse(y); the passed-on
/// channels x₁ by 4u·|x₁|. Checks allow twice that. Where the shift dwarfs the input the tolerance grows with it, since
/// float32 cannot invert the block there. The check asks only that the block inverts itself: it holds the block to no
/// formula, so a consistent wrong block passes here and fails <see cref="CouplingBlockMatchesReference"/>.
/// </remarks>
public sealed class CouplingBlockInverts() : HandinCheck<IAffineCouplingBlock>(
    "flows.heidelberg.coupling-block-inverts",
    "sheet 000, ex. 2 (c): an INN's coupling block is invertible, Inverse(Forward(x)) = x and Forward(Inverse(y)) = y")
{
    /// <summary>Generated cases per run.</summary>
    public const int Cases = 100;

    protected override CheckResult Check(CheckContext context, HandinCall call, IAffineCouplingBlock block)
    {

        // One plain case first, so that a wrong shape or an exception is told as such rather than as a failing property.
        if (PlainCase(call, block, inverseOfForward: true) is { } plainFailed) return plainFailed;

        var settings = new PropertyRunner.Settings(Id, SheetRef, "Inverse(Forward(x)) = x and Forward(Inverse(y)) = y", context.Seed, Cases);
        return PropertyRunner.Check(settings, CouplingCaseGen.Arbitrary(),
            c => Worst(block, c) is null,
            c => Worst(block, c)?.Text ?? "",
            Label);
    }

    /// <summary>
    /// One plain call of the block's Forward and Inverse (C = 3, N = 4, a ReLU subnet, clamp 2) before a property runs, so
    /// that a wrong shape or an exception is told as such rather than as a failing property. Inverse takes Forward's
    /// output when <paramref name="inverseOfForward"/>, else the same x. Null when both calls returned well-shaped pairs.
    /// </summary>
    public static CheckResult? PlainCase(HandinCall call, IAffineCouplingBlock block, bool inverseOfForward)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(block);
        var plain = new CouplingCase(3, 4, 8, 1, 2, 1, SubnetActivation.ReLU, 1);
        var subnet = plain.Subnet();
        var x = plain.Inputs(0);
        const string forward = "Forward(x, subnet, clamp)", inverse = "Inverse(y, subnet, clamp)";
        if (call.Run(forward, () => block.Forward(x, subnet, plain.Clamp), out var f) is { } threw) return threw;
        if (BlockComparison.Shapes(call, forward, f.Y, f.LogDet, plain.Batch, plain.Channels, new float[plain.Batch]) is { } badForward) return badForward;
        if (call.Run(inverse, () => block.Inverse(inverseOfForward ? f.Y : x, subnet, plain.Clamp), out var g) is { } threw2) return threw2;
        return BlockComparison.Shapes(call, inverse, g.X, g.LogDet, plain.Batch, plain.Channels, new float[plain.Batch]);
    }

    /// <summary>The worst entry outside its tolerance in either direction, as a sentence; null when both round trips hold.</summary>
    public static (double Ratio, string Text)? Worst(IAffineCouplingBlock block, CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(c);
        var subnet = c.Subnet();
        int n = c.Batch, ch = c.Channels, passed = ch - ch / 2;
        double growth = Math.Exp(c.Clamp), rounding = 25 + 8 * c.Clamp;

        var x = c.Inputs(0);
        var (y, _) = block.Forward(x, subnet, c.Clamp);
        var (back, _) = block.Inverse(y, subnet, c.Clamp);
        var xs = x.ToDoubleArray();
        if ((Shape(y, n, ch, "Forward") ?? Shape(back, n, ch, "Inverse")) is { } badShape) return (double.PositiveInfinity, badShape);
        var ys = y.ToDoubleArray();
        var backs = back.ToDoubleArray();
        (double Ratio, string Text)? worst = null;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < ch; j++)
            {
                int k = i * ch + j;
                double tolerance = 2 * U * (j < passed ? 4 * Math.Abs(xs[k]) : rounding * Math.Abs(xs[k]) + 3 * Math.Abs(ys[k]) * growth);
                double ratio = Ratio(backs[k], xs[k], tolerance);
                if (ratio > 1 && (worst is null || ratio > worst.Value.Ratio))
                    worst = (ratio, $"At sample {i}, x = {Row(xs, i, ch)}: Forward gave y = {Row(ys, i, ch)}, and Inverse(y) gave {Row(backs, i, ch)}, " +
                        $"not x (channel {j}: |Δ| = {E(Math.Abs(backs[k] - xs[k]))} > tolerance {E(tolerance)}).");
            }

        var y0 = c.Inputs(1);
        var (x1, _) = block.Inverse(y0, subnet, c.Clamp);
        var (again, _) = block.Forward(x1, subnet, c.Clamp);
        var y0s = y0.ToDoubleArray();
        if ((Shape(x1, n, ch, "Inverse") ?? Shape(again, n, ch, "Forward")) is { } badShape2) return (double.PositiveInfinity, badShape2);
        var x1s = x1.ToDoubleArray();
        var agains = again.ToDoubleArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < ch; j++)
            {
                int k = i * ch + j;
                double tolerance = 2 * U * (j < passed ? 4 * Math.Abs(y0s[k]) : rounding * (2 * Math.Abs(y0s[k]) + Math.Abs(x1s[k]) * growth));
                double ratio = Ratio(agains[k], y0s[k], tolerance);
                if (ratio > 1 && (worst is null || ratio > worst.Value.Ratio))
                    worst = (ratio, $"At sample {i}, y = {Row(y0s, i, ch)}: Inverse gave x = {Row(x1s, i, ch)}, and Forward(x) gave {Row(agains, i, ch)}, " +
                        $"not y (channel {j}: |Δ| = {E(Math.Abs(agains[k] - y0s[k]))} > tolerance {E(tolerance)}).");
            }
        return worst;
    }

    /// <summary>float32's unit roundoff, 2⁻²⁴.</summary>
    private const double U = 5.9604644775390625e-8;

    /// <summary>"subnet weights ×10 or more" (a subnet that drives the log-scales into the clamp) or "smaller subnet weights": the case's kind, from its parameters.</summary>
    public static string Label(CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.WeightScale >= 10 ? "subnet weights ×10 or more" : "smaller subnet weights";
    }

    private static double Ratio(double seen, double expected, double tolerance)
    {
        double d = Math.Abs(seen - expected);
        return double.IsNaN(d) ? double.PositiveInfinity : d / Math.Max(tolerance, double.Epsilon);
    }

    private static string? Shape(Tensor? t, int n, int c, string what) =>
        t is not null && t.shape.SequenceEqual([n, c]) ? null
            : string.Create(CultureInfo.InvariantCulture, $"{what} returned {(t is null ? "null" : $"a tensor of shape [{string.Join(", ", t.shape)}]")} for an input of shape [{n}, {c}].");

    private static string Row(double[] data, int row, int d) =>
        "[" + string.Join(", ", Enumerable.Range(0, d).Select(j => F(data[row * d + j]))) + "]";
}
