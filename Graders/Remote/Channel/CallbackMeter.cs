using System.Globalization;

namespace Grader.Remote.Channel;

/// <summary>
/// One check's account of the callbacks a hand-in made into the grader, against its <see cref="CallbackBudget"/>, and
/// the check's cancellation. The first call past the budget is refused, and so is every later one of the check
/// (<see cref="Refusal"/> says why, for the check's verdict); once <see cref="Cancellation"/> is cancelled (its host
/// was stopped) no callback runs and no new call leaves for the hand-in. Thread-safe.
/// </summary>
public sealed class CallbackMeter(CallbackBudget budget, CancellationToken cancellation)
{
    private readonly object _gate = new();
    private long _calls;
    private long _elements;
    private long _largest;
    private long _cpuTicks;
    private string? _refusal;

    public CallbackBudget Budget { get; } = budget ?? throw new ArgumentNullException(nameof(budget));

    /// <summary>Cancelled when the check must end (its host was stopped): its callbacks observe it.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Callbacks run so far.</summary>
    public long Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    /// <summary>Elements asked for so far.</summary>
    public long Elements
    {
        get
        {
            lock (_gate)
            {
                return _elements;
            }
        }
    }

    /// <summary>The most elements one call asked for.</summary>
    public long LargestCall
    {
        get
        {
            lock (_gate)
            {
                return _largest;
            }
        }
    }

    /// <summary>Processor time the grader spent running this check's callbacks so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_cpuTicks);
            }
        }
    }

    /// <summary>Why a callback was refused (the first reason); null while none was.</summary>
    public string? Refusal
    {
        get
        {
            lock (_gate)
            {
                return _refusal;
            }
        }
    }

    /// <summary>Counts a call of <paramref name="name"/> asking for <paramref name="elements"/>; the reason it is refused, or null when it may run.</summary>
    public string? Admit(string name, Func<long> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        long asked;
        try
        {
            asked = elements();
        }
        catch (Exception e) when (e is Values.WireValueException or OverflowException)
        {
            return Refuse($"the hand-in called the grader's {name} with {e.Message}");
        }

        lock (_gate)
        {
            if (_refusal is not null)
            {
                return _refusal;
            }

            _calls++;
            _largest = Math.Max(_largest, asked);
            if (asked > Budget.ElementsPerCall)
            {
                return Refuse($"the hand-in asked the grader's {name} for {CallbackBudget.Count(asked)} elements in one call; this check allows {CallbackBudget.Count(Budget.ElementsPerCall)}");
            }

            _elements += asked;
            if (_elements > Budget.Elements)
            {
                return Refuse($"the hand-in asked the grader's callbacks for more than {CallbackBudget.Count(Budget.Elements)} elements in all (in {CallbackBudget.Count(_calls)} calls, the last to {name}); this check needs far fewer");
            }

            if (Budget.Cpu is { } cpu && _cpuTicks > cpu.Ticks)
            {
                return Refuse(string.Create(CultureInfo.InvariantCulture,
                    $"the hand-in's calls of the grader's callbacks took {TimeSpan.FromTicks(_cpuTicks).TotalSeconds:0.0} s of the grader's processor time (in {CallbackBudget.Count(_calls - 1)} calls, the next to {name}); this check allows {cpu.TotalSeconds:0.#} s"));
            }

            return _calls > Budget.Calls
                ? Refuse($"the hand-in called the grader's callbacks more than {CallbackBudget.Count(Budget.Calls)} times (the last to {name}); this check needs far fewer")
                : null;
        }
    }

    /// <summary>The calling thread's processor time now, to pass to <see cref="Spent"/> when the callback it runs has answered.</summary>
    internal static TimeSpan ThreadCpu()
    {
        if (OperatingSystem.IsLinux() && ClockGettime(ClockThreadCputimeId, out var now) == 0)
        {
            return TimeSpan.FromTicks((now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100));
        }

        // Elsewhere: wall time, which counts what a loaded machine adds.
        return TimeSpan.FromTicks(System.Diagnostics.Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency);
    }

    /// <summary>Counts the processor time a callback took since <paramref name="started"/> (<see cref="ThreadCpu"/> before it ran).</summary>
    internal void Spent(TimeSpan started)
    {
        var spent = ThreadCpu() - started;
        lock (_gate)
        {
            _cpuTicks += Math.Max(0, spent.Ticks);
        }
    }

    /// <summary>Records <paramref name="reason"/> as a refusal the channel made (a call on an object of an earlier check): the check fails with the first refusal, and every later callback is refused.</summary>
    internal string Record(string reason) => Refuse(reason ?? throw new ArgumentNullException(nameof(reason)));

    private const int ClockThreadCputimeId = 3;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGettime(int clock, out Timespec time);

    private string Refuse(string reason)
    {
        lock (_gate)
        {
            return _refusal ??= reason;
        }
    }
}
