using Grader.Checks.Handins;
using Grader.Cli.Compile;
using Grader.Cli.Discovery;

namespace Grader.Cli.Grading;

/// <summary>
/// Compiles a run's hand-ins ahead of their grading, in the order they are graded: when a hand-in's grading starts, the
/// compilations of the next <see cref="Depth"/> hand-ins are queued in the compile box too, so a hand-in seldom waits
/// for its compile, and the compile server works while the graders and the hosts wait for each other (a host's start,
/// a call's answer). Compiling runs no hand-in code; only the hand-ins the run grades are compiled, each once.
/// </summary>
public sealed class CompileAhead
{
    private readonly CompileBox _box;
    private readonly IReadOnlyList<Type> _contracts;
    private readonly IReadOnlyList<DiscoveredHandin> _order;
    private readonly Dictionary<DiscoveredHandin, int> _position;
    private readonly Task<EmittedHandin>?[] _compiles;
    private readonly CancellationToken _cancellationToken;

    /// <param name="box">The compile box every hand-in is compiled in.</param>
    /// <param name="contracts">The contracts hand-ins are compiled against.</param>
    /// <param name="order">The hand-ins, in the order their grading starts.</param>
    /// <param name="depth">How many hand-ins beyond the one being taken are queued.</param>
    /// <param name="cancellationToken">Stops the compilations not yet done.</param>
    public CompileAhead(CompileBox box, IEnumerable<Type> contracts, IReadOnlyList<DiscoveredHandin> order, int depth, CancellationToken cancellationToken)
    {
        _box = box ?? throw new ArgumentNullException(nameof(box));
        _contracts = (contracts ?? throw new ArgumentNullException(nameof(contracts))).ToArray();
        _order = order ?? throw new ArgumentNullException(nameof(order));
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        Depth = depth;
        _position = order.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
        _compiles = new Task<EmittedHandin>?[order.Count];
        _cancellationToken = cancellationToken;
    }

    /// <summary>How many hand-ins beyond the one being taken are queued.</summary>
    public int Depth { get; }

    /// <summary>How many compilations have been started so far.</summary>
    public int Started
    {
        get
        {
            lock (_compiles)
            {
                return _compiles.Count(c => c is not null);
            }
        }
    }

    /// <summary><paramref name="handin"/>'s compilation (started now if it was not yet), and the next ones queued.</summary>
    /// <exception cref="ArgumentException"><paramref name="handin"/> is not one of this run's.</exception>
    public Task<EmittedHandin> Take(DiscoveredHandin handin)
    {
        if (!_position.TryGetValue(handin, out int at))
        {
            throw new ArgumentException($"{handin.Student} is not one of the hand-ins this run compiles", nameof(handin));
        }

        lock (_compiles)
        {
            for (int i = at; i < Math.Min(_order.Count, at + Depth + 1); i++)
            {
                _compiles[i] ??= _box.EmitAsync(_order[i].Source, _contracts, _cancellationToken);
            }

            return _compiles[at]!;
        }
    }
}
