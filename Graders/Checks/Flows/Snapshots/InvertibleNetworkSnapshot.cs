using Grader.Checks.Flows.Support;

namespace Grader.Checks.Flows.Snapshots;

/// <summary>The visible cases of the INN (snapshot <c>flows/invertible-network</c>).</summary>
public sealed record InvertibleNetworkSnapshot(string Description, IReadOnlyList<InvertibleNetworkCase> Cases)
{
    public const string Name = "invertible-network";
}

/// <summary>One block of an INN case: the subnet and the mixing matrix P [C, C] (row-major, float32).</summary>
public sealed record InnBlockSpec(SubnetSpec Subnet, double SubnetWeightSum, float[] Permutation);

/// <summary>One INN case: blocks, clamp, an input x for <c>Forward</c>, an input z for <c>Inverse</c>, and what each must return.</summary>
public sealed record InvertibleNetworkCase(int Channels, int N, double Clamp, IReadOnlyList<InnBlockSpec> Blocks, float[] X, float[] Z, ExpectedOutputs Forward, ExpectedOutputs Inverse);
