using Grader.Checks.Flows.Support;

namespace Grader.Checks.Flows.Snapshots;

/// <summary>The visible cases of the coupling block (snapshot <c>flows/coupling-block</c>).</summary>
public sealed record CouplingBlockSnapshot(string Description, IReadOnlyList<CouplingBlockCase> Cases)
{
    public const string Name = "coupling-block";
}

/// <summary>
/// One coupling-block case: the grader's subnet and clamp, an input x [N, C] for <c>Forward</c> and an input y [N, C]
/// for <c>Inverse</c>, and what each must return.
/// </summary>
/// <param name="Channels">C.</param>
/// <param name="N">Samples.</param>
/// <param name="Clamp">The soft clamp's bound.</param>
/// <param name="Subnet">The subnet.</param>
/// <param name="SubnetWeightSum">The subnet's weights summed (see <see cref="FlowsSnapshots.WeightSum"/>).</param>
/// <param name="X">Input of <c>Forward</c>, flattened.</param>
/// <param name="Y">Input of <c>Inverse</c>, flattened.</param>
/// <param name="Forward">Forward(x).</param>
/// <param name="Inverse">Inverse(y).</param>
public sealed record CouplingBlockCase(int Channels, int N, double Clamp, SubnetSpec Subnet, double SubnetWeightSum, float[] X, float[] Y, ExpectedOutputs Forward, ExpectedOutputs Inverse);
