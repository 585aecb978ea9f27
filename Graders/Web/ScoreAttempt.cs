namespace Grader.Web;

/// <summary>
/// A score the desk refused because another tutor's score stands (<see cref="GradingDesk.Score"/> without
/// <c>replace</c>): what the tutor tried, so the refusal's page can offer it again as an explicit confirmation.
/// </summary>
/// <param name="Group">The answer group's place on the page.</param>
/// <param name="Seen">Each student (as the page names them: pseudonym or name) with the version the tutor saw.</param>
/// <param name="Points">The points the tutor gave.</param>
/// <param name="Comment">The tutor's comment.</param>
public sealed record ScoreAttempt(int Group, IReadOnlyList<(string Shown, long Seen)> Seen, double Points, string Comment);
