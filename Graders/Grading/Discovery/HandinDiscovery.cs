namespace Grader.Grading.Discovery;

/// <summary>
/// Finds the hand-ins in a tutor's folder: every subfolder, and every <c>.zip</c> directly in it, is one student's
/// hand-in, named after the folder or the zip (without <c>.zip</c>). A subfolder that is a student repository written by
/// <c>grader assign</c> (<see cref="StudentRepositoryFolder"/>) is graded by its <c>Handin/</c> folder alone, named after
/// the repository's folder; given one student repository itself, it is the only hand-in. Hidden entries (a leading '.') and the tutor's <c>assignment.json</c>
/// (<see cref="AssignmentFile"/>) are not hand-ins.
/// Anything that can't be graded is listed as an <see cref="InputProblem"/> with one sentence saying why, and the rest
/// is graded: another kind of file, an unsafe student name, two hand-ins for one student (both are refused, since the
/// tutor decides which counts), a hand-in without <c>.cs</c> files, a file or hand-in over the
/// <see cref="DiscoveryLimits"/>, a corrupt, encrypted or malicious zip, a symbolic link out of the hand-in.
/// </summary>
public static class HandinDiscovery
{
    private static readonly string[] ArchiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".gz", ".rar", ".7z", ".bz2", ".xz"];

    /// <summary>Reads every hand-in in <paramref name="folder"/>.</summary>
    /// <exception cref="DiscoveryException">The folder is missing, is a file, is empty, or can't be read.</exception>
    public static DiscoveryResult Discover(string folder, DiscoveryLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        var root = RequireFolder(folder);
        FileSystemInfo[] entries = StudentRepositoryFolder.Is(root) ? [new DirectoryInfo(root)] : List(root); // one repository: a cohort of one

        var problems = new List<InputProblem>();
        var candidates = new List<Candidate>();
        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo && StudentRepositoryFolder.Is(entry.FullName))
            {
                var handin = StudentRepositoryFolder.Handin(entry.FullName);
                Add(new Candidate(entry.Name, entry.FullName, $"{entry.Name}/{Path.GetFileName(handin)}/", IsZip: false) { Read = handin });
            }
            else if (entry is DirectoryInfo && !HoldsAFile(entry.FullName))
            {
                problems.Add(new InputProblem(entry.FullName, null, $"'{Shown(entry.Name)}/' holds no file, so it is not a hand-in; it was ignored.", Skipped: false) { Ignored = true });
            }
            else if (entry is DirectoryInfo)
            {
                Add(new Candidate(entry.Name, entry.FullName, entry.Name + "/", IsZip: false));
            }
            else if (entry.Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                Add(new Candidate(entry.Name[..^".zip".Length], entry.FullName, entry.Name, IsZip: true));
            }
            else if (MayBeAHandin(entry.Name))
            {
                problems.Add(new InputProblem(entry.FullName, null, NotAHandin(entry.Name), Skipped: true));
            }
            else
            {
                problems.Add(new InputProblem(entry.FullName, null, $"'{Shown(entry.Name)}' is neither a folder nor a .zip, so it is not a hand-in; it was ignored.", Skipped: false) { Ignored = true });
            }
        }

        var handins = new List<DiscoveredHandin>();
        foreach (var group in candidates.GroupBy(c => StudentName.Key(c.Student), StringComparer.Ordinal))
        {
            var same = group.OrderBy(c => c.Display, StringComparer.Ordinal).ToArray();
            if (same.Length > 1)
            {
                problems.Add(new InputProblem(same[0].Path, StudentName.Normal(same[0].Student), Duplicates(same), Skipped: true));
                continue;
            }

            var candidate = same[0] with { Student = StudentName.Normal(same[0].Student) };
            var notes = new List<string>();
            DiscoveredReport? report = null;
            try
            {
                var source = candidate.IsZip
                    ? ZipHandin.Read(candidate.Path, candidate.Student, candidate.Display, limits, notes, out report)
                    : FolderHandin.Read(candidate.Read ?? candidate.Path, candidate.Student, candidate.Display, limits, notes,
                        candidate.Read is null ? null : StudentRepositoryFolder.HandinFiles);
                handins.Add(new DiscoveredHandin(candidate.Student, candidate.Path, source, HandinContentHash.Of(source)) { Report = candidate.IsZip ? report : Report(candidate, limits) });
                problems.AddRange(notes.Select(n => new InputProblem(candidate.Path, candidate.Student, n, Skipped: false)));
            }
            catch (HandinRefusedException e)
            {
                problems.Add(new InputProblem(candidate.Path, candidate.Student, e.Message, Skipped: true));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
            {
                problems.Add(new InputProblem(candidate.Path, candidate.Student, $"'{candidate.Display}' could not be read ({e.Message.TrimEnd('.')}); it was not graded.", Skipped: true));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else one hand-in makes the grader fail on is that hand-in's problem, never the end of the run.
                problems.Add(new InputProblem(candidate.Path, candidate.Student, $"'{candidate.Display}' could not be read (the grader failed on it: {e.GetType().Name}); it was not graded.", Skipped: true));
            }
        }

        return new DiscoveryResult(
            handins.OrderBy(h => h.Student, StringComparer.Ordinal).ToArray(),
            problems.OrderBy(p => p.Path, StringComparer.Ordinal).ToArray());

        void Add(Candidate candidate)
        {
            var reason = StudentName.Problem(candidate.Student);
            if (reason is null)
            {
                candidates.Add(candidate);
            }
            else
            {
                problems.Add(new InputProblem(
                    candidate.Path,
                    null,
                    $"'{Shown(candidate.Display)}' was not graded: its student name '{Shown(candidate.Student)}' {reason}, which is not safe as a folder name; rename it.",
                    Skipped: true));
            }
        }
    }

    /// <summary>
    /// The written report of a folder hand-in: its top <c>Report/</c>; for a student repository the repository's
    /// <c>Report/</c> (beside <c>Handin/</c>), else one inside <c>Handin/</c>. Null when there is none.
    /// </summary>
    private static DiscoveredReport? Report(Candidate candidate, DiscoveryLimits limits)
    {
        try
        {
            return FindReport(candidate, limits);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DiscoveredReport([], [$"'{DiscoveredReport.Shown(candidate.Display)}Report/' could not be read (the grader failed on it: {e.GetType().Name}); the report was not read."]);
        }
    }

    private static DiscoveredReport? FindReport(Candidate candidate, DiscoveryLimits limits)
    {
        foreach (var (folder, display) in candidate.Read is null
            ? [(candidate.Path, candidate.Display)]
            : new[] { (candidate.Path, candidate.Student + "/"), (candidate.Read, candidate.Display) })
        {
            if (FolderHandin.ReportFolder(folder) is { } found)
            {
                return DiscoveredReport.FromFolder(found, $"{display}{Path.GetFileName(found)}/", limits);
            }
        }

        return null;
    }

    private static string RequireFolder(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new DiscoveryException("No folder of hand-ins was given.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (File.Exists(full))
        {
            throw new DiscoveryException(
                $"'{full}' is a file; the hand-ins are a folder with one subfolder or .zip per student.");
        }

        if (!Directory.Exists(full))
        {
            throw new DiscoveryException($"The folder of hand-ins '{full}' does not exist.");
        }

        return full;
    }

    private static FileSystemInfo[] List(string root)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(root)
                .EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
                .Where(e => !RawHandin.IsHidden(e.Name) && !(e is FileInfo && e.Name == AssignmentFile.FileName))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiscoveryException($"The folder of hand-ins '{root}' can't be read: {e.Message}", e);
        }

        if (entries.Length == 0)
        {
            throw new DiscoveryException(
                $"The folder of hand-ins '{root}' is empty; it should hold one subfolder or .zip of .cs files per student (hidden entries are ignored).");
        }

        return entries;
    }

    /// <summary>A file that is a student's work in the wrong shape (an archive that is not a zip, a loose C# file): refused, with a zero row.</summary>
    private static bool MayBeAHandin(string name) =>
        ArchiveSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)) || RawHandin.IsCSharp(name);

    /// <summary>
    /// True when the folder holds a file at any depth (links not followed, unreadable folders skipped). A folder with
    /// files but no C# file is a student's work in the wrong shape (a PDF, a zip inside), refused with what it holds.
    /// </summary>
    private static bool HoldsAFile(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.ReparsePoint,
            }).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // unreadable: let reading it say why
        }
    }

    private static string NotAHandin(string name)
    {
        var advice = ArchiveSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase))
            ? "unpack it into a folder named after the student (or repack it as .zip) and run again"
            : "put it into a folder named after the student and run again";
        return $"'{Shown(name)}' is neither a hand-in folder nor a .zip; {advice}.";
    }

    private static string Shown(string name) => StudentName.Escape(name, keepPathSeparators: true);

    private static string Duplicates(Candidate[] same)
    {
        var count = same.Length == 2 ? "Two" : same.Length.ToString(CultureInfo.InvariantCulture);
        var paths = string.Join(" and ", same.Select(c => $"'{Shown(c.Display)}'"));
        var caseOnly = same.Select(c => c.Student.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Count() > 1 ? " (the names differ only in how Unicode composes their letters, or in case)"
            : same.Select(c => c.Student).Distinct(StringComparer.Ordinal).Count() > 1 ? " (the names differ only in case)" : "";
        var none = same.Length == 2 ? "neither was graded" : "none was graded";
        return $"{count} hand-ins for the student '{Shown(same[0].Student)}': {paths}{caseOnly}; {none}. Keep the one that counts and run again.";
    }


    /// <param name="Path">The folder or zip as the tutor has it (a student repository's folder).</param>
    /// <param name="Display">How messages name it: "alice/", "alice.zip", "alice/Handin/".</param>
    private sealed record Candidate(string Student, string Path, string Display, bool IsZip)
    {
        /// <summary>The folder to read when it is not <see cref="Path"/> (a student repository's <c>Handin/</c>).</summary>
        public string? Read { get; init; }
    }
}
