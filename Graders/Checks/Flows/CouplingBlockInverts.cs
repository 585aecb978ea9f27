using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Flows.Support;
using Grader.Checks.Flows.Tolerance;
using Grader.Checks.Properties;
using Grader.Checks.Results;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Checks.Diffusion.ExactComparison;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (c) (sheet 000): the hand-in's coupling block is invertible both ways, as an FsCheck
/// property over generated cases (<see cref="CouplingCaseGen"/>: channels, batch, subnets whose weights saturate the
/// clamp, clamps, inputs from 10⁻² to 10²): Inverse(Forward(x)) = x and Forward(Inverse(y)) = y, both computed by the
/// hand-in, to float32 precision. A failing case is shrunk (fewer channels, one sample, one hidden unit, plain scales),
/// and the feedback shows it with the sample that fails.
/// </summary>
/// <remarks>
/// <b>Tolerance</b> per entry: twice the first-order float32 bound of the second direction, evaluated at the exact
/// first-direction output with twice the first direction's bound as its input error (<see cref="CouplingChain"/>):
/// where the shift dwarfs the input, float32 cannot invert the block and the bound says so; elsewhere it is a few ulps.
/// The check asks only that the block inverts itself: it holds the block to no formula, so a consistent wrong block
/// passes here and fails <see cref="CouplingBlockMatchesReference"/>.
/// </remarks>
public sealed class CouplingBlockInverts : ICheck
{
    /// <summary>Generated cases per run.</summary>
    public const int Cases = 100;

    public string Id => "flows.heidelberg.coupling-block-inverts";

    public string SheetRef => "sheet 000, ex. 2 (c): an INN's coupling block is invertible, Inverse(Forward(x)) = x and Forward(Inverse(y)) = y";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IAffineCouplingBlock>(context, out var block) is { } unresolved) return unresolved;

        // One plain case first, so that a wrong shape or an exception is told as such rather than as a failing property.
        var plain = new CouplingCase(3, 4, 8, 1, 2, 1, SubnetActivation.ReLU, 1);
        var subnet = plain.Subnet();
        var x = plain.Inputs(0);
        const string forward = "Forward(x, subnet, clamp)", inverse = "Inverse(y, subnet, clamp)";
        if (call.Run(forward, () => block.Forward(x, subnet, plain.Clamp), out var f) is { } threw) return threw;
        if (BlockComparison.Shapes(call, forward, f.Y, f.LogDet, plain.Batch, plain.Channels, new float[plain.Batch]) is { } badForward) return badForward;
        if (call.Run(inverse, () => block.Inverse(f.Y, subnet, plain.Clamp), out var g) is { } threw2) return threw2;
        if (BlockComparison.Shapes(call, inverse, g.X, g.LogDet, plain.Batch, plain.Channels, new float[plain.Batch]) is { } badInverse) return badInverse;

        var settings = new PropertyRunner.Settings(Id, SheetRef, "Inverse(Forward(x)) = x and Forward(Inverse(y)) = y", context.Seed, Cases);
        return PropertyRunner.Check(settings, CouplingCaseGen.Arbitrary(),
            c => Worst(block, c) is null,
            c => Worst(block, c)?.Text ?? "",
            Label);
    }

    /// <summary>The worst entry outside its tolerance in either direction, as a sentence; null when both round trips hold.</summary>
    public static (double Ratio, string Text)? Worst(IAffineCouplingBlock block, CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(c);
        var subnet = c.Subnet();
        var blocks = new[] { DoubleCouplingBlock.Of(subnet) };
        int n = c.Batch, ch = c.Channels;

        var x = c.Inputs(0);
        var (y, _) = block.Forward(x, subnet, c.Clamp);
        var (back, _) = block.Inverse(y, subnet, c.Clamp);
        var xs = x.ToDoubleArray();
        if ((Shape(y, n, ch, "Forward") ?? Shape(back, n, ch, "Inverse")) is { } badShape) return (double.PositiveInfinity, badShape);
        var ys = y.ToDoubleArray();
        var backs = back.ToDoubleArray();
        (double Ratio, string Text)? worst = null;
        for (int i = 0; i < n; i++)
        {
            var xi = xs.AsSpan(i * ch, ch);
            var fe = CouplingChain.Forward(blocks, c.Clamp, xi);
            var ge = CouplingChain.Inverse(blocks, c.Clamp, fe.Value, inputError: fe.Error.Select(e => 2 * e).ToArray());
            for (int j = 0; j < ch; j++)
            {
                double tolerance = 2 * ge.Error[j] + 1e-12 * Math.Abs(xi[j]);
                double ratio = Ratio(backs[i * ch + j], xi[j], tolerance);
                if (ratio > 1 && (worst is null || ratio > worst.Value.Ratio))
                    worst = (ratio, $"At sample {i}, x = {Row(xs, i, ch)}: Forward gave y = {Row(ys, i, ch)}, and Inverse(y) gave {Row(backs, i, ch)}, " +
                        $"not x (channel {j}: |Δ| = {E(Math.Abs(backs[i * ch + j] - xi[j]))} > tolerance {E(tolerance)}).");
            }
        }

        var y0 = c.Inputs(1);
        var (x1, _) = block.Inverse(y0, subnet, c.Clamp);
        var (again, _) = block.Forward(x1, subnet, c.Clamp);
        var y0s = y0.ToDoubleArray();
        if ((Shape(x1, n, ch, "Inverse") ?? Shape(again, n, ch, "Forward")) is { } badShape2) return (double.PositiveInfinity, badShape2);
        var x1s = x1.ToDoubleArray();
        var agains = again.ToDoubleArray();
        for (int i = 0; i < n; i++)
        {
            var yi = y0s.AsSpan(i * ch, ch);
            var ge = CouplingChain.Inverse(blocks, c.Clamp, yi);
            var fe = CouplingChain.Forward(blocks, c.Clamp, ge.Value, inputError: ge.Error.Select(e => 2 * e).ToArray());
            for (int j = 0; j < ch; j++)
            {
                double tolerance = 2 * fe.Error[j] + 1e-12 * Math.Abs(yi[j]);
                double ratio = Ratio(agains[i * ch + j], yi[j], tolerance);
                if (ratio > 1 && (worst is null || ratio > worst.Value.Ratio))
                    worst = (ratio, $"At sample {i}, y = {Row(y0s, i, ch)}: Inverse gave x = {Row(x1s, i, ch)}, and Forward(x) gave {Row(agains, i, ch)}, " +
                        $"not y (channel {j}: |Δ| = {E(Math.Abs(agains[i * ch + j] - yi[j]))} > tolerance {E(tolerance)}).");
            }
        }
        return worst;
    }

    /// <summary>"clamp saturated" when a log-scale of the case's first inputs reaches 90 % of the clamp, else "clamp not saturated".</summary>
    public static string Label(CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var blocks = new[] { DoubleCouplingBlock.Of(c.Subnet()) };
        var xs = c.Inputs(0).ToDoubleArray();
        for (int i = 0; i < c.Batch; i++)
        {
            var e = CouplingChain.Forward(blocks, c.Clamp, xs.AsSpan(i * c.Channels, c.Channels), u: 0);
            if (e.LogScales[0].Value.Any(s => Math.Abs(s) >= 0.9 * c.Clamp)) return "clamp saturated";
        }
        return "clamp not saturated";
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
