using Grader.Checks.Snapshots;

namespace Grader.Checks.Attention.Snapshots;

/// <summary>
/// The reference's multi-head attention on fixed calls (fixtures/snapshots/attention), the public inputs of the
/// visible attention checks: self- and cross-attention, 1–4 heads, with and without biases, key padding and causal
/// masks, and the outputs of known wrong layers.
/// </summary>
/// <param name="Description">How the calls were made, for a reviewer.</param>
/// <param name="Cases">The calls with the reference's answers.</param>
public sealed record AttentionSnapshot(string Description, IReadOnlyList<ExpectedAttention> Cases)
{
    public const string Folder = "attention";

    public const string Name = "multi-head-attention";

    /// <summary>The approved file, relative to the snapshot root.</summary>
    public const string RelativePath = Folder + "/" + Name + ".approved.json";

    /// <summary>The calls of the approved snapshot.</summary>
    public static IAttentionCases Approved { get; } = new ApprovedCases();

    private sealed class ApprovedCases : IAttentionCases
    {
        public IReadOnlyList<ExpectedAttention>? Cases(CheckContext context, out string? problem)
        {
            ArgumentNullException.ThrowIfNull(context);
            return SnapshotFile.TryRead<AttentionSnapshot>(context.SnapshotRoot, Folder, Name, out problem)?.Cases;
        }
    }
}
