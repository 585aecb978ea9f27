using Grader.Checks.Flows.Support;

namespace Grader.Checks.Flows.Snapshots;

/// <summary>The visible cases of the flow's negative log-likelihood (snapshot <c>flows/negative-log-likelihood</c>).</summary>
public sealed record NegativeLogLikelihoodSnapshot(string Description, IReadOnlyList<NegativeLogLikelihoodCase> Cases)
{
    public const string Name = "negative-log-likelihood";
}

/// <summary>One case: the grader's flow, the points x [N, d], the expected −log p(x) with tolerances, and wrong variants.</summary>
public sealed record NegativeLogLikelihoodCase(FlowSpec Flow, int N, float[] X, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants);
