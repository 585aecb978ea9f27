namespace Grader.Semester;

/// <summary>
/// The grades <see cref="SemesterGrades.PrepareRender"/> last built of a sheet's latest run, one per hand-in, each
/// with the stamp of what it was built from (<see cref="RunStore.HandinStamps"/>: the count and versions of the
/// student's manual scores, the count of comments on the hand-in and of their deletions). A write of the run's files
/// reads the stamps (one query) and builds again only the grades whose stamp changed: a score, a regrade answer, a
/// comment made or deleted change exactly the stamp of the student they are about, whichever connection or process wrote
/// them. The whole sheet is built again when anything else a grade depends on changes: the latest run of any sheet
/// (the late policy counts over every sheet), the course file or the catalog. <c>grader serve</c> shares one between its
/// connections; a group course is never cached (a member's grade is their group's hand-in's).
/// </summary>
public sealed class ReportCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Sheet> _sheets = new(StringComparer.Ordinal);

    /// <summary>
    /// The cached grades of <paramref name="sheet"/> under <paramref name="key"/> (every sheet's latest run and the run's
    /// folder) for <paramref name="course"/> and <paramref name="catalog"/>: the ones whose stamp is in
    /// <paramref name="stamps"/> unchanged are kept, the others built by <paramref name="build"/> (given the students to
    /// build; returns each one's grade, null where there is none). Returns every student of <paramref name="stamps"/>'s grade.
    /// </summary>
    internal IReadOnlyDictionary<string, HandinReport?> Get(
        string sheet, string key, CourseFile course, CourseCatalog catalog, IReadOnlyDictionary<string, string> stamps,
        Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, HandinReport?>> build)
    {
        lock (_lock)
        {
            if (!_sheets.TryGetValue(sheet, out var known) || known.Key != key || !ReferenceEquals(known.Course, course) || !ReferenceEquals(known.Catalog, catalog))
            {
                _sheets[sheet] = known = new Sheet(key, course, catalog);
            }

            var stale = stamps.Where(s => !known.Reports.TryGetValue(s.Key, out var had) || had.Stamp != s.Value).Select(s => s.Key).ToArray();
            if (stale.Length > 0)
            {
                var built = build(stale);
                foreach (var student in stale)
                {
                    known.Reports[student] = (stamps[student], built.GetValueOrDefault(student));
                }

                Built += stale.Length;
            }

            foreach (var gone in known.Reports.Keys.Where(s => !stamps.ContainsKey(s)).ToArray())
            {
                known.Reports.Remove(gone);
            }

            return stamps.Keys.ToDictionary(s => s, s => known.Reports[s].Report, StringComparer.Ordinal);
        }
    }

    /// <summary>How many hand-ins' grades were built so far (cached ones are not counted): what a test reads to see a write built one, not the sheet.</summary>
    public long Built { get; private set; }

    private sealed class Sheet(string key, CourseFile course, CourseCatalog catalog)
    {
        public string Key { get; } = key;

        public CourseFile Course { get; } = course;

        public CourseCatalog Catalog { get; } = catalog;

        public Dictionary<string, (string Stamp, HandinReport? Report)> Reports { get; } = new(StringComparer.Ordinal);
    }
}
