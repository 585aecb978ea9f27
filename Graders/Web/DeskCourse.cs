using System.Security.Cryptography;
using Grader.Checks.Courses;
using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// The course file a running <c>grader serve</c> derives every grade and page from (issue 80, item 3): taken up again
/// when the file changes on disk (<see cref="Check"/>, at the start of every request) or on a tutor's "Reload the course
/// file" (<see cref="Reload"/>), so a regroup (students moved between groups, a tutorial's tutors, deadlines, the late
/// policy) needs no restart, also in the very file the sheets' runs were graded with: a run pins that file's catalog
/// part, not its bytes (<see cref="Grader.Grading.RunCourse"/>). Each time it is taken up the audit list of every sheet says so and every sheet's run files
/// are written again from the new derivation. A file that cannot be read or is refused (<c>grader course check</c>'s
/// messages) leaves the one in use as it is: <see cref="Problem"/> says why, on the tutors' home page. The gradebook
/// the file names cannot change under a running server (that needs a restart), nor do the catalog's items.
/// </summary>
public sealed class DeskCourse
{
    /// <summary>The actor the audit list names for a change seen on disk (a tutor's reload names the tutor).</summary>
    public const string OnDisk = "serve (the file changed on disk)";

    private readonly GradingDesk _desk;
    private readonly Lock _lock = new();
    private volatile CourseFile _current;
    private (DateTime Written, long Length) _stamp;
    private string _hash;

    // The catalog part of each sheet (what decides its points) as the file had it when the server started (or first
    // could read it): what it keeps.
    private IReadOnlyDictionary<string, CatalogFingerprint>? _pins;

    internal DeskCourse(GradingDesk desk, CourseFile course)
    {
        _desk = desk;
        _current = course;
        try
        {
            (_stamp, var text) = Read(course.Path);
            _hash = Hash(text);
            _pins = CatalogFingerprint.OfSheets(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Read once it can be (a course built in memory, a file gone): the next look finds it changed.
            (_stamp, _hash) = (default, "");
        }
    }

    /// <summary>The course file in use.</summary>
    public CourseFile Current => _current;

    /// <summary>Why the course file on disk is not the one in use (it changed and was refused), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// The line the tutors' pages show while the course file's catalog part (a sheet's tasks, items, points, levels: what
    /// decides the points, <see cref="CatalogFingerprint"/>) differs from the one the server started with, or null. A
    /// running server keeps the items it started with, and it is not taken up without a restart: the grading pages' links
    /// and forms name items by their place (an item added or removed would move a score to another item) and every run
    /// recorded with the file as it was pins that catalog part (<see cref="Grader.Grading.RunCourse"/> refuses to rebuild
    /// its points with the edit).
    /// </summary>
    public string? CatalogChanged { get; private set; }

    /// <summary>
    /// Takes the course file up again when it changed on disk since it was last read (its time or length, then its
    /// content); true when the one in use changed. Cheap when nothing changed: one look at the file's time and length.
    /// </summary>
    public bool Check()
    {
        var info = new FileInfo(_current.Path);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (default, -1L);
        return stamp != _stamp && Take(OnDisk, always: false);
    }

    /// <summary>A tutor's "Reload the course file": reads it now whatever its time; true when the one in use changed, false when it was the same or refused (<see cref="Problem"/>).</summary>
    public bool Reload(string tutor)
    {
        ArgumentException.ThrowIfNullOrEmpty(tutor);
        return Take(tutor, always: true);
    }

    private bool Take(string actor, bool always)
    {
        lock (_lock)
        {
            var (taken, detail) = TakeLocked(always);
            if (detail is not null)
            {
                // Logged in every sheet's audit list (a tutor's reload always; a change on disk when it changed anything).
                _desk.Locked(g =>
                {
                    g.Audit.CourseReloaded(actor, _current.Sheets.Select(s => s.Sheet).ToArray(), detail);
                    return 0;
                });
            }

            if (taken)
            {
                // Every output is derived again from the new course: each sheet's run files written in the background.
                foreach (var sheet in _current.Sheets)
                {
                    _ = _desk.Files.Request(sheet.Sheet);
                }
            }

            return taken;
        }
    }

    /// <summary>Reads the file and takes it up when it can be; returns whether it was, and what the audit list says (null: nothing to log).</summary>
    private (bool Taken, string? Detail) TakeLocked(bool always)
    {
        var old = _current;
        (DateTime, long) stamp;
        string text;
        try
        {
            (stamp, text) = Read(old.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem = $"The course file {old.Path} cannot be read ({e.Message}), so the one read before is still in use.";
            return (false, always ? "not read: the file cannot be read (the tutors' home page says why)" : null);
        }

        if (stamp == _stamp && !always)
        {
            return (false, null);
        }

        _stamp = stamp;
        var hash = Hash(text);
        CatalogChanged = Catalog(text, stamp.Item1);
        if (hash == _hash)
        {
            // The same content: nothing to take up (a reload of an unchanged file, a file touched, a refused edit undone).
            Problem = null;
            return (false, always ? "unchanged" : null);
        }

        CourseFile loaded;
        try
        {
            loaded = CourseFile.Load(old.Path, _desk.Catalog);
        }
        catch (Exception e) when (e is CourseFileException or IOException or UnauthorizedAccessException)
        {
            Problem = $"The course file {old.Path} changed, but it is refused, so the one read before is still in use: {e.Message}";
            // The audit list is on pages that name no student before a reveal: the message (which may name one) is not in it.
            return (false, "refused, the one read before kept (the tutors' home page says why)");
        }

        if (!string.Equals(Path.GetFullPath(loaded.Gradebook), Path.GetFullPath(old.Gradebook), StringComparison.Ordinal))
        {
            Problem = $"The course file {old.Path} now names another gradebook ({loaded.Gradebook}); a running server keeps {old.Gradebook}: restart 'grader serve' to use the other one.";
            return (false, "refused: it names another gradebook (a restart takes it up)");
        }

        _hash = hash;
        _current = loaded;
        Problem = null;
        return (true, $"taken up: {loaded.Students.Count} students, {loaded.Sheets.Count} sheets (SHA-256 {hash[..12]})");
    }

    /// <summary>What <see cref="CatalogChanged"/> says of <paramref name="text"/>, written at <paramref name="written"/>; null when its catalog part is the one the server started with.</summary>
    private string? Catalog(string text, DateTime written)
    {
        var now = CatalogFingerprint.OfSheets(text);
        if (_pins is not { } pins)
        {
            _pins = now;
            return null;
        }

        var changes = pins.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).SelectMany(sheet =>
            (now.GetValueOrDefault(sheet), pins.GetValueOrDefault(sheet)) switch
            {
                ({ } after, { } before) => after.ChangesSince(before),
                (null, { }) => [$"sheet {sheet} was removed"],
                _ => [$"sheet {sheet} was added"],
            }).Distinct(StringComparer.Ordinal).ToArray();
        return changes.Length == 0 ? null
            : string.Create(CultureInfo.InvariantCulture, $"The course file changed at {written:yyyy-MM-dd HH:mm:ss} UTC in what decides the points ({string.Join("; ", changes)}). This server keeps the items and points it started with, and a run recorded with the file as it was cannot be rebuilt with the edit: undo it, or grade the sheet again with the edited file, record that run and restart grader serve to use it.");
    }

    private static ((DateTime, long) Stamp, string Text) Read(string path)
    {
        var info = new FileInfo(path);
        return ((info.LastWriteTimeUtc, info.Length), Grader.Grading.Files.TutorInput.ReadAllText(path));
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
