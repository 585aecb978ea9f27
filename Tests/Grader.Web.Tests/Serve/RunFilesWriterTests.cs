using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The background writer of a sheet's run files (<see cref="RunFilesWriter"/>): a burst of requests while a write runs
/// is one more write of their union, a failure is reported and the next write is every student's, stopping waits for
/// what was asked (in the app, after a burst of scores the files carry the last one: <see cref="StudentSideTests"/>).
/// Every wait is on the writer's own completion (a write the test holds is released by the test), never a sleep.
/// </summary>
[TestFixture]
public sealed class RunFilesWriterTests
{
    /// <summary>Generous hang guard for a wait on the writer.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [Test]
    public async Task A_burst_of_requests_while_a_write_runs_is_one_more_write_of_their_students()
    {
        using var hold = new SemaphoreSlim(0);
        using var started = new SemaphoreSlim(0);
        var writes = new List<string[]?>();
        using var writer = new RunFilesWriter((sheet, students) =>
        {
            lock (writes)
            {
                writes.Add(students?.Order(StringComparer.Ordinal).ToArray());
            }

            started.Release();
            hold.Wait(Guard).Should().BeTrue("the test releases every write it holds");
            return null;
        });

        writer.State("000").Should().Be((false, (string?)null), "nothing asked yet");
        var first = writer.Request("000", ["alice"]);
        (await started.WaitAsync(Guard)).Should().BeTrue();
        var burst = new[] { "bob", "carol", "bob", "dave" }.Select(s => writer.Request("000", [s])).ToArray();
        writer.State("000").Writing.Should().BeTrue("a write runs and another waits");
        ServePages.Files(writer.State("000")).Should().Contain("id=\"files\"").And.Contain("are being written", "the pages say so");
        burst.Should().OnlyContain(t => !t.IsCompleted, "the burst waits for the write after the running one");

        hold.Release(2);
        (await first.WaitAsync(Guard)).Should().BeNull();
        await writer.Written().WaitAsync(Guard);
        burst.Should().OnlyContain(t => t.IsCompletedSuccessfully);
        writes.Should().BeEquivalentTo(new[] { new[] { "alice" }, ["bob", "carol", "dave"] }, o => o.WithStrictOrdering(), "one write for the running request, one for the whole burst");
        writer.State("000").Should().Be((false, (string?)null), "written: the files are current");
    }

    [Test]
    public async Task A_failed_write_is_reported_and_the_next_one_writes_every_students_files()
    {
        var writes = new List<string[]?>();
        var fail = true;
        using var writer = new RunFilesWriter((sheet, students) =>
        {
            writes.Add(students?.ToArray());
            if (fail)
            {
                throw new IOException("the disk is full");
            }

            return null;
        });

        (await writer.Request("000", ["alice"]).WaitAsync(Guard)).Should().Be("the disk is full");
        writer.State("000").Should().Be((false, "the disk is full"), "the failure stays on the pages until a write succeeds");
        ServePages.Files(writer.State("000")).Should().Contain("could not be written again").And.Contain("the disk is full");

        fail = false;
        (await writer.Request("000", ["bob"]).WaitAsync(Guard)).Should().BeNull();
        writes.Should().HaveCount(2);
        writes[1].Should().BeNull("alice's files may be stale after the failure: every student's are written");
        writer.State("000").Should().Be((false, (string?)null));
        ServePages.Files(writer.State("000")).Should().BeEmpty();
    }

    [Test]
    public async Task Stopping_waits_for_the_write_asked_for_and_refuses_later_requests()
    {
        using var hold = new SemaphoreSlim(0);
        using var started = new SemaphoreSlim(0);
        var written = 0;
        var writer = new RunFilesWriter((_, _) =>
        {
            started.Release();
            hold.Wait(Guard).Should().BeTrue();
            Interlocked.Increment(ref written);
            return null;
        });

        _ = writer.Request("000", ["alice"]);
        (await started.WaitAsync(Guard)).Should().BeTrue();
        _ = writer.Request("001");
        var stopping = Task.Run(writer.Dispose);
        hold.Release(2);
        await stopping.WaitAsync(Guard);
        written.Should().Be(2, "both sheets' requests were written before the writer stopped");
        Action late = () => _ = writer.Request("000");
        late.Should().Throw<ObjectDisposedException>();
    }

    [Test]
    public async Task The_next_write_waits_for_the_spacing_the_requests_meanwhile_are_one_write_and_stopping_ends_the_wait()
    {
        var clock = new ManualClock();
        var writes = new List<string[]?>();
        var writer = new RunFilesWriter((_, students) =>
        {
            lock (writes)
            {
                writes.Add(students?.Order(StringComparer.Ordinal).ToArray());
            }

            return null;
        }, TimeSpan.FromSeconds(1), clock);

        (await writer.Request("000", ["alice"]).WaitAsync(Guard)).Should().BeNull("the first write starts at once: none ended before it");
        var burst = new[] { "bob", "carol", "bob", "dave" }.Select(s => writer.Request("000", [s])).ToArray();
        SpinWait.SpinUntil(() => clock.Waiting == 1, Guard).Should().BeTrue("the next write waits on the clock for the spacing");
        writer.State("000").Writing.Should().BeTrue("the pages say a write waits");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        burst.Should().OnlyContain(t => !t.IsCompleted, "a second after the last write ended, not sooner");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await Task.WhenAll(burst).WaitAsync(Guard)).Should().OnlyContain(p => p == null);
        writes.Should().BeEquivalentTo(new[] { new[] { "alice" }, ["bob", "carol", "dave"] }, o => o.WithStrictOrdering(), "the requests during the spacing are one write");
        writer.Writes.Should().Be(2);

        // Stopping does not wait for the spacing: the last request is written at once (no clock advanced).
        var last = writer.Request("000", ["erin"]);
        SpinWait.SpinUntil(() => clock.Waiting == 1, Guard).Should().BeTrue();
        await Task.Run(writer.Dispose).WaitAsync(Guard);
        last.IsCompletedSuccessfully.Should().BeTrue("the request waiting for the spacing was written before the writer stopped");
        writes.Last().Should().Equal("erin");
        writer.Writes.Should().Be(3);
    }

    /// <summary>A clock that moves only when told, with the timers <see cref="Task.Delay(TimeSpan, TimeProvider)"/> makes.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly Lock _lock = new();
        private readonly List<Timer> _timers = [];
        private DateTimeOffset _now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

        /// <summary>How many timers wait to fire.</summary>
        public int Waiting
        {
            get
            {
                lock (_lock)
                {
                    return _timers.Count(t => t.Due is not null);
                }
            }
        }

        public override DateTimeOffset GetUtcNow()
        {
            lock (_lock)
            {
                return _now;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>Moves the clock on and fires the timers that are due.</summary>
        public void Advance(TimeSpan by)
        {
            Timer[] due;
            lock (_lock)
            {
                _now += by;
                due = _timers.Where(t => t.Due <= _now).ToArray();
                foreach (var timer in due)
                {
                    timer.Due = null;
                }
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }
        }

        private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
        {
            public DateTimeOffset? Due { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (clock._lock)
                {
                    Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                    if (!clock._timers.Contains(this))
                    {
                        clock._timers.Add(this);
                    }
                }

                return true;
            }

            public void Fire() => callback(state);

            public void Dispose()
            {
                lock (clock._lock)
                {
                    clock._timers.Remove(this);
                }
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
