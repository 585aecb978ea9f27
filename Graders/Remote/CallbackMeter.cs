namespace Grader.Remote;

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

            return _calls > Budget.Calls
                ? Refuse($"the hand-in called the grader's callbacks more than {CallbackBudget.Count(Budget.Calls)} times (the last to {name}); this check needs far fewer")
                : null;
        }
    }

    /// <summary>Records <paramref name="reason"/> as a refusal the channel made (a call on an object of an earlier check): the check fails with the first refusal, and every later callback is refused.</summary>
    internal string Record(string reason) => Refuse(reason ?? throw new ArgumentNullException(nameof(reason)));

    private string Refuse(string reason)
    {
        lock (_gate)
        {
            return _refusal ??= reason;
        }
    }
}
