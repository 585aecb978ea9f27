namespace Grader.Checks.OdeSde.Snapshots;

/// <summary>
/// The ELBO of one known wrong variant (e.g. without the prior term) on a case's draws, computed by the tutor's side
/// ahead of time (the visible snapshot) or live (the tutor's run), so <see cref="ElboComparison"/> can name the mistake.
/// </summary>
/// <param name="Name">Stable key, e.g. "without-prior-term".</param>
/// <param name="Elbo">The variant's ELBO per example.</param>
/// <param name="DriftMatching">The variant's drift matching term per example.</param>
public sealed record ElboVariant(string Name, float[] Elbo, float[] DriftMatching);
