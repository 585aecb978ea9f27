using Grader.Checks.Comparison;
using Grader.Checks.Flows.Snapshots;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows;
using Grader.Reference.Flows;

namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>
/// What a coupling block must return for an input (<see cref="ExpectedOutputs"/>): the reference's output
/// (<see cref="AffineCoupling"/>), and per element the tolerance 2B + |reference − exact|, where B is the grader's
/// first-order float32 bound of the block's formulas (<see cref="CouplingChain"/>, <see cref="LogDeterminantBound"/>)
/// and the exact value its double evaluation: a float32 hand-in is within 2B of the exact value. The reference itself
/// must be within 2B of it (else a grader defect is thrown). The wrong variants are computed in double.
/// </summary>
public static class CouplingExpectations
{
    /// <summary>Forward(x) of the block with <paramref name="subnet"/> and <paramref name="clamp"/>; x is [n, c] flattened.</summary>
    public static ExpectedOutputs Forward(FixedSubnet subnet, double clamp, float[] x, int n, int c) => Of(subnet, clamp, x, n, c, inverse: false);

    /// <summary>Inverse(y) of the block; y is [n, c] flattened.</summary>
    public static ExpectedOutputs Inverse(FixedSubnet subnet, double clamp, float[] y, int n, int c) => Of(subnet, clamp, y, n, c, inverse: true);

    private static ExpectedOutputs Of(FixedSubnet subnet, double clamp, float[] input, int n, int c, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        ArgumentNullException.ThrowIfNull(input);
        var tensor = torch.tensor(input, n, c);
        Tensor values, logDet;
        using (torch.no_grad())
        {
            (values, logDet) = inverse ? AffineCoupling.Inverse(tensor, subnet.Forward, clamp) : AffineCoupling.Forward(tensor, subnet.Forward, clamp);
        }
        var v = values.ToArray();
        var ld = logDet.ToArray();
        var blocks = new[] { DoubleCouplingBlock.Of(subnet) };
        var valueTolerance = new double[n * c];
        var logDetTolerance = new double[n];
        var exactLogDet = new double[n];
        var clampMissing = new float[n * c];
        var scaleMissing = new float[n * c];
        var expSame = new float[n * c];
        for (int i = 0; i < n; i++)
        {
            var xi = input.AsSpan(i * c, c).ToArray().Select(f => (double)f).ToArray();
            var e = inverse ? CouplingChain.Inverse(blocks, clamp, xi) : CouplingChain.Forward(blocks, clamp, xi);
            var (logDetExact, logDetError) = LogDeterminantBound.Of(e, inverse);
            exactLogDet[i] = logDetExact;
            for (int j = 0; j < c; j++)
                valueTolerance[i * c + j] = Within(v[i * c + j], e.Value[j], e.Error[j], "output");
            logDetTolerance[i] = Within(ld[i], logDetExact, logDetError, "log-determinant");

            Write(clampMissing, i, c, Variant(subnet, clamp, xi, inverse, softClamp: false, outputScale: true, expSameDirection: false));
            Write(scaleMissing, i, c, Variant(subnet, clamp, xi, inverse, softClamp: true, outputScale: false, expSameDirection: false));
            Write(expSame, i, c, Variant(subnet, clamp, xi, inverse, softClamp: true, outputScale: true, expSameDirection: true));
        }

        double sum = exactLogDet.Sum();
        var valueVariants = new List<Variant>
        {
            new("clamp-missing", clampMissing),
            new("output-scale-missing", scaleMissing),
        };
        if (inverse) valueVariants.Add(new("exp-same-direction", expSame));
        var logDetVariants = new List<Variant>
        {
            new("log-det-sign", exactLogDet.Select(l => (float)-l).ToArray()),
            new("clamp-factor-missing", exactLogDet.Select(l => (float)(l / clamp)).ToArray()),
            new("summed-over-batch", exactLogDet.Select(_ => (float)sum).ToArray()),
        };
        return new ExpectedOutputs(v, valueTolerance, ld, logDetTolerance, valueVariants, logDetVariants);
    }

    /// <summary>The tolerance 2B + |reference − exact|, after making sure the reference is within 2B.</summary>
    internal static double Within(double reference, double exact, double bound, string what)
    {
        double off = Math.Abs(reference - exact);
        if (!(off <= 2 * bound))
            throw new InvalidOperationException($"the reference's {what} {reference:R} is {off:G3} from the exact {exact:R}, beyond twice its float32 bound {bound:G3} (a grader defect)");
        return 2 * bound + off;
    }

    /// <summary>One sample of the block with one of its parts changed, in double.</summary>
    private static double[] Variant(FixedSubnet subnet, double clamp, double[] x, bool inverse, bool softClamp, bool outputScale, bool expSameDirection)
    {
        int c = x.Length, p = c - c / 2, q = c / 2;
        var a = DoubleSubnet.Of(subnet, x.AsSpan(0, p));
        if (outputScale) a = a.Select(v => 0.1 * v).ToArray();
        var y = (double[])x.Clone();
        for (int j = 0; j < q; j++)
        {
            double s = softClamp ? clamp * Math.Tanh(a[j] / clamp) : a[j], t = a[q + j];
            y[p + j] = !inverse ? x[p + j] * Math.Exp(s) + t
                : expSameDirection ? (x[p + j] - t) * Math.Exp(s)
                : (x[p + j] - t) * Math.Exp(-s);
        }
        return y;
    }

    private static void Write(float[] target, int row, int c, double[] values)
    {
        for (int j = 0; j < c; j++) target[row * c + j] = (float)values[j];
    }
}
