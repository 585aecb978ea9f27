using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Reference.Flows;
using Grader.Reference.Flows.Handin;

namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>
/// What the likelihood tasks must return under one of the grader's flows: −log p(x) per point from the reference
/// (<see cref="ReferenceFlowNegativeLogLikelihood"/>), its tolerance (<see cref="NegativeLogLikelihoodComparison.Tolerance"/>)
/// and wrong variants; and the reference's selection of the most likely points (<see cref="LikelihoodSelection"/>) with
/// each point's log-likelihood and tie tolerance.
/// </summary>
public static class LikelihoodExpectations
{
    /// <summary>The negative log-likelihood call for the points <paramref name="x"/> [n, d] (flattened) under the flow of <paramref name="spec"/>.</summary>
    public static NegativeLogLikelihoodCall NegativeLogLikelihood(FlowSpec spec, float[] x)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(x);
        var (expected, squaredNorm, logDet) = Evaluate(spec, x);
        var tolerance = squaredNorm.Select((q, i) => NegativeLogLikelihoodComparison.Tolerance(q, logDet[i], spec.Dim)).ToArray();
        return new NegativeLogLikelihoodCall(spec, x, expected, tolerance, NegativeLogLikelihoodComparison.Variants(expected, squaredNorm, logDet, spec.Dim));
    }

    /// <summary>The most-likely call for the points <paramref name="x"/> [n, d] under the flow of <paramref name="spec"/>, and the reference's selection.</summary>
    public static (MostLikelyCall Call, int[] Selection) MostLikely(FlowSpec spec, float[] x, double fraction)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(x);
        var (nll, squaredNorm, logDet) = Evaluate(spec, x);
        var logLikelihood = nll.Select(v => -(double)v).ToArray();
        var tolerance = squaredNorm.Select((q, i) => NegativeLogLikelihoodComparison.Tolerance(q, logDet[i], spec.Dim)).ToArray();
        var selection = new ReferenceMostLikelyEvents().MostLikely(torch.tensor(x, x.Length / spec.Dim, spec.Dim), spec.Create(), fraction);
        return (new MostLikelyCall(spec, x, fraction, logLikelihood, tolerance), selection);
    }

    /// <summary>The reference's −log p, and ‖z‖² and log|det| of the flow's float32 outputs, per point.</summary>
    private static (float[] Nll, double[] SquaredNorm, double[] LogDet) Evaluate(FlowSpec spec, float[] x)
    {
        int d = spec.Dim, n = x.Length / d;
        var flow = spec.Create();
        var points = torch.tensor(x, n, d);
        float[] nll;
        using (torch.no_grad()) nll = new ReferenceFlowNegativeLogLikelihood().NegativeLogLikelihood(points, flow).ToArray();
        var (z, logDet) = flow.Forward(points);
        var zs = z.ToDoubleArray();
        var squaredNorm = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, d).Sum(j => zs[i * d + j] * zs[i * d + j])).ToArray();
        return (nll, squaredNorm, logDet.ToDoubleArray());
    }
}
