using Grader.Remote.Channel;
using Grader.Remote.Handins;
using Grader.Remote.Values;
using Grader.Tensors;

namespace Grader.Runner.Host;

/// <summary>
/// The grader's side of one host process (<c>grader-host</c>) holding one hand-in: it starts the process, sends the
/// compiled hand-in (and the contract assemblies of its <see cref="ContractSet"/> beyond Grader.Contracts), keeps what
/// it says about the contracts' bindings, and hands out the hand-in's objects as <see cref="RemoteProxy"/> stand-ins
/// (<see cref="Resolve"/>). It reads the host's stderr (the hand-in's prints) into a capped log tail and counts its
/// bytes. Each check runs under a <see cref="CallbackMeter"/> (<see cref="BeginCheck"/>, which also releases the grader's
/// objects handed over for earlier checks: <see cref="RemoteChannel.ReleaseExports"/>) whose cancellation
/// <see cref="Kill"/> cancels; <see cref="Kill"/> ends the host at once (a watchdog's time limit), and every call in
/// progress or to come then throws <see cref="RemoteHostException"/>. Calls that used up a limit before
/// (<see cref="Refuse"/>) are not sent again: a check that makes one is stopped there (<see cref="Stopped"/>).
/// </summary>
public sealed class HostSession : IDisposable
{
    private const int LogTailChars = 16 * 1024;

    private readonly WorkerProcess _process;
    private readonly RemoteChannel _channel;
    private readonly Task _stderr;
    private readonly StringBuilder _log = new();
    private readonly Dictionary<Type, ContractBinding> _bindings = [];
    private long _stderrBytes;
    private long _lastCpuTicks = -1;
    private WorkerEnd? _killedFor;
    private IReadOnlyList<ExhaustedCall> _refused = [];
    private string? _stopped;

    private CancellationTokenSource _check = new();

    private HostSession(WorkerProcess process, ContractSet contracts)
    {
        _process = process;
        _channel = new RemoteChannel(new BufferedStream(process.Process.StandardOutput.BaseStream, 1 << 16), process.Process.StandardInput.BaseStream,
            e => e.Data[RemoteKeys.Location] as string, contracts);
        _stderr = Task.Factory.StartNew(PumpStderr, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The channel to the host.</summary>
    public RemoteChannel Channel => _channel;

    /// <summary>Why the grader killed the host; null when it did not.</summary>
    public WorkerEnd? KilledFor
    {
        get
        {
            lock (_log)
            {
                return _killedFor;
            }
        }
    }

    /// <summary>True once the host can no longer answer: killed, exited, or the channel broke.</summary>
    public bool IsLost => KilledFor is not null || _channel.Broken is not null || HasExited;

    /// <summary>True once the host process has exited.</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.Process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>What decides the host's floating-point results (<see cref="ArithmeticProfile"/>), as it reported it when the hand-in loaded.</summary>
    public string? Arithmetic { get; private set; }

    /// <summary>The CPU time the host (and any process below it) has used so far (<see cref="HostCpu"/>); null when it cannot be read.</summary>
    public TimeSpan? Cpu
    {
        get
        {
            try
            {
                var cpu = HostCpu.Of(_process.Process.Id);
                if (cpu is { } read)
                {
                    Interlocked.Exchange(ref _lastCpuTicks, read.Ticks);
                }

                return cpu;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The last reading of <see cref="Cpu"/>; null before the first. A host that died is gone from <c>/proc</c> once
    /// reaped, so its CPU is this (the watchdog reads a host with calls in flight every 50 ms).
    /// </summary>
    public TimeSpan? LastCpu => Interlocked.Read(ref _lastCpuTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Bytes the host wrote to stderr.</summary>
    public long StderrBytes => Interlocked.Read(ref _stderrBytes);

    /// <summary>Starts a host with <paramref name="launch"/> under <paramref name="limits"/> (the hand-in is sent by <see cref="Load"/>).</summary>
    /// <param name="contracts">The contracts the hand-in may implement; <see cref="ContractSet.Default"/> when null.</param>
    public static async Task<HostSession> StartAsync(WorkerCommandLine launch, WorkerLimits limits, ContractSet? contracts = null) =>
        new(await WorkerProcess.StartAsync(launch, limits), contracts ?? ContractSet.Default);

    /// <summary>The account of the check now running (<see cref="BeginCheck"/>); null before the first.</summary>
    public CallbackMeter? Meter => _channel.Meter;

    /// <summary>Why the check now running was stopped: it made a call that used up a limit before (<see cref="Refuse"/>); null when it was not.</summary>
    public string? Stopped
    {
        get
        {
            lock (_log)
            {
                return _stopped;
            }
        }
    }

    /// <summary>
    /// From now on a call of one of <paramref name="calls"/>' members is not sent: it throws
    /// <see cref="OperationCanceledException"/> with the call's reason, the check is cancelled (no later call or
    /// callback of it runs) and <see cref="Stopped"/> says why, until the next <see cref="BeginCheck"/>.
    /// </summary>
    public void Refuse(IReadOnlyList<ExhaustedCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        _refused = [.. calls];
        _channel.Screen = _refused.Count == 0 ? null : Screen;
    }

    /// <summary>Starts the account of a new check: its callbacks are counted against <paramref name="budget"/>, and <see cref="Kill"/> cancels it.</summary>
    public CallbackMeter BeginCheck(CallbackBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        lock (_log)
        {
            _stopped = null;
            if (_killedFor is null)
            {
                _check = new CancellationTokenSource();
            }

            var meter = new CallbackMeter(budget, _check.Token);
            // The objects the grader handed over for earlier checks (networks, vector fields, noise sources) are theirs
            // alone: the hand-in may not call them from this check on, and what they recorded is freed.
            _channel.ReleaseExports();
            _channel.Meter = meter;
            return meter;
        }
    }

    /// <summary>Sends the compiled hand-in and reads back its contracts' bindings (no hand-in code runs).</summary>
    public void Load(string name, byte[] image, byte[]? symbols)
    {
        var contracts = _channel.Contracts;
        var extra = contracts.Assemblies.Where(a => a != ContractSet.ContractsAssembly).ToArray();
        var reply = _channel.Request(
            w =>
            {
                w.WriteString(name);
                w.WriteBytes(image);
                w.WriteBytes(symbols);
                w.WriteInt(extra.Length);
                foreach (var assembly in extra)
                {
                    w.WriteString(assembly.GetName().Name);
                    w.WriteBytes(File.ReadAllBytes(assembly.Location));
                }

                var names = contracts.Interfaces.Where(t => t.Assembly != ContractSet.ContractsAssembly).Select(t => t.FullName!).ToArray();
                w.WriteInt(names.Length);
                foreach (var n in names)
                {
                    w.WriteString(n);
                }
            },
            FrameKind.Load,
            r =>
            {
                if (r.Kind != FrameKind.Loaded)
                {
                    throw new RemoteHostException($"a {r.Kind} message came where the hand-in's bindings were due");
                }

                int count = r.ReadCount(6, nullable: false);
                var found = new List<ContractBinding>();
                for (int i = 0; i < count; i++)
                {
                    var contractName = r.ReadRequiredString();
                    bool missing = r.ReadBool();
                    var problem = r.ReadString();
                    if (contracts.Find(contractName) is { } contract)
                    {
                        found.Add(new ContractBinding(contract, null, missing ? HandinInstance.MissingMessage(contract) : problem, missing));
                    }
                }

                var arithmetic = r.ReadRequiredString();
                r.End();
                return (found, arithmetic);
            });
        Arithmetic = reply.arithmetic;
        if (Arithmetic != ArithmeticProfile.Current.ToString())
        {
            Note($"grader: the host computes with {Arithmetic}, the grader with {ArithmeticProfile.Current}: its numbers may differ from an in-process run's in the last bits");
        }

        foreach (var b in reply.found)
        {
            _bindings[b.Contract] = b;
        }
    }

    /// <summary>The hand-in's object for <paramref name="contract"/> as a proxy; null when no class implements it.</summary>
    /// <exception cref="HandinContractException">The contract is implemented but can't be used (its constructor threw: the inner exception).</exception>
    public object? Resolve(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (!_channel.Contracts.Contains(contract))
        {
            throw new NotSupportedException($"{contract.Name} is not one of the contracts this host was given, so the remote hand-in can't provide it");
        }

        return _channel.Resolve(contract, (message, inner) => new HandinContractException(contract, null, message, inner));
    }

    /// <summary>Which class of the hand-in binds <paramref name="contract"/>, as the host reported it; "missing" for a contract it did not report.</summary>
    public ContractBinding Bind(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return _bindings.TryGetValue(contract, out var binding)
            ? binding
            : new ContractBinding(contract, null, HandinInstance.MissingMessage(contract), IsMissing: true);
    }

    /// <summary>Kills the host for <paramref name="reason"/> (the first reason given is kept).</summary>
    public void Kill(WorkerEnd reason)
    {
        lock (_log)
        {
            _killedFor ??= reason;
            _check.Cancel();
        }

        _process.Kill();
    }

    /// <summary>Closes the host's stdin (it exits when it has served everything) and waits for it; kills it when it does not go.</summary>
    /// <returns>The exit code when it exited by itself.</returns>
    public async Task<int?> CloseAsync(TimeSpan wait)
    {
        try
        {
            _process.Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Gone already.
        }

        return await WaitForExitAsync(wait);
    }

    /// <summary>Waits for the host to exit (killing it after <paramref name="wait"/>); its exit code when it exited by itself.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan wait)
    {
        var exited = _process.Process.WaitForExitAsync(CancellationToken.None);
        if (await Task.WhenAny(exited, Task.Delay(wait)) != exited)
        {
            Kill(WorkerEnd.Crashed);
            await exited.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
            return null;
        }

        await _stderr.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        return KilledFor is null ? _process.Process.ExitCode : null;
    }

    /// <summary>Adds a line of the grader's own to the log.</summary>
    public void Note(string line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>The tail of the host's stderr (and the grader's notes).</summary>
    public string LogTail()
    {
        lock (_log)
        {
            return _log.Length <= LogTailChars ? _log.ToString() : "…" + _log.ToString(_log.Length - LogTailChars, LogTailChars);
        }
    }

    public void Dispose()
    {
        if (!HasExited)
        {
            _process.Kill();
        }

        lock (_log)
        {
            _check.Cancel();
        }

        _process.Dispose();
    }

    private Exception? Screen(Type contract, System.Reflection.MethodInfo method)
    {
        var hit = _refused.FirstOrDefault(c => c.Is(contract, method));
        if (hit is null)
        {
            return null;
        }

        lock (_log)
        {
            _stopped ??= hit.Reason;
            _check.Cancel();
        }

        return new OperationCanceledException(hit.Reason);
    }

    private void PumpStderr()
    {
        var reader = _process.Process.StandardError;
        var buffer = new char[8192];
        try
        {
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                Interlocked.Add(ref _stderrBytes, read);
                lock (_log)
                {
                    _log.Append(buffer, 0, read);
                    if (_log.Length > 2 * LogTailChars)
                    {
                        _log.Remove(0, _log.Length - LogTailChars);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone.
        }
    }
}
