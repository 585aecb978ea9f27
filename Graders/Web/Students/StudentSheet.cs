using Grader.Semester;

namespace Grader.Web.Students;

/// <summary>What a student's page shows of one released sheet: their grade (null when they handed nothing in), their regrade requests and until when they may file one.</summary>
/// <param name="Total">The sheet's grade and late outcome, as every output has it.</param>
/// <param name="Requests">The student's regrade requests on the sheet.</param>
/// <param name="RegradeDeadline">Until when requests are taken (null: no deadline).</param>
/// <param name="Items">The sheet's manual items, to match each score with its rubric level.</param>
public sealed record StudentSheet(SheetTotal Total, IReadOnlyList<RegradeRequest> Requests, DateTimeOffset? RegradeDeadline, IReadOnlyList<SheetItem> Items)
{
    /// <summary>The sheet's title as the course gives it (null when the catalog has none).</summary>
    public string? Title { get; init; }

    /// <summary>The tutors' comments on lines of the hand-in, placed on it as the latest run keeps it, each with its task.</summary>
    public IReadOnlyList<LineComment> Comments { get; init; } = [];

    /// <summary>True while requests are taken at <paramref name="now"/>.</summary>
    public bool TakesRequests(DateTimeOffset now) => RegradeDeadline is not { } deadline || now <= deadline;
}
