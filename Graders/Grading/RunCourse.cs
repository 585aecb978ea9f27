using System.Collections.Concurrent;
using System.Security.Cryptography;
using Grader.Checks.Courses;
using Grader.Grading.Courses;

namespace Grader.Grading;

/// <summary>
/// The catalog a run was graded with, read back from its <c>run.json</c> (<see cref="RunInfo.Course"/> and its pin):
/// the shipped courses when it names no course file, else that file — or the one a verb was given (<c>--course</c>) —
/// if its catalog part for the run's sheet still has the run's fingerprint (<see cref="RunInfo.CourseCatalog"/>; a run
/// older than it: if the file's bytes still have its SHA-256). A run's points are rebuilt with this catalog, so a later
/// edit of the catalog part never changes a recorded run's points behind the tutor's back (refused, naming the sections
/// edited), while the semester part (groups, tutorials, deadlines, …) is the derivation's to read live.
/// </summary>
public static class RunCourse
{
    private static readonly ConcurrentDictionary<(string Path, string Sha256, CourseCatalog Like), CourseOfFile> Loaded = new();

    /// <summary>The file last read for each pin (path, catalog fingerprint): what a run reads while the file's semester part cannot be read.</summary>
    private static readonly ConcurrentDictionary<(string Path, string Pin, CourseCatalog Like), CourseOfFile> Pinned = new();

    /// <summary>The catalog the run of <paramref name="info"/> (in <paramref name="where"/>) was graded with.</summary>
    /// <param name="info">The run's record.</param>
    /// <param name="shipped">The catalog of the shipped courses (a run without a course file).</param>
    /// <param name="where">The run's folder, for the message.</param>
    /// <param name="given">A course file the verb was given; used when it has the run's pin (else the run's own path).</param>
    /// <param name="refuse">Makes the verb's exception of the one message.</param>
    public static CourseCatalog Of(RunInfo info, CourseCatalog shipped, string where, string? given, Func<string, Exception> refuse) =>
        FileOf(info, where, given, refuse, shipped)?.Catalog ?? shipped;

    /// <summary>
    /// The course file the run of <paramref name="info"/> was graded with (its catalog and its <c>[semester]</c>: groups
    /// and tutorials), checked as <see cref="Of"/> checks it, read as a catalog of <paramref name="like"/>'s side; null for
    /// a run of the shipped courses. While the file's catalog part is the run's but the file is refused for a problem
    /// elsewhere (a broken regroup, which <c>grader serve</c> keeps out), the file last read with the run's pin in this
    /// process is returned (its catalog is the run's; its semester that of then); with none, the problems are refused.
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

        // A run that pins its catalog (CatalogFingerprint) takes a file whose catalog part for its sheet is unchanged, so a
        // regroup or a deadline in the very file it was graded with keeps it; an older run takes only the file's bytes.
        var pin = info.CourseCatalog;
        (string File, IReadOnlyList<string> Changes)? edited = null;
        foreach (var full in new[] { given, info.Course }.OfType<string>().Where(p => p.EndsWith(".toml", StringComparison.OrdinalIgnoreCase)).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (Bytes(full) is not { } bytes)
            {
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var changes = pin is null ? null : Changes(pin, CatalogFingerprint.Of(CourseSource.Text(bytes), pin.Sheet));
            if (pin is null ? !string.Equals(hash, info.CourseSha256, StringComparison.OrdinalIgnoreCase) : changes!.Count > 0)
            {
                if (changes is not null)
                {
                    edited ??= (full, changes);
                }

                continue;
            }

            CourseOfFile file;
            try
            {
                file = Loaded.GetOrAdd((full, hash, like), key => CourseOfFile.Load(key.Path, key.Like));
            }
            catch (UsageException e)
            {
                // The catalog part is the run's, so the problem is elsewhere (a broken regroup under grader serve, which
                // keeps the course read before): the catalog read before with this pin is the run's catalog still.
                if (pin is not null && Pinned.TryGetValue((full, pin.Sha256, like), out var before))
                {
                    return before;
                }

                throw refuse($"'{where}' was graded with the course file {full}, which this grader no longer reads:\n{e.Message}");
            }

            if (pin is not null && (file.Pins.GetValueOrDefault(pin.Sheet)?.ChangesSince(pin) ?? [$"[[sheet]] {pin.Sheet} was removed"]) is { Count: > 0 } after)
            {
                // Edited again between the look and the load: what was loaded is not the catalog the run was graded with.
                Loaded.TryRemove((full, hash, like), out _);
                edited ??= (full, after);
                continue;
            }

            if (pin is not null)
            {
                Pinned[(full, pin.Sha256, like)] = file;
            }

            return file;
        }

        if (edited is { } found)
        {
            throw refuse($"'{where}' was graded with the course file {found.File}, whose catalog part for sheet {pin!.Sheet} has been edited since: {string.Join("; ", found.Changes)}. "
                + "Those decide the run's points, so they cannot be rebuilt with it; the semester part ([semester]: students, groups, tutorials, extensions, late policy; "
                + "each sheet's deadline, regrade and [[sheet.group]]) may change freely. Undo that edit, or give a copy of the file as it was graded with --course "
                + "(a regrade with the edited catalog is a new run).");
        }

        throw refuse($"'{where}' was graded with the course file {info.Course} (SHA-256 {info.CourseSha256}), which is gone or has been edited since, so its points cannot be rebuilt; "
            + "restore that file, or give a copy with that hash with --course (a regrade with the edited file is a new run).");
    }

    /// <summary>What changed in the catalog part from the run's pin to <paramref name="now"/> (the file as read; null: it does not parse as TOML).</summary>
    private static IReadOnlyList<string> Changes(CatalogFingerprint pin, CatalogFingerprint? now) =>
        now is null ? ["the file no longer parses as TOML"] : now.ChangesSince(pin);

    private static byte[]? Bytes(string path)
    {
        try
        {
            return File.Exists(path) ? TutorInput.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}
