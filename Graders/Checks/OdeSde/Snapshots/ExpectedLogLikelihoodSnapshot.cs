using static Grader.Checks.OdeSde.ExpectedLogLikelihoodMatchesGenerator;

namespace Grader.Checks.OdeSde.Snapshots;

/// <summary>
/// The answers of the visible expected-log-likelihood checks on their public data sets
/// (<see cref="PublicCase"/>; file <c>ode-sde/expected-log-likelihood</c>), computed by the tutor's side ahead of time.
/// </summary>
public sealed record ExpectedLogLikelihoodSnapshot(IReadOnlyList<ExpectedLogLikelihoodSnapshotCase> Answers)
{
    public const string Name = "expected-log-likelihood";
}

/// <summary>One data set's parameters as the check draws it (for a reviewer) and its answer.</summary>
public sealed record ExpectedLogLikelihoodSnapshotCase(DataSet Set, ulong Seed, int Points, int K, double P1, double P2, ExpectedLogLikelihoodAnswer Answer);
