using Grader.Checks.Attention.Snapshots;
using Grader.Contracts.Attention;

namespace Grader.Checks.Attention;

/// <summary>
/// A check of the hand-in's multi-head attention layer (sheet 001, ex. 2) on the calls of an <see cref="IAttentionCases"/>:
/// the visible instance on the approved snapshot's calls (and it names that snapshot, <see cref="Snapshots"/>), the
/// tutor's instance on calls drawn from the run's seed. It gets the calls and the hand-in's
/// <see cref="IMultiHeadAttention"/> and hands both to <see cref="Check"/>, which compares what the layer returns.
/// </summary>
/// <param name="id">The check's id.</param>
/// <param name="cases">Where the calls, the reference's answers and their bounds come from.</param>
public abstract class AttentionCheck(string id, IAttentionCases cases) : ICheck, ISnapshotReader
{
    public string Id { get; } = id;

    public IAttentionCases Source { get; } = cases;

    /// <inheritdoc />
    public IReadOnlyList<string> Snapshots => ReferenceEquals(Source, AttentionSnapshot.Approved) ? [AttentionSnapshot.RelativePath] : [];

    public abstract string SheetRef { get; }

    public CheckResult Run(CheckContext context)
    {
        var call = new HandinCall(Id, SheetRef);
        var calls = Source.Cases(context, out var problem);
        if (calls is null) return call.Error(problem!);
        if (call.Resolve<IMultiHeadAttention>(context, out var layer) is { } unresolved) return unresolved;
        return Check(call, layer, calls);
    }

    /// <summary>The check proper, on the calls (never null) and the hand-in's layer.</summary>
    protected abstract CheckResult Check(HandinCall call, IMultiHeadAttention layer, IReadOnlyList<ExpectedAttention> cases);

    /// <summary>
    /// The layer's forward pass on <paramref name="expected"/>'s call (<see cref="AttentionCase.Forward"/>); null when it
    /// answered and the expected values fit the output's and the weights' shapes, else the failure or the error.
    /// </summary>
    protected static CheckResult? Forward(HandinCall call, IMultiHeadAttention layer, ExpectedAttention expected, out float[] output, out float[] weights)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Case.Forward(call, layer, expected.LargestScore, out output, out weights) is { } bad) return bad;
        if (expected.OutputBound.Length != output.Length || expected.WeightsBound.Length != weights.Length || expected.Output.Length != output.Length || expected.Weights.Length != weights.Length)
            return call.Error($"The expected values of {expected.Case} do not fit its shapes (a damaged snapshot?).");
        return null;
    }
}
