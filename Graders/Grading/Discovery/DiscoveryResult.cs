namespace Grader.Grading.Discovery;

/// <summary>What <see cref="HandinDiscovery.Discover"/> found in a folder of hand-ins.</summary>
/// <param name="Handins">The hand-ins that can be graded, ordered by student (ordinal).</param>
/// <param name="Problems">
/// Inputs that were refused (<see cref="InputProblem.Skipped"/> true) or graded with something left out (false), ordered
/// by path (ordinal). A refused hand-in never appears in <paramref name="Handins"/>.
/// </param>
public sealed record DiscoveryResult(IReadOnlyList<DiscoveredHandin> Handins, IReadOnlyList<InputProblem> Problems);
