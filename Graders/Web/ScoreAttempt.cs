namespace Grader.Web;

/// <summary>
/// A score the desk refused (<see cref="DeskScoring.Score"/>: a newer score than the tutor's page showed, or another
/// tutor's without <c>replace</c>): what the tutor tried, so the refusal's page keeps it and offers it again as one explicit
/// "Replace" on the versions the refusal shows.
/// </summary>
/// <param name="Group">The answer group's place on the page.</param>
/// <param name="Seen">Each student (as the page names them: pseudonym or name) with the version the refusal's page shows.</param>
/// <param name="Points">The points the tutor gave.</param>
/// <param name="Comment">The tutor's comment.</param>
public sealed record ScoreAttempt(int Group, IReadOnlyList<(string Shown, long Seen)> Seen, double Points, string Comment);
