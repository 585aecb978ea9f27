namespace Grader.Web;

/// <summary>
/// One background writer per sheet of the sheet's latest run's files (each student's feedback, results.json, the
/// gradebooks, <c>gradebook-lms.csv</c>) after a score: a score returns once it is recorded, and the requests that
/// arrive while a write runs are coalesced into one more write of the latest state (the union of their students; all of
/// them once any request named none, or once a write failed). <see cref="State"/> says whether a write is pending or
/// what the last one's problem was (the pages show it); <see cref="Written"/> completes once every request made so far is
/// written; <see cref="Dispose"/> waits for them (nothing is lost when the app stops).
/// </summary>
public sealed class RunFilesWriter : IDisposable
{
    private readonly Func<string, IReadOnlyCollection<string>?, string?> _write;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Sheet> _sheets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>
    /// A writer that calls <paramref name="write"/> (a sheet, its students or null for all; null when written, else why
    /// not) on a background thread, a sheet's next write starting no sooner than <paramref name="spacing"/> after its
    /// previous one ended (by <paramref name="clock"/>, the system's by default).
    /// </summary>
    public RunFilesWriter(Func<string, IReadOnlyCollection<string>?, string?> write, TimeSpan spacing = default, TimeProvider? clock = null)
    {
        _write = write ?? throw new ArgumentNullException(nameof(write));
        ArgumentOutOfRangeException.ThrowIfLessThan(spacing, TimeSpan.Zero);
        Spacing = spacing;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// The least time between the end of a sheet's write and the start of its next (the requests in between wait and
    /// are coalesced into that one write): the writer keeps no core busy while scores keep coming. Stopping ends the
    /// wait at once. Zero: the next write starts as soon as the last ended.
    /// </summary>
    public TimeSpan Spacing { get; set; }

    /// <summary>How many writes ran so far (every sheet's): what a test reads to see a burst coalesced.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    private long _writes;

    /// <summary>
    /// Asks for the sheet's run files to be written again with <paramref name="students"/>' own files (null: every
    /// student's); returns the write that will carry this request's state (its problem, or null), without waiting for it.
    /// </summary>
    public Task<string?> Request(string sheet, IReadOnlyCollection<string>? students = null)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sheets.TryGetValue(sheet, out var state))
            {
                _sheets[sheet] = state = new Sheet();
            }

            state.Queued = true;
            if (students is null || state.All)
            {
                state.All = true;
                state.Students.Clear();
            }
            else
            {
                state.Students.UnionWith(students);
            }

            var done = state.Next.Task;
            if (state.Loop is null)
            {
                state.Loop = Task.Run(() => Loop(sheet, state));
            }

            return done;
        }
    }

    /// <summary>Whether the sheet's files are being written (or wait to be), and the last write's problem (null: it was written).</summary>
    public (bool Writing, string? Problem) State(string sheet)
    {
        lock (_lock)
        {
            return _sheets.TryGetValue(sheet, out var state) ? (state.Queued || state.Current is not null, state.Problem) : (false, null);
        }
    }

    /// <summary>Completes once every request made so far (of <paramref name="sheet"/>, or of every sheet) is written.</summary>
    public Task Written(string? sheet = null)
    {
        lock (_lock)
        {
            return Task.WhenAll(_sheets.Where(s => sheet is null || s.Key == sheet).Select(s => s.Value)
                .Select(s => s.Queued ? s.Next.Task : s.Current?.Task ?? Task.FromResult<string?>(null)));
        }
    }

    /// <summary>Notes that the sheet's files were written in full outside this writer (the sheet page's button): its last problem is gone.</summary>
    public void WrittenInFull(string sheet)
    {
        lock (_lock)
        {
            if (_sheets.TryGetValue(sheet, out var state) && !state.Queued && state.Current is null)
            {
                state.Problem = null;
            }
        }
    }

    private async Task Loop(string sheet, Sheet state)
    {
        while (true)
        {
            lock (_lock)
            {
                if (!state.Queued)
                {
                    state.Loop = null;
                    return;
                }
            }

            // Spaced: the next write waits until Spacing after the last one ended (the requests meanwhile join it);
            // stopping (Dispose) ends the wait, so the last score is written before the app stops.
            var due = state.Ended is { } ended ? ended + Spacing - _clock.GetUtcNow() : TimeSpan.Zero;
            if (due > TimeSpan.Zero && !_stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(due, _clock, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: write now.
                }
            }

            IReadOnlyCollection<string>? students;
            TaskCompletionSource<string?> done;
            lock (_lock)
            {
                // After a failed write every student's files are written again: the failed one's may be stale.
                students = state.All || state.Problem is not null ? null : state.Students.ToArray();
                state.Students.Clear();
                state.All = false;
                state.Queued = false;
                done = state.Current = state.Next;
                state.Next = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            string? problem;
            try
            {
                problem = _write(sheet, students);
            }
#pragma warning disable CA1031 // The writer runs beside the app: whatever stops a write is reported on the pages, never lost with the thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                problem = e.Message;
            }

            Interlocked.Increment(ref _writes);
            lock (_lock)
            {
                state.Problem = problem;
                state.Current = null;
                state.Ended = _clock.GetUtcNow();
            }

            done.SetResult(problem);
        }
    }

    /// <summary>Waits until every request made is written; later requests are refused.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Cancel();
        Written().GetAwaiter().GetResult();
        _stopping.Dispose();
    }

    private sealed class Sheet
    {
        public HashSet<string> Students { get; } = new(StringComparer.Ordinal);

        public bool All { get; set; }

        public bool Queued { get; set; }

        public Task? Loop { get; set; }

        public TaskCompletionSource<string?>? Current { get; set; }

        public TaskCompletionSource<string?> Next { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Problem { get; set; }

        /// <summary>When the last write ended (null: none yet).</summary>
        public DateTimeOffset? Ended { get; set; }
    }
}
