using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Grader.Semester;

/// <summary>
/// A copy of the semester gradebook that can be trusted, taken while <c>grader serve</c> writes (issue 81, item 4):
/// SQLite's online backup (<c>sqlite3_backup</c>, all pages in one step under one read transaction, so the copy is the
/// database as one commit left it, never a torn file as a plain file copy during a write can be), integrity-checked,
/// and put in place by a rename that never replaces an existing file. A restore checks the backup the same way, keeps
/// the gradebook it replaces beside it (nothing lost), and copies the backup INTO the gradebook with the same online
/// backup, so a connection still open on the file sees the restored state at its next transaction, not a file
/// swapped under it.
/// </summary>
public static class GradebookBackup
{
    /// <summary>What a backup or a restore copied: the schema version and the rows that matter to a course.</summary>
    public sealed record Contents(int SchemaVersion, long Runs, long ManualScores, long AuditEntries, long Comments, long RegradeRequests)
    {
        /// <summary>One line for the operator, e.g. "schema 11: 3 recorded run(s), 54 manual score(s), 120 audit entries, …".</summary>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"schema {SchemaVersion}: {Runs} recorded run(s), {ManualScores} manual score(s), {AuditEntries} audit entries, {Comments} line comment(s), {RegradeRequests} regrade request(s)");
    }

    /// <summary>
    /// Backs up the gradebook at <paramref name="gradebook"/> into the new file <paramref name="output"/> and returns what
    /// it holds. Refused with a <see cref="CourseFileException"/> (nothing written) when the gradebook does not exist or is
    /// not one, when <paramref name="output"/> exists (a backup never replaces a file) or is the gradebook itself, or when
    /// the copy fails its integrity check.
    /// </summary>
    public static Contents Backup(string gradebook, string output)
    {
        static string folderOf(string path) => Path.GetDirectoryName(path)!;
        var source = Path.GetFullPath(gradebook);
        var target = Path.GetFullPath(output);
        if (!File.Exists(source))
            throw new CourseFileException($"There is no semester gradebook at '{source}' to back up (nothing has been recorded or scored yet, or the course file names another gradebook).");
        if (string.Equals(source, target, StringComparison.Ordinal))
            throw new CourseFileException($"--out '{target}' is the gradebook itself; name a new file.");
        if (Directory.Exists(target))
            throw new CourseFileException($"--out '{target}' is a folder; name a new file, e.g. '{Path.Combine(target, DefaultName(DateTimeOffset.UtcNow))}'.");
        if (File.Exists(target))
            throw new CourseFileException($"--out '{target}' exists; a backup never replaces a file. Name a new one, e.g. '{Path.GetFileName(NewIn(folderOf(target), DateTimeOffset.UtcNow))}', or give a folder.");

        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var from = OpenReadOnly(source, "gradebook"))
            {
                RequireGradebook(from, source);
                using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
                to.Open();
                Copy(from, to);
            }

            Contents contents;
            using (var copy = OpenReadOnly(partial, "backup"))
            {
                RequireIntact(copy, partial, "The backup");
                contents = Count(copy);
            }

            // File.Move without overwrite: an --out that appeared meanwhile is refused, never replaced.
            try
            {
                File.Move(partial, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                throw new CourseFileException($"--out '{target}' appeared while the backup was taken; a backup never replaces a file. Nothing was written.");
            }

            return contents;
        }
        catch (SqliteException e)
        {
            throw new CourseFileException($"The gradebook '{source}' could not be backed up: {e.Message}");
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>
    /// Restores the backup <paramref name="backup"/> into the gradebook at <paramref name="gradebook"/> and returns what
    /// it holds and where the replaced gradebook was kept (null when there was none). The backup is checked first (an
    /// intact Grader gradebook of a schema this grader knows); the current gradebook, if any, is first backed up to
    /// <c>&lt;gradebook&gt;.before-restore-&lt;UTC time&gt;</c> (byte for byte when it is itself damaged). Refused with a <see cref="CourseFileException"/>, with the
    /// gradebook unchanged, when the backup is missing, damaged, not a gradebook, or newer than this grader.
    /// </summary>
    public static (Contents Restored, string? KeptAs) Restore(string backup, string gradebook, DateTimeOffset now)
    {
        var source = Path.GetFullPath(backup);
        var target = Path.GetFullPath(gradebook);
        if (!File.Exists(source))
            throw new CourseFileException($"--from '{source}' does not exist.");
        if (string.Equals(source, target, StringComparison.Ordinal))
            throw new CourseFileException($"--from '{source}' is the course's gradebook itself; name a backup file.");
        try
        {
            Contents contents;
            using (var from = OpenReadOnly(source, "backup"))
            {
                RequireGradebook(from, source);
                RequireIntact(from, source, "The backup");
                contents = Count(from);
            }

            string? kept = null;
            var damaged = false;
            if (File.Exists(target))
            {
                kept = $"{target}.before-restore-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
                for (var n = 2; File.Exists(kept); n++) kept = $"{target}.before-restore-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{n}";
                try
                {
                    Backup(target, kept);
                }
                catch (CourseFileException)
                {
                    // The gradebook being replaced is damaged (often why one restores): kept byte for byte instead.
                    File.Copy(target, kept, overwrite: false);
                    damaged = true;
                }
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            }

            if (damaged)
            {
                // SQLite cannot write a backup into a file it cannot read: the damaged one (kept above) goes, with its journal.
                File.Delete(target);
                if (File.Exists(target + "-journal")) File.Move(target + "-journal", kept + "-journal");
            }

            using (var from = OpenReadOnly(source, "backup"))
            using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
            {
                to.Open();
                using (var busy = to.CreateCommand())
                {
                    busy.CommandText = "PRAGMA busy_timeout = 30000;";
                    busy.ExecuteNonQuery();
                }

                Copy(from, to);
                RequireIntact(to, target, "The restored gradebook");
            }

            return (contents, kept);
        }
        catch (SqliteException e)
        {
            throw new CourseFileException($"'{source}' could not be restored into '{target}': {e.Message}");
        }
    }

    /// <summary>
    /// A new backup file in <paramref name="folder"/> for <paramref name="now"/>: <see cref="DefaultName"/>, or with
    /// "-2", "-3", … before its extension where that name is taken (two backups in one second, from a timer and by hand).
    /// </summary>
    public static string NewIn(string folder, DateTimeOffset now)
    {
        var name = DefaultName(now);
        var path = Path.Combine(folder, name);
        for (var n = 2; File.Exists(path) || Directory.Exists(path); n++)
            path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}");
        return path;
    }

    /// <summary>A backup's file name for <paramref name="now"/>: <c>gradebook-20261128T201500Z.sqlite</c>.</summary>
    public static string DefaultName(DateTimeOffset now) =>
        $"gradebook-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.sqlite";

    /// <summary>
    /// SQLite's online backup of <paramref name="from"/> into <paramref name="to"/>, all pages in one step. A writer that
    /// holds the file at that moment makes the step busy (after the connections' busy handlers gave up, 30 s); the step
    /// is then tried again, up to <see cref="BusyAttempts"/> times, before the failure is reported.
    /// </summary>
    private static void Copy(SqliteConnection from, SqliteConnection to)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                from.BackupDatabase(to);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < BusyAttempts) // SQLITE_BUSY, SQLITE_LOCKED
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }

    /// <summary>How often a busy backup step is tried.</summary>
    private const int BusyAttempts = 10;

    private static SqliteConnection OpenReadOnly(string path, string what)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var busy = connection.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout = 30000;";
            busy.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new CourseFileException($"The {what} '{path}' could not be opened: {e.Message}");
        }
    }

    /// <summary>Refuses a file that is not a Grader gradebook (SQLite's own "file is not a database", or no schema version and no runs table) or one newer than this grader.</summary>
    private static void RequireGradebook(SqliteConnection connection, string path)
    {
        int version;
        bool runs;
        try
        {
            version = GradebookSchema.Version(connection);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'manual_scores', 'students');";
            runs = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 3;
        }
        catch (SqliteException e)
        {
            throw new CourseFileException($"'{path}' is not a semester gradebook: {e.Message}");
        }

        if (version < 1 || !runs)
            throw new CourseFileException($"'{path}' is not a semester gradebook (no Grader schema in it).");
        if (version > GradebookSchema.Current)
            throw new CourseFileException($"'{path}' has schema version {version}, newer than this grader's {GradebookSchema.Current}; use a newer grader.");
    }

    private static void RequireIntact(SqliteConnection connection, string path, string what)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var problems = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) problems.Add(reader.GetString(0));
        if (problems is not ["ok"])
            throw new CourseFileException($"{what} '{path}' fails SQLite's integrity check: {string.Join("; ", problems.Take(5))}.");
    }

    private static Contents Count(SqliteConnection connection)
    {
        long Rows(string table)
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $t;";
            exists.Parameters.AddWithValue("$t", table);
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return 0;
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\";";
            return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        // The audit list is one table from schema 10 on (`audit`), three before it.
        var audit = Rows("audit") + Rows("manual_score_audit") + Rows("serve_audit") + Rows("name_reveals");
        return new Contents(GradebookSchema.Version(connection), Rows("runs"), Rows("manual_scores"), audit, Rows("inline_comments"), Rows("regrade_requests"));
    }
}
