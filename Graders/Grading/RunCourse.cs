using System.Collections.Concurrent;
using System.Security.Cryptography;
using Grader.Grading.Courses;

namespace Grader.Grading;

/// <summary>
/// The catalog a run was graded with, read back from its <c>run.json</c> (<see cref="RunInfo.Course"/> and its SHA-256):
/// the shipped courses when it names no course file, else that file — or the one a verb was given (<c>--course</c>) —
/// if its bytes still have the hash. A run's points are rebuilt with this catalog, so a later edit of the course file
/// never changes a recorded run's points behind the tutor's back; a file gone or changed is refused.
/// </summary>
public static class RunCourse
{
    private static readonly ConcurrentDictionary<(string Path, string Sha256, CourseCatalog Like), CourseOfFile> Loaded = new();

    /// <summary>The catalog the run of <paramref name="info"/> (in <paramref name="where"/>) was graded with.</summary>
    /// <param name="info">The run's record.</param>
    /// <param name="shipped">The catalog of the shipped courses (a run without a course file).</param>
    /// <param name="where">The run's folder, for the message.</param>
    /// <param name="given">A course file the verb was given; used when its hash is the run's (else the run's own path).</param>
    /// <param name="refuse">Makes the verb's exception of the one message.</param>
    public static CourseCatalog Of(RunInfo info, CourseCatalog shipped, string where, string? given, Func<string, Exception> refuse) =>
        FileOf(info, where, given, refuse, shipped)?.Catalog ?? shipped;

    /// <summary>
    /// The course file the run of <paramref name="info"/> was graded with (its catalog and its <c>[semester]</c>: groups
    /// and tutorials), checked as <see cref="Of"/> checks it, read as a catalog of <paramref name="like"/>'s side; null for
    /// a run of the shipped courses.
    /// </summary>
    public static CourseOfFile? FileOf(RunInfo info, string where, string? given, Func<string, Exception> refuse, CourseCatalog like)
    {
        ArgumentNullException.ThrowIfNull(like);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(refuse);
        if (info.Course is null)
        {
            return null;
        }

        foreach (var path in new[] { given, info.Course }.OfType<string>().Where(p => p.EndsWith(".toml", StringComparison.OrdinalIgnoreCase)))
        {
            var full = Path.GetFullPath(path);
            if (Sha256(full) is { } hash && string.Equals(hash, info.CourseSha256, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Loaded.GetOrAdd((full, hash, like), key => CourseOfFile.Load(key.Path, key.Like));
                }
                catch (UsageException e)
                {
                    throw refuse($"'{where}' was graded with the course file {full}, which this grader no longer reads:\n{e.Message}");
                }
            }
        }

        throw refuse($"'{where}' was graded with the course file {info.Course} (SHA-256 {info.CourseSha256}), which is gone or has been edited since, so its points cannot be rebuilt; "
            + "restore that file, or give a copy with that hash with --course (a regrade with the edited file is a new run).");
    }

    private static string? Sha256(string path)
    {
        try
        {
            return File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(TutorInput.ReadAllBytes(path))) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}
