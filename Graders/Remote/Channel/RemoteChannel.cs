using System.Diagnostics;
using Grader.Remote.Values;

namespace Grader.Remote.Channel;

/// <summary>
/// One end of the channel between the grader and a remote hand-in's host; the same class on both sides.
/// <list type="bullet">
/// <item><b>Calls.</b> <see cref="Invoke"/> sends a <see cref="FrameKind.Call"/> (handle, interface, method, arguments
/// typed by the method's signature) and reads frames until its answer: a <see cref="FrameKind.Return"/> (the value, then
/// the final state of each <see cref="Generator"/> argument, which is put back into the caller's generator, so the
/// caller's generator advances exactly as in-process) or a <see cref="FrameKind.Throw"/> (a <see cref="RemoteFault"/>,
/// rethrown). A call that arrives meanwhile (the hand-in calling the check's ε-network or noise source) is served
/// right there, on the waiting thread: calls nest, strictly last-in first-out, to <see cref="RemoteProtocol.MaxDepth"/>.</item>
/// <item><b>Grad mode.</b> A call carries one byte more: whether the receiver runs it without recording the
/// engine's graph (<c>torch.no_grad()</c>), which the grader's side asks for only through a proxy made by
/// <see cref="RemoteProxy.InCallersGradMode{T}"/> and only while its calling thread is itself in no_grad, so such a call
/// runs in the host in the grad mode it would have in process. Only the side that <see cref="RunsNoGradCalls"/> (the
/// host's) honours it; the byte set on a call to the other side breaks the channel.</item>
/// <item><b>Values</b> are written and read by the description of their declared type (<see cref="WireType"/>, made once
/// per type by the <see cref="ContractSet"/>): tensors, lists, sets, records and tuples are copies, so neither side can
/// change what the other holds. An interface-typed value crosses as a handle: an object of the sender is exported (it
/// stays where it is, the receiver gets a <see cref="RemoteProxy"/>); a proxy travelling back home is unwrapped to the
/// original. Only interfaces of the set cross, and a call names one, which the target must implement.</item>
/// <item><b>Answers that cannot cross</b> (too large for the caps, a list that throws while it is read) are sent as a
/// <see cref="FrameKind.Throw"/> instead; arguments that cannot cross throw <see cref="WireValueException"/> to the
/// caller before anything is sent. Either way the channel goes on.</item>
/// <item><b>Callbacks</b> (calls the other side makes into this one while it waits) are counted against the
/// <see cref="Meter"/>, when one is set (the grader sets one per check): past its budget, or once the check is
/// cancelled, a callback is refused with an exception to the caller and does not run.</item>
/// <item><b>Objects live as long as their check.</b> <see cref="ReleaseExports"/> (the grader calls it when a check
/// begins) forgets every object this side handed over: a later call on one of them, or its handle sent back, is refused
/// with an exception to the caller and counted as the check's refusal on the <see cref="Meter"/>; the channel goes on.
/// So the other side cannot keep an earlier check's object and call it later, and what such an object holds (a
/// network's record of its calls) is freed with its check.</item>
/// <item><b>Calls in flight.</b> The calls this side made and still waits for are kept innermost last
/// (<see cref="InFlight"/>, readable from any thread: a watchdog reads it when it stops a check), and
/// <see cref="Screen"/> may stop a call before it is sent; <see cref="Thrown"/> hears of each exception a call's answer
/// carries.</item>
/// <item><b>Failures.</b> A broken stream or a frame against the rules (<see cref="RemoteHostException"/>) breaks the
/// channel for good: <see cref="OnBroken"/> runs (the host exits), and every later call throws at once.</item>
/// <item><b>Backward passes.</b> The host's side (<see cref="ReportsBackwardPasses"/>) sends, before each answer, the
/// engine's backward passes on its serving thread since the last report, with their work and the largest pass's
/// (<see cref="FrameKind.BackwardPasses"/>); the
/// grader's side credits them to the thread waiting for the answer, so a check reads a remote call's passes as it reads
/// an in-process one's (<c>HandinCall.Run</c>). The grader's own answers (its callbacks) report none.</item>
/// </list>
/// One thread at a time uses the channel (a gate, re-entrant for the nested calls of the thread holding it).
/// </summary>
public sealed class RemoteChannel : IWireHandles
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Func<Exception, string?> _locate;
    private readonly object _gate = new();
    private readonly FrameWriter _writer = new();
    private readonly FrameReader _reader = new();
    private readonly Dictionary<int, object> _exports = [];
    private readonly Dictionary<object, int> _exportIds = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(int, Type), object> _proxies = [];
    private int _nextExport = 1;
    private int _releasedBelow = 1;
    private int _depth;
    private RemoteHostException? _broken;
    private CallInFlight[] _inFlight = [];
    private long _passesReported;
    private long _workReported;

    /// <param name="input">Frames from the other side.</param>
    /// <param name="output">Frames to the other side.</param>
    /// <param name="locate">Where in the hand-in's code an exception was raised (the host uses the hand-in's PDB; the grader has none).</param>
    /// <param name="contracts">The interfaces that may cross; <see cref="ContractSet.Default"/> when null.</param>
    public RemoteChannel(Stream input, Stream output, Func<Exception, string?>? locate = null, ContractSet? contracts = null)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _locate = locate ?? (_ => null);
        Contracts = contracts ?? ContractSet.Default;
    }

    /// <summary>The interfaces that may cross.</summary>
    public ContractSet Contracts { get; set; }

    /// <summary>Serves <see cref="FrameKind.Resolve"/> (the host side): the hand-in's object for a contract, or null; may throw HandinContractException.</summary>
    public Func<Type, object?>? Resolver { get; init; }

    /// <summary>Runs once when the channel breaks, with the reason (the host exits there, so no later call meets a broken channel).</summary>
    public Action<RemoteHostException>? OnBroken { get; init; }

    /// <summary>The host's side: report the engine's backward passes before each answer (<see cref="FrameKind.BackwardPasses"/>).</summary>
    public bool ReportsBackwardPasses { get; init; }

    /// <summary>
    /// The host's side: a call whose caller asked for it runs under <c>torch.no_grad()</c> (see
    /// <see cref="RemoteProxy.InCallersGradMode{T}"/>); on the other side such a call breaks the channel.
    /// </summary>
    public bool RunsNoGradCalls { get; init; }

    /// <summary>The account of the check now running, which callbacks are counted against; null counts nothing (the host's side).</summary>
    public CallbackMeter? Meter { get; set; }

    /// <summary>Asked before each call this side makes: an exception it returns is thrown to the caller instead, and nothing is sent.</summary>
    public Func<Type, MethodInfo, Exception?>? Screen { get; set; }

    /// <summary>Told of each exception the other side threw for a call this side made (the contract, the member, the exception), before the caller gets it.</summary>
    public Action<Type, MethodInfo, Exception>? Thrown { get; set; }

    /// <summary>The calls this side made and has no answer to yet, outermost first (a snapshot; safe from any thread).</summary>
    public IReadOnlyList<CallInFlight> InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Why the channel is broken; null while it works.</summary>
    public RemoteHostException? Broken => _broken;

    /// <summary>Number of calls this side made (for measurements).</summary>
    public long Calls { get; private set; }

    /// <summary>
    /// Calls <paramref name="method"/> of object <paramref name="handle"/> on the other side with <paramref name="args"/>;
    /// with <paramref name="noGrad"/>, the other side runs it under <c>torch.no_grad()</c> (the host's side only).
    /// </summary>
    /// <exception cref="WireValueException">An argument cannot cross (nothing was sent).</exception>
    /// <exception cref="OperationCanceledException">The check this call belongs to was cancelled.</exception>
    public object? Invoke(int handle, Type contract, MethodInfo method, object?[] args, bool noGrad = false)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        Meter?.Cancellation.ThrowIfCancellationRequested();
        var declaring = method.DeclaringType ?? contract;
        if (Screen?.Invoke(declaring, method) is { } stopped)
        {
            throw stopped;
        }

        var plan = Contracts.Plan(method);
        lock (_gate)
        {
            var outer = _inFlight;
            Volatile.Write(ref _inFlight, [.. outer, new CallInFlight(declaring, method, Stopwatch.GetTimestamp()) { Steps = CallInFlight.StepsOf(method, args) }]);
            try
            {
                return Call(handle, declaring, method, plan, args, noGrad);
            }
            finally
            {
                Volatile.Write(ref _inFlight, outer);
            }
        }
    }

    private object? Call(int handle, Type declaring, MethodInfo method, CallPlan plan, object?[] args, bool noGrad) =>
        Request(
            w =>
            {
                w.WriteInt(handle);
                w.WriteString(declaring.FullName);
                w.WriteString(method.Name);
                w.WriteBool(noGrad);
                for (int i = 0; i < plan.Parameters.Length; i++)
                {
                    plan.Parameters[i].Write(w, args[i], this);
                }
            },
            FrameKind.Call,
            r =>
            {
                switch (r.Kind)
                {
                    case FrameKind.Return:
                        var reading = new WireReading(r, this);
                        var value = plan.Result.Read(reading);
                        var states = plan.Generators.Where(i => args[i] is not null).Select(i => (Index: i, State: r.ReadRaw(Generator.StateBytes))).ToArray();
                        r.End();
                        foreach (var (index, state) in states)
                        {
                            SetState((Generator)args[index]!, state);
                        }

                        Calls++;
                        return reading.Fault is { } fault ? throw fault : value;
                    case FrameKind.Throw:
                        var thrown = RemoteFault.Read(r).ToException();
                        r.End();
                        Calls++;
                        Thrown?.Invoke(declaring, method, thrown);
                        throw thrown;
                    default:
                        throw new RemoteHostException($"a {r.Kind} message came where the answer to a call was due");
                }
            });

    /// <summary>
    /// The other side's object for <paramref name="contract"/> (the grader side asks the host): a proxy, or null when
    /// the hand-in does not implement it; throws the problem as a <see cref="RemoteFault"/>-carrying exception otherwise.
    /// </summary>
    /// <param name="contract">A contract interface.</param>
    /// <param name="problem">Called with the message and the constructor's exception (if any) when the contract can't be used; returns what to throw.</param>
    public object? Resolve(Type contract, Func<string, Exception?, Exception> problem)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(problem);
        return Request(w => w.WriteString(contract.FullName), FrameKind.Resolve, r =>
        {
            if (r.Kind != FrameKind.Resolved)
            {
                throw new RemoteHostException($"a {r.Kind} message came where the answer to a resolve was due");
            }

            switch (r.ReadByte())
            {
                case 0:
                    r.End();
                    return null;
                case 1:
                    int handle = r.ReadInt();
                    r.End();
                    return ProxyFor(handle, contract);
                case 2:
                    var message = r.ReadString() ?? "";
                    var inner = r.ReadBool() ? RemoteFault.Read(r).ToException() : null;
                    r.End();
                    throw problem(message, inner);
                case var other:
                    throw new RemoteHostException($"unknown resolve answer {other}");
            }
        });
    }

    /// <summary>Sends one frame written by <paramref name="write"/> and reads frames until the answer, which <paramref name="answer"/> takes apart.</summary>
    /// <exception cref="WireValueException"><paramref name="write"/> could not write its values (nothing was sent; the channel goes on).</exception>
    public T Request<T>(Action<FrameWriter> write, FrameKind kind, Func<FrameReader, T> answer)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(answer);
        lock (_gate)
        {
            if (_broken is not null)
            {
                throw new RemoteHostException(_broken.Message, _broken);
            }

            if (_depth >= RemoteProtocol.MaxDepth)
            {
                throw new InsufficientExecutionStackException($"calls between the grader and the hand-in nest more than {RemoteProtocol.MaxDepth} deep");
            }

            _depth++;
            try
            {
                write(_writer.Begin(kind));
                Send();
                while (true)
                {
                    Receive();
                    if (_reader.Kind is FrameKind.Call or FrameKind.Resolve)
                    {
                        Execute(Decode());
                        continue;
                    }

                    if (_reader.Kind is FrameKind.BackwardPasses)
                    {
                        CreditPasses();
                        continue;
                    }

                    return answer(_reader);
                }
            }
            catch (RemoteHostException e)
            {
                Break(e);
                throw;
            }
            finally
            {
                _depth--;
            }
        }
    }

    /// <summary>Serves calls from the other side until it closes the channel (the host's main loop).</summary>
    public void Serve()
    {
        try
        {
            while (true)
            {
                Pending pending;
                lock (_gate)
                {
                    if (!_reader.Next(_input))
                    {
                        return;
                    }

                    if (_reader.Kind is not (FrameKind.Call or FrameKind.Resolve))
                    {
                        throw new RemoteHostException($"a {_reader.Kind} message came where a call was due");
                    }

                    pending = Decode();
                }

                Execute(pending);
            }
        }
        catch (RemoteHostException e)
        {
            Break(e);
            throw;
        }
    }

    /// <summary>Reads the next frame (for a handshake before <see cref="Serve"/>); false at the end of the stream.</summary>
    public bool ReceiveRaw(out FrameReader reader)
    {
        reader = _reader;
        return _reader.Next(_input);
    }

    /// <summary>Sends one frame written by <paramref name="write"/> (for a handshake).</summary>
    public void SendRaw(FrameKind kind, Action<FrameWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            write(_writer.Begin(kind));
            Send();
        }
    }

    (byte Tag, int Handle) IWireHandles.Handle(object value)
    {
        if (value is RemoteProxy p && ReferenceEquals(p.Channel, this))
        {
            return (2, p.Handle);
        }

        if (!_exportIds.TryGetValue(value, out int id))
        {
            id = _nextExport++;
            _exportIds[value] = id;
            _exports[id] = value;
        }

        return (1, id);
    }

    object IWireHandles.Proxy(int handle, Type contract) => ProxyFor(handle, contract);

    object? IWireHandles.Own(int handle, Type contract)
    {
        if (Released(handle))
        {
            return null;
        }

        var own = _exports.GetValueOrDefault(handle) ?? throw new RemoteHostException($"a handle {handle} this side never gave out");
        return contract.IsInstanceOfType(own) ? own : throw new RemoteHostException($"object {handle} is not a {contract.Name}");
    }

    /// <summary>
    /// Forgets every object this side handed over so far (the grader calls it when a check begins): from now on a call
    /// on one of them, or its handle sent back as a value, is refused with an exception to the other side and does not
    /// run, and the <see cref="Meter"/> records the refusal; the channel goes on. The objects are no longer held here.
    /// </summary>
    public void ReleaseExports()
    {
        lock (_gate)
        {
            _exports.Clear();
            _exportIds.Clear();
            _releasedBelow = _nextExport;
        }
    }

    /// <summary>True for a handle this side gave out and has released since (<see cref="ReleaseExports"/>).</summary>
    private bool Released(int handle) => handle > 0 && handle < _releasedBelow && !_exports.ContainsKey(handle);

    private void Break(RemoteHostException reason)
    {
        if (_broken is null)
        {
            _broken = reason;
            OnBroken?.Invoke(reason);
        }
    }

    private object ProxyFor(int handle, Type contract)
    {
        if (!_proxies.TryGetValue((handle, contract), out var proxy))
        {
            proxy = RemoteProxy.Create(this, handle, contract);
            _proxies[(handle, contract)] = proxy;
        }

        return proxy;
    }

    /// <summary>Takes the current frame (a call or a resolve) apart; the caller holds the gate.</summary>
    private Pending Decode()
    {
        var kind = _reader.Kind;
        if (kind == FrameKind.Resolve)
        {
            var name = _reader.ReadRequiredString();
            _reader.End();
            var wanted = Contracts.Find(name) ?? throw new RemoteHostException($"resolve of an unknown contract {name}");
            return Resolver is null ? throw new RemoteHostException("this side resolves no contracts") : new Pending(wanted, null, null, [], null, false, false);
        }

        int handle = _reader.ReadInt();
        var contractName = _reader.ReadRequiredString();
        var methodName = _reader.ReadRequiredString();
        var contract = Contracts.Find(contractName) ?? throw new RemoteHostException($"a call on an unknown interface {contractName}");
        var target = _exports.GetValueOrDefault(handle);
        if (target is null && !Released(handle))
        {
            throw new RemoteHostException($"a call on an unknown object {handle}");
        }

        if (target is not null && !contract.IsInstanceOfType(target))
        {
            throw new RemoteHostException($"object {handle} does not implement {contract.Name}");
        }

        var method = Contracts.Method(contract, methodName) ?? throw new RemoteHostException($"{contract.Name} has no method {methodName}");
        var noGrad = _reader.ReadBool();
        if (noGrad && !RunsNoGradCalls)
        {
            throw new RemoteHostException($"a call of {contract.Name}.{methodName} asked this side to run it without grad, which only the host does");
        }

        var plan = Contracts.Plan(method);
        var reading = new WireReading(_reader, this);
        var args = plan.Parameters.Select(p => p.Read(reading)).ToArray();
        _reader.End();
        return new Pending(contract, target, plan, args, reading.Fault, target is null || reading.Released, noGrad);
    }

    /// <summary>Runs a decoded call or resolve and answers it. Holds the gate only while writing (and, nested, while its caller waits).</summary>
    private void Execute(Pending pending)
    {
        lock (_gate)
        {
            _depth++;
        }

        try
        {
            if (pending.Plan is not { } plan)
            {
                AnswerResolve(pending.Contract);
                return;
            }

            if (Refuse(pending, plan) is { } refused)
            {
                Answer(RemoteFault.From(refused, _ => null));
                return;
            }

            // The grader's processor time for this callback, counted against its check (nothing on the host's side).
            var meter = Meter;
            var started = meter is null ? TimeSpan.Zero : CallbackMeter.ThreadCpu();
            try
            {
                Run(pending, plan);
            }
            finally
            {
                meter?.Spent(started);
            }
        }
        finally
        {
            lock (_gate)
            {
                _depth--;
            }
        }
    }

    /// <summary>Runs an admitted call and sends its answer (or its fault).</summary>
    private void Run(Pending pending, CallPlan plan)
    {
        object? result;
        try
        {
            if (pending.NoGrad)
            {
                using (torch.no_grad())
                {
                    result = plan.Method.Invoke(pending.Target, BindingFlags.DoNotWrapExceptions, null, pending.Args, null);
                }
            }
            else
            {
                result = plan.Method.Invoke(pending.Target, BindingFlags.DoNotWrapExceptions, null, pending.Args, null);
            }
        }
        catch (RemoteHostException)
        {
            throw;
        }
        catch (Exception e)
        {
            Answer(RemoteFault.From(e, _locate));
            return;
        }

        ReportPasses();
        try
        {
            SendRaw(FrameKind.Return, w =>
            {
                plan.Result.Write(w, result, this);
                foreach (var i in plan.Generators)
                {
                    if (pending.Args[i] is Generator g)
                    {
                        w.WriteRaw(g.GetState());
                    }
                }
            });
        }
        catch (RemoteHostException)
        {
            throw;
        }
        catch (Exception e)
        {
            // The answer cannot cross (too large, or a list of the hand-in's threw while it was read): say so instead.
            var cause = e is WireValueException ? e : new WireValueException($"{e.GetType().Name} while it was read: {e.Message}", e);
            Answer(new RemoteFault(typeof(InvalidOperationException).FullName!, $"the answer of {plan.Name} can't be sent across: {cause.Message}", Locate(e)));
        }
    }

    /// <summary>Why a call must not run here: its target or an argument is an object released with an earlier check, its arguments could not be built, its check was cancelled, or it is past the check's callback budget.</summary>
    private Exception? Refuse(Pending pending, CallPlan plan)
    {
        if (pending.Stale)
        {
            var stale = pending.Target is null
                ? $"the hand-in called {plan.Name} on an object the grader handed over for an earlier check; the grader forgets its objects when a check ends"
                : $"the hand-in passed {plan.Name} an object the grader handed over for an earlier check; the grader forgets its objects when a check ends";
            Meter?.Record(stale);
            return new InvalidOperationException($"refused: {stale}");
        }

        if (pending.Fault is { } fault)
        {
            return new ArgumentException($"{plan.Name}: {fault.Message}");
        }

        if (Meter is not { } meter)
        {
            return null;
        }

        if (meter.Cancellation.IsCancellationRequested)
        {
            return new OperationCanceledException($"{plan.Name} was not run: the check was stopped");
        }

        return meter.Admit(plan.Name, () => plan.Elements(pending.Args)) is { } reason ? new InvalidOperationException($"refused: {reason}") : null;
    }

    private string? Locate(Exception e)
    {
        try
        {
            return _locate(e);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private void Answer(RemoteFault fault)
    {
        ReportPasses();
        SendRaw(FrameKind.Throw, fault.Write);
    }

    /// <summary>The host's side: sends the engine's backward passes on this thread since the last report, if any.</summary>
    private void ReportPasses()
    {
        if (!ReportsBackwardPasses)
        {
            return;
        }

        long passes = BackwardPasses.Count - _passesReported;
        if (passes <= 0)
        {
            return;
        }

        var made = new BackwardWork(passes, BackwardPasses.Work - _workReported, BackwardPasses.TakeLargest());
        _passesReported += passes;
        _workReported += made.Work;
        SendRaw(FrameKind.BackwardPasses, w =>
        {
            w.WriteLong(made.Passes);
            w.WriteLong(made.Work);
            w.WriteLong(made.Largest);
        });
    }

    /// <summary>The grader's side: adds the host's reported passes to this thread's count.</summary>
    private void CreditPasses()
    {
        var made = new BackwardWork(_reader.ReadLong(), _reader.ReadLong(), _reader.ReadLong());
        _reader.End();
        if (ReportsBackwardPasses || made.Passes <= 0 || made.Work < 0 || made.Largest < 0 || made.Largest > made.Work)
        {
            throw new RemoteHostException(ReportsBackwardPasses ? "a BackwardPasses message came to the side that reports them" : $"a report of {made.Passes} backward passes (work {made.Work}, largest {made.Largest})");
        }

        BackwardPasses.Credit(made);
    }

    private void AnswerResolve(Type contract)
    {
        object? found;
        try
        {
            found = Resolver!(contract);
        }
        catch (Exception e) when (e is not RemoteHostException)
        {
            var inner = e.InnerException;
            ReportPasses();
            SendRaw(FrameKind.Resolved, w =>
            {
                w.WriteByte(2);
                w.WriteString(RemoteFault.From(e, _ => null).Message);
                w.WriteBool(inner is not null);
                if (inner is not null)
                {
                    RemoteFault.From(inner, _locate).Write(w);
                }
            });
            return;
        }

        ReportPasses();
        SendRaw(FrameKind.Resolved, w =>
        {
            if (found is null)
            {
                w.WriteByte(0);
            }
            else
            {
                w.WriteByte(1);
                w.WriteInt(((IWireHandles)this).Handle(found).Handle);
            }
        });
    }

    private void Send()
    {
        try
        {
            _writer.WriteTo(_output);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new RemoteHostException($"the channel broke: {e.Message}", e);
        }
    }

    private void Receive()
    {
        if (!_reader.Next(_input))
        {
            throw new RemoteHostException("the other side closed the channel");
        }
    }

    private static void SetState(Generator generator, byte[] state)
    {
        try
        {
            generator.SetState(state);
        }
        catch (ArgumentException e)
        {
            throw new RemoteHostException($"a malformed generator state: {e.Message}");
        }
    }

    /// <summary>
    /// A call or resolve read off the channel, waiting to run; <paramref name="Fault"/> is why its arguments could not be
    /// built, <paramref name="Stale"/> that its target (null then) or an argument is an object released with an earlier check,
    /// <paramref name="NoGrad"/> that it runs under <c>torch.no_grad()</c>.
    /// </summary>
    private sealed record Pending(Type Contract, object? Target, CallPlan? Plan, object?[] Args, Exception? Fault, bool Stale, bool NoGrad);
}
