namespace Grader.Checks.Attention;

/// <summary>Where the calls an attention check makes, and the reference's answers to them, come from.</summary>
public interface IAttentionCases
{
    /// <summary>The calls for one run of a check; null with <paramref name="problem"/> set when they cannot be had (a grader defect).</summary>
    IReadOnlyList<ExpectedAttention>? Cases(CheckContext context, out string? problem);
}
