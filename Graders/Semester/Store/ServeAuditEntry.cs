namespace Grader.Semester;

/// <summary>One step of the students' side in the audit list: a release, a withdrawal, a token issued, a regrade request filed or answered.</summary>
/// <param name="At">When (ISO 8601, UTC).</param>
/// <param name="Actor">Who: a tutor, a student or the command that did it.</param>
/// <param name="Action">What was done.</param>
/// <param name="Sheet">The sheet ("" for none).</param>
/// <param name="Student">The student it concerns ("" for none).</param>
/// <param name="Detail">The rest (a request's item, an answer's outcome).</param>
public sealed record ServeAuditEntry(string At, string Actor, string Action, string Sheet, string Student, string Detail)
{
    /// <summary>The entry's place in the audit list (larger: newer); a page of the list starts after one (<see cref="AuditLog.ServeAudit(string, int, long?)"/>).</summary>
    public long Id { get; init; }
}
