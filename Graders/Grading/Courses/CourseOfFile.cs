using System.Security.Cryptography;
using Grader.Checks.Courses;

namespace Grader.Grading.Courses;

/// <summary>
/// The catalog a tutor's course file gives (<c>--course FILE</c>): its sheets and tasks joined with the registered packs and
/// the tutor's side, its own rubric texts kept, the file's SHA-256 as read and each sheet's catalog fingerprint
/// (<see cref="CatalogFingerprint"/>), which <c>run.json</c> records.
/// </summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Sha256">The SHA-256 of its bytes, lower-case hex.</param>
/// <param name="Catalog">The tutor's catalog of the course.</param>
public sealed record CourseOfFile(string Path, string Sha256, CourseCatalog Catalog)
{
    /// <summary>The file's <c>[semester]</c> (students, groups, tutorials); null when it has none.</summary>
    public Grader.Grading.Courses.CourseSemester? Semester { get; init; }

    /// <summary>Each sheet's catalog fingerprint (what decides a run's points, the semester part left out), by sheet id.</summary>
    public IReadOnlyDictionary<string, CatalogFingerprint> Pins { get; init; } = new Dictionary<string, CatalogFingerprint>(StringComparer.Ordinal);

    /// <summary>
    /// Reads <paramref name="path"/> as a catalog of <paramref name="like"/>'s side (<see cref="CourseCatalog.SameSide"/>:
    /// the tutor's hidden checks and rubrics when the verb was given the tutor's catalog); a course with problems is
    /// refused with its located messages.
    /// </summary>
    /// <exception cref="UsageException">The file cannot be read or has problems.</exception>
    public static CourseOfFile Load(string path, CourseCatalog like)
    {
        ArgumentNullException.ThrowIfNull(like);
        try
        {
            var (course, bytes) = CourseSource.LoadWithBytes(path, like.Packs);
            var catalog = like.SameSide(CourseCatalog.FromCourses([course], like.Packs, keepRubrics: true));
            return new CourseOfFile(System.IO.Path.GetFullPath(path), Convert.ToHexStringLower(SHA256.HashData(bytes)), catalog)
            {
                Semester = course.Semester,
                Pins = CatalogFingerprint.OfSheets(CourseSource.Text(bytes)),
            };
        }
        catch (CourseProblemsException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
