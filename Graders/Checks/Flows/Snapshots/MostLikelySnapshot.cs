using Grader.Checks.Flows.Support;

namespace Grader.Checks.Flows.Snapshots;

/// <summary>The visible cases of the most likely events (snapshot <c>flows/most-likely-events</c>).</summary>
public sealed record MostLikelySnapshot(string Description, IReadOnlyList<MostLikelyCase> Cases)
{
    public const string Name = "most-likely-events";
}

/// <summary>
/// One case: the grader's flow, the points x [N, d], the fraction, the reference's selection (most likely first), and
/// each point's log-likelihood with the tolerance within which two points count as tied.
/// </summary>
public sealed record MostLikelyCase(FlowSpec Flow, int N, double Fraction, float[] X, int[] Expected, double[] LogLikelihood, double[] Tolerance);
