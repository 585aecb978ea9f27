using Grader.Semester;

namespace Grader.Web.Students;

/// <summary>
/// What the students' side of <c>grader serve</c> reads and writes (issue 70), over the tutors' <see cref="GradingDesk"/>
/// and its one gradebook connection: a student signs in with their own token (hashed as the tutors',
/// <see cref="TutorToken"/>) and sees only released sheets, only their own hand-in's grade. Every method takes the
/// signed-in student's name from the session, never from a URL; a sheet that is not the course's or not released is
/// null, as if it did not exist.
/// </summary>
public sealed class StudentDesk
{
    /// <summary>The longest reason a regrade request keeps.</summary>
    public const int MaxReason = 2000;

    private readonly GradingDesk _desk;
    private readonly TimeProvider _clock;

    public StudentDesk(GradingDesk desk, TimeProvider? clock = null)
    {
        _desk = desk ?? throw new ArgumentNullException(nameof(desk));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The course.</summary>
    public CourseFile Course => _desk.Course;

    /// <summary>Where the requests' time goes (the desk's, benchmark-only); null: nothing is counted.</summary>
    internal DeskTiming? Timing => _desk.Timing;

    /// <summary>The student the token belongs to with the token's stamp, or null.</summary>
    public (string Name, string Stamp)? SignIn(string? token)
    {
        var tokens = _desk.Reading(g => g.Releases.StudentTokens());
        return TutorToken.Match(token, tokens) is { } name ? (name, TutorToken.Stamp(tokens.First(t => t.Name == name).TokenHash)) : null;
    }

    /// <summary>True while the student's token is still the one whose stamp the session carries.</summary>
    public bool IsSession(string student, string stamp) =>
        _desk.Reading(g => g.Releases.StudentTokenHash(student) is { } hash && TutorToken.SameStamp(stamp, TutorToken.Stamp(hash)));

    /// <summary>
    /// Whose hand-in of <paramref name="sheet"/> is <paramref name="student"/>'s: their group's where it handed in,
    /// else their own (<see cref="GradingDesk.HandinOf"/>), so a member sees the group's feedback and the comments on
    /// the group's code. Their grade is read by their own name: the totals already take a member's sheet from the group.
    /// </summary>
    public string HandinOf(string sheet, string student) => _desk.HandinOf(sheet, student);

    /// <summary>The student's semester, counting only released sheets (an unreleased one is not graded as far as they can see): the derivation's <see cref="SheetTotal.Released"/>.</summary>
    public StudentTotals? Totals(string student) => ReleasedOnly(_desk.Reading(g => g.Grades.Totals(Course, _desk.Catalog, student)));

    /// <summary>
    /// The student's view of a released sheet, or null (not the course's, not released, not a student of the course):
    /// their derived semester (<see cref="SemesterGrades.Totals(CourseFile, CourseCatalog, string, Func{string, IDisposable?}?)"/>:
    /// the grade, the released state, the group's requests, the comments on the hand-in) read on one read connection,
    /// the desk's lock not taken, so the tutors' pages never wait for a student's.
    /// </summary>
    public StudentSheet? Sheet(string student, string sheet)
    {
        if (Course.FindSheet(sheet) is not { } deadline)
        {
            return null;
        }

        var phase = Phases(_desk.Timing);
        var totals = _desk.Reading(g => g.Grades.Totals(Course, _desk.Catalog, student, phase));
        if (ReleasedOnly(totals)?.Sheets.FirstOrDefault(s => s.Sheet == sheet) is not { } total)
        {
            return null;
        }

        using (phase?.Invoke("comments placed"))
        {
            return new StudentSheet(total, total.Regrades, deadline.RegradeDeadline, _desk.Items(sheet))
            {
                Comments = total.Comments.Count == 0 ? [] : LineComment.Of(total.Comments, _desk.Commenting.Document(sheet, total.Handin), total.Report?.Tasks.Select(t => t.Task).ToArray() ?? []),
                Title = _desk.Catalog.FindSheet(sheet)?.Title,
            };
        }
    }

    /// <summary>The student page's phase timer (benchmark-only, <see cref="DeskTiming"/>): null when nothing is counted.</summary>
    internal static Func<string, IDisposable?>? Phases(DeskTiming? timing) => timing is null ? null : name => timing.Phase("student page: " + name);

    private static StudentTotals? ReleasedOnly(StudentTotals? totals) =>
        totals is null ? null : totals with { Sheets = totals.Sheets.Where(s => s.Released).ToArray() };

    /// <summary>
    /// Files the student's regrade request on <paramref name="task"/>'s manual item <paramref name="item"/> (or its
    /// automatic part when <paramref name="item"/> is empty); returns null once filed, else why not (one sentence).
    /// </summary>
    public string? FileRegrade(string student, string sheet, string task, string item, string reason)
    {
        if (Sheet(student, sheet) is not { } view)
        {
            return "That sheet is not released.";
        }

        if (!view.TakesRequests(_clock.GetUtcNow()))
        {
            return $"Regrade requests for sheet {sheet} closed at {view.RegradeDeadline!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.";
        }

        if (view.Total.Report?.Find(task) is not { } result)
        {
            return "Your hand-in of this sheet has no such task.";
        }

        if (item.Length > 0 ? !result.Items.Any(i => i.Item.Id == item) : result.Checks.Count == 0)
        {
            return "That task has no such item.";
        }

        // No form offers a request on an item not scored yet; a request made by hand is refused the same.
        if (item.Length > 0 && result.Items.First(i => i.Item.Id == item).Pending)
        {
            return "That item is not scored yet: a regrade request can be filed once it is.";
        }

        reason = reason.Trim();
        if (reason.Length == 0 || reason.Length > MaxReason)
        {
            return $"Give a reason (at most {MaxReason} characters).";
        }

        // One request per group and item: a member's request is the group's, shown with its answer to every member.
        var group = GroupOf(sheet, student);
        return _desk.Locked(g => g.Regrades.FileRegrade(student, sheet, task, item, reason, group) ? null : g.Regrades.RegradeOf([student, .. group], task, item)) is not { } filed ? null
            : filed.Student == student ? "You already filed a regrade request for this item: it is shown with the item on your sheet's page."
            : $"{filed.Student} of your group already filed a regrade request for this item ({ServePages.When(filed.Filed)}): it and its answer are shown with the item on your sheet's page, for every member.";
    }

    /// <summary>The other members of <paramref name="student"/>'s group on <paramref name="sheet"/> (empty for a student handing in alone).</summary>
    private IReadOnlyCollection<string> GroupOf(string sheet, string student) =>
        _desk.Roster(sheet)?.GroupOf(student) is { } group ? group.Members.Where(m => !string.Equals(m, student, StringComparison.Ordinal)).ToArray() : [];

    /// <summary>Plot <paramref name="number"/> of the student's (or their group's) hand-in of a released sheet as an SVG document, or null.</summary>
    public string? Figure(string student, string sheet, int number) => HandinFigures.Svg(Sheet(student, sheet)?.Total.Report, number);

    /// <summary>Image grid <paramref name="number"/> of the student's (or their group's) hand-in of a released sheet as an SVG document, or null.</summary>
    public string? Images(string student, string sheet, int number) => HandinFigures.GridSvg(Sheet(student, sheet)?.Total.Report, number);

    /// <summary>The student's own feedback.html of a released sheet (the grader's plots, verdicts and messages), or null.</summary>
    public string? FeedbackFile(string student, string sheet) =>
        Course.FindSheet(sheet) is not null && Totals(student)?.Sheets.Any(s => s.Sheet == sheet) == true ? _desk.HandinFiles.FeedbackFile(sheet, student) : null;
}
