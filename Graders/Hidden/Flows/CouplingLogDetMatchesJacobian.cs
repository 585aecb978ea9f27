using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Checks.Properties;
using Grader.Contracts.Flows;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (b), (c), hidden: the log-determinant a hand-in's coupling block returns is log|det| of the block's
/// Jacobian, as an FsCheck property over generated cases (<see cref="CouplingCaseGen"/>, seeded by the run), both ways:
/// Forward's at x equals log|det ∂y/∂x|, Inverse's at y equals log|det ∂x/∂y|. The Jacobian is the grader's own: forward-mode
/// derivatives of the sheet's block in double (<see cref="CouplingChain"/>; the role PyTorch's
/// <c>autograd.functional.jacobian</c> would play), its log|det| by LU in double. A failing case is shrunk and shown with its sample.
/// </summary>
/// <remarks>
/// <b>Tolerance</b> per sample: twice the first-order float32 bound of the log-determinant (<see cref="LogDeterminantBound"/>),
/// plus LU's rounding in double, 10⁻¹²·Σ|J⁻¹|ᵀ∘|J| + 10⁻⁹. Catches a log-determinant with the wrong sign, without the
/// clamp's factor, summed over the batch (whenever N &gt; 1), or of the wrong direction, whatever the outputs.
/// </remarks>
public sealed class CouplingLogDetMatchesJacobian() : HandinCheck<IAffineCouplingBlock>(
    "flows.heidelberg.coupling-log-det-matches-jacobian")
{
    /// <summary>Generated cases per run.</summary>
    public const int Cases = 100;

    protected override CheckResult Check(CheckContext context, HandinCall call, IAffineCouplingBlock block)
    {
        if (CouplingBlockInverts.PlainCase(call, block, inverseOfForward: false) is { } plainFailed) return plainFailed;

        var settings = new PropertyRunner.Settings(Id, SheetRef, "the log-determinant equals log|det J| of the block's Jacobian, both ways", context.Seed, Cases, context.Hidden);
        return PropertyRunner.Check(settings, CouplingCaseGen.Arbitrary(),
            c => Worst(block, c) is null,
            c => Worst(block, c) ?? "",
            c => c.Batch > 1 ? "batches" : "single samples",
            c => Describe(block, c));
    }

    /// <summary>The worst sample whose log-determinant is outside its tolerance, as a sentence; null when none is.</summary>
    public static string? Worst(IAffineCouplingBlock block, CouplingCase c) => Find(block, c).Text;

    /// <summary>
    /// The failing case in words without its sizes, inputs or seed (for the hidden check's student): the direction,
    /// one sample or a batch, a saturated clamp, and how far off the worst log-determinant is relative to its tolerance.
    /// </summary>
    public static string Describe(IAffineCouplingBlock block, CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (text, inverse, ratio) = Find(block, c);
        if (text is null) return "a case that passes when run again (the block's log-determinant depends on more than its inputs)";
        var batch = c.Batch > 1 ? "a batch of several samples" : "a single sample";
        var clamp = c.WeightScale >= 10 ? ", subnet weights large enough to saturate the soft clamp" : "";
        var off = double.IsPositiveInfinity(ratio) ? "returned a log-determinant that is not a number or of the wrong shape" : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"returned a log-determinant {ratio:G2} times its tolerance away from log|det J|");
        return $"{(inverse ? "Inverse" : "Forward")} on {batch}{clamp} {off}";
    }

    private static (string? Text, bool Inverse, double Ratio) Find(IAffineCouplingBlock block, CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(c);
        var subnet = c.Subnet();
        var blocks = new[] { DoubleCouplingBlock.Of(subnet) };
        double worstRatio = 1;
        string? text = null;
        bool worstInverse = false;
        foreach (var isInverse in new[] { false, true })
        {
            var input = c.Inputs(isInverse ? 1 : 0);
            var (_, logDet) = isInverse ? block.Inverse(input, subnet, c.Clamp) : block.Forward(input, subnet, c.Clamp);
            if (logDet is null || !logDet.shape.SequenceEqual([c.Batch]))
                return ($"{(isInverse ? "Inverse" : "Forward")} returned a log-determinant of shape {(logDet is null ? "null" : HandinCall.Shape(logDet.shape))} for {c.Batch} samples; expected [{c.Batch}].",
                    isInverse, double.PositiveInfinity);
            var seen = logDet.ToDoubleArray();
            var xs = input.ToDoubleArray();
            for (int i = 0; i < c.Batch; i++)
            {
                var xi = xs.AsSpan(i * c.Channels, c.Channels);
                var e = isInverse ? CouplingChain.Inverse(blocks, c.Clamp, xi) : CouplingChain.Forward(blocks, c.Clamp, xi);
                double jacobian = CouplingChain.LogAbsDet(e.Jacobian);
                var (_, bound) = LogDeterminantBound.Of(e, isInverse);
                double tolerance = 2 * bound + 1e-12 * CouplingChain.Sensitivity(e.Jacobian) + 1e-9;
                double d = Math.Abs(seen[i] - jacobian);
                double ratio = double.IsNaN(d) ? double.PositiveInfinity : d / tolerance;
                if (ratio > worstRatio)
                {
                    worstRatio = ratio;
                    worstInverse = isInverse;
                    var where = isInverse ? $"Inverse at y = {Row(xs, i, c.Channels)}" : $"Forward at x = {Row(xs, i, c.Channels)}";
                    text = $"{where} (sample {i}) returned the log-determinant {F(seen[i])}, but log|det J| of the block's Jacobian there is {F(jacobian)} (|Δ| = {E(d)} > tolerance {E(tolerance)}).";
                }
            }
        }
        return (text, worstInverse, worstRatio);
    }

    private static string Row(double[] data, int row, int d) => "[" + string.Join(", ", Enumerable.Range(0, d).Select(j => F(data[row * d + j]))) + "]";
}
