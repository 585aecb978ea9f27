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

        (double Ratio, string Text)? worst = null;
        return RoundTrip(ref worst, c.Inputs(0), ("x", "Forward", t => block.Forward(t, subnet, c.Clamp).Y), ("y", "Inverse", t => block.Inverse(t, subnet, c.Clamp).X), n, ch,
                (j, x, y) => 2 * U * (j < passed ? 4 * Math.Abs(x) : rounding * Math.Abs(x) + 3 * Math.Abs(y) * growth))
            ?? RoundTrip(ref worst, c.Inputs(1), ("y", "Inverse", t => block.Inverse(t, subnet, c.Clamp).X), ("x", "Forward", t => block.Forward(t, subnet, c.Clamp).Y), n, ch,
                (j, y, x) => 2 * U * (j < passed ? 4 * Math.Abs(y) : rounding * (2 * Math.Abs(y) + Math.Abs(x) * growth)))
            ?? worst;
    }

    /// <summary>
    /// One round trip from <paramref name="start"/> (called <paramref name="from"/>.Name) through <paramref name="from"/>'s
    /// map and back through <paramref name="to"/>'s; raises <paramref name="worst"/> to its worst entry outside the
    /// tolerance (of channel, start value, value between); a result of the wrong shape ends the search, as its sentence.
    /// </summary>
    private static (double Ratio, string Text)? RoundTrip(ref (double Ratio, string Text)? worst, Tensor start, (string Name, string Map, Func<Tensor, Tensor> Apply) from,
        (string Name, string Map, Func<Tensor, Tensor> Apply) to, int n, int ch, Func<int, double, double, double> tolerance)
    {
        var between = from.Apply(start);
        var back = to.Apply(between);
        var starts = start.ToDoubleArray();
        if ((Shape(between, n, ch, from.Map) ?? Shape(back, n, ch, to.Map)) is { } badShape) return (double.PositiveInfinity, badShape);
        var betweens = between.ToDoubleArray();
        var backs = back.ToDoubleArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < ch; j++)
            {
                int k = i * ch + j;
                double allowed = tolerance(j, starts[k], betweens[k]);
                double ratio = Ratio(backs[k], starts[k], allowed);
                if (ratio > 1 && (worst is null || ratio > worst.Value.Ratio))
                    worst = (ratio, $"At sample {i}, {from.Name} = {Row(starts, i, ch)}: {from.Map} gave {to.Name} = {Row(betweens, i, ch)}, and {to.Map}({to.Name}) gave {Row(backs, i, ch)}, " +
                        $"not {from.Name} (channel {j}: |Δ| = {E(Math.Abs(backs[k] - starts[k]))} > tolerance {E(allowed)}).");
            }
        return null;
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
