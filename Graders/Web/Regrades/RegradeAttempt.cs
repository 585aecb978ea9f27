namespace Grader.Web.Regrades;

/// <summary>
/// A regrade answer the gradebook refused because the score moved since the tutor's page was read
/// (<see cref="Grader.Semester.RegradeStore.AnswerRegrade"/> with its version): what the tutor typed, so the
/// refusal's page keeps it in the request's form, whose version is then the one the page shows.
/// </summary>
/// <param name="Id">The request.</param>
/// <param name="Reply">The tutor's reply.</param>
/// <param name="Points">The new score as typed ("" for none).</param>
public sealed record RegradeAttempt(long Id, string Reply, string Points);
