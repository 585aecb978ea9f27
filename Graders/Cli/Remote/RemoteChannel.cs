using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Cli.Remote;

/// <summary>
/// One end of the channel between the grader and a remote hand-in's host; the same class on both sides.
/// <list type="bullet">
/// <item><b>Calls.</b> <see cref="Invoke"/> sends a <see cref="FrameKind.Call"/> (handle, interface, method, arguments
/// typed by the method's signature) and reads frames until its answer: a <see cref="FrameKind.Return"/> (the value, then
/// the final state of each <see cref="Generator"/> argument, which is put back into the caller's generator, so the
/// caller's generator advances exactly as in-process) or a <see cref="FrameKind.Throw"/> (a <see cref="RemoteFault"/>,
/// rethrown). A call that arrives meanwhile (the hand-in calling the check's ε-network or noise source) is served
/// right there, on the waiting thread: calls nest, strictly last-in first-out, to <see cref="RemoteProtocol.MaxDepth"/>.</item>
/// <item><b>Objects.</b> An interface-typed value crosses as a handle: an object of the sender is exported (it stays
/// where it is, the receiver gets a <see cref="RemoteProxy"/>); a proxy travelling back home is unwrapped to the
/// original. Only interfaces of Grader.Contracts cross, and a call names one, which the target must implement.</item>
/// <item><b>Copies.</b> Tensors, lists, sets and arrays are copied, so neither side can change what the other holds.</item>
/// <item><b>Failures.</b> A broken stream or a frame against the rules (<see cref="RemoteHostException"/>) breaks the
/// channel for good: every later call throws at once.</item>
/// </list>
/// One thread at a time uses the channel (a gate, re-entrant for the nested calls of the thread holding it).
/// </summary>
public sealed class RemoteChannel
{
    /// <summary>The contract interfaces that may cross, by full name.</summary>
    public static readonly FrozenDictionary<string, Type> Contracts = typeof(IEpsilonNetwork).Assembly.GetExportedTypes()
        .Where(t => t.IsInterface)
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<(Type, string), MethodInfo?> Methods = new();

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
    private int _depth;
    private RemoteHostException? _broken;

    /// <param name="input">Frames from the other side.</param>
    /// <param name="output">Frames to the other side.</param>
    /// <param name="locate">Where in the hand-in's code an exception was raised (the host uses the hand-in's PDB; the grader has none).</param>
    public RemoteChannel(Stream input, Stream output, Func<Exception, string?>? locate = null)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _locate = locate ?? (_ => null);
    }

    /// <summary>Serves <see cref="FrameKind.Resolve"/> (the host side): the hand-in's object for a contract, or null; may throw HandinContractException.</summary>
    public Func<Type, object?>? Resolver { get; init; }

    /// <summary>Why the channel is broken; null while it works.</summary>
    public RemoteHostException? Broken => _broken;

    /// <summary>Number of calls this side made (for measurements).</summary>
    public long Calls { get; private set; }

    /// <summary>Calls <paramref name="method"/> of object <paramref name="handle"/> on the other side with <paramref name="args"/>.</summary>
    public object? Invoke(int handle, Type contract, MethodInfo method, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        var parameters = method.GetParameters();
        var declaring = method.DeclaringType ?? contract;
        return Request(
            w =>
            {
                w.WriteInt(handle);
                w.WriteString(declaring.FullName);
                w.WriteString(method.Name);
                for (int i = 0; i < parameters.Length; i++)
                {
                    WriteValue(w, parameters[i].ParameterType, args[i]);
                }
            },
            FrameKind.Call,
            r =>
            {
                switch (r.Kind)
                {
                    case FrameKind.Return:
                        var value = ReadValue(r, method.ReturnType);
                        var states = parameters.Select((p, i) => p.ParameterType == typeof(Generator) && args[i] is not null ? GeneratorState.Read(r) : (GeneratorState?)null).ToArray();
                        r.End();
                        for (int i = 0; i < states.Length; i++)
                        {
                            states[i]?.ApplyTo((Generator)args[i]!);
                        }

                        Calls++;
                        return value;
                    case FrameKind.Throw:
                        var fault = RemoteFault.Read(r);
                        r.End();
                        Calls++;
                        throw fault.ToException();
                    default:
                        throw new RemoteHostException($"a {r.Kind} message came where the answer to a call was due");
                }
            });
    }

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

                    return answer(_reader);
                }
            }
            catch (RemoteHostException e)
            {
                _broken ??= e;
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
            _broken ??= e;
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

    /// <summary>The handle this side gives <paramref name="value"/> (exported on first use).</summary>
    private int Export(object value)
    {
        if (!_exportIds.TryGetValue(value, out int id))
        {
            id = _nextExport++;
            _exportIds[value] = id;
            _exports[id] = value;
        }

        return id;
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
            var wanted = Contracts.GetValueOrDefault(name) ?? throw new RemoteHostException($"resolve of an unknown contract {name}");
            return Resolver is null ? throw new RemoteHostException("this side resolves no contracts") : new Pending(wanted, null, null, []);
        }

        int handle = _reader.ReadInt();
        var contractName = _reader.ReadRequiredString();
        var methodName = _reader.ReadRequiredString();
        var contract = Contracts.GetValueOrDefault(contractName) ?? throw new RemoteHostException($"a call on an unknown interface {contractName}");
        var target = _exports.GetValueOrDefault(handle) ?? throw new RemoteHostException($"a call on an unknown object {handle}");
        if (!contract.IsInstanceOfType(target))
        {
            throw new RemoteHostException($"object {handle} does not implement {contract.Name}");
        }

        var method = Methods.GetOrAdd((contract, methodName), key => key.Item1.GetMethod(key.Item2))
            ?? throw new RemoteHostException($"{contract.Name} has no method {methodName}");
        var parameters = method.GetParameters();
        var args = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            args[i] = ReadValue(_reader, parameters[i].ParameterType);
        }

        _reader.End();
        return new Pending(contract, target, method, args);
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
            if (pending.Method is not { } method)
            {
                AnswerResolve(pending.Contract);
                return;
            }

            object? result;
            try
            {
                result = method.Invoke(pending.Target, BindingFlags.DoNotWrapExceptions, null, pending.Args, null);
            }
            catch (RemoteHostException)
            {
                throw;
            }
            catch (Exception e)
            {
                var fault = RemoteFault.From(e, _locate);
                SendRaw(FrameKind.Throw, fault.Write);
                return;
            }

            var parameters = method.GetParameters();
            SendRaw(FrameKind.Return, w =>
            {
                WriteValue(w, method.ReturnType, result);
                for (int i = 0; i < parameters.Length; i++)
                {
                    if (parameters[i].ParameterType == typeof(Generator) && pending.Args[i] is Generator g)
                    {
                        GeneratorState.Of(g).Write(w);
                    }
                }
            });
        }
        finally
        {
            lock (_gate)
            {
                _depth--;
            }
        }
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

        SendRaw(FrameKind.Resolved, w =>
        {
            if (found is null)
            {
                w.WriteByte(0);
            }
            else
            {
                w.WriteByte(1);
                w.WriteInt(Export(found));
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

    /// <summary>Writes <paramref name="value"/> as a <paramref name="type"/> (the declared type of a parameter or result).</summary>
    private void WriteValue(FrameWriter w, Type type, object? value)
    {
        if (type == typeof(void))
        {
            return;
        }

        if (type == typeof(Tensor))
        {
            w.WriteTensor((Tensor?)value);
        }
        else if (type == typeof(int))
        {
            w.WriteInt((int)value!);
        }
        else if (type == typeof(double))
        {
            w.WriteDouble((double)value!);
        }
        else if (type == typeof(bool))
        {
            w.WriteBool((bool)value!);
        }
        else if (type == typeof(string))
        {
            w.WriteString((string?)value);
        }
        else if (type == typeof(int[]))
        {
            WriteInts(w, (int[]?)value);
        }
        else if (type == typeof(IReadOnlyList<double>) || type == typeof(double[]))
        {
            WriteDoubles(w, (IReadOnlyList<double>?)value);
        }
        else if (type == typeof(IReadOnlySet<int>))
        {
            WriteInts(w, ((IReadOnlySet<int>?)value)?.ToArray());
        }
        else if (type == typeof(NoiseSchedule))
        {
            var schedule = (NoiseSchedule?)value;
            w.WriteBool(schedule is not null);
            if (schedule is not null)
            {
                WriteDoubles(w, schedule.Betas);
            }
        }
        else if (type == typeof(Generator))
        {
            w.WriteBool(value is not null);
            if (value is Generator g)
            {
                GeneratorState.Of(g).Write(w);
            }
        }
        else if (type.IsInterface && Contracts.ContainsKey(type.FullName!))
        {
            switch (value)
            {
                case null:
                    w.WriteByte(0);
                    break;
                case RemoteProxy p when ReferenceEquals(p.Channel, this):
                    w.WriteByte(2);
                    w.WriteInt(p.Handle);
                    break;
                default:
                    w.WriteByte(1);
                    w.WriteInt(Export(value));
                    break;
            }
        }
        else
        {
            throw new NotSupportedException($"a {type.Name} can't cross to a remote hand-in");
        }
    }

    /// <summary>Reads a <paramref name="type"/> written by <see cref="WriteValue"/>, checking it.</summary>
    private object? ReadValue(FrameReader r, Type type)
    {
        if (type == typeof(void))
        {
            return null;
        }

        if (type == typeof(Tensor))
        {
            return r.ReadTensor();
        }

        if (type == typeof(int))
        {
            return r.ReadInt();
        }

        if (type == typeof(double))
        {
            return r.ReadDouble();
        }

        if (type == typeof(bool))
        {
            return r.ReadBool();
        }

        if (type == typeof(string))
        {
            return r.ReadString();
        }

        if (type == typeof(int[]))
        {
            return ReadInts(r);
        }

        if (type == typeof(IReadOnlyList<double>) || type == typeof(double[]))
        {
            return ReadDoubles(r);
        }

        if (type == typeof(IReadOnlySet<int>))
        {
            if (ReadInts(r) is not { } items)
            {
                return null;
            }

            var set = new HashSet<int>(items);
            return set.Count == items.Length ? set : throw new RemoteHostException("a set holds a number twice");
        }

        if (type == typeof(NoiseSchedule))
        {
            return r.ReadBool() ? new NoiseSchedule(ReadDoubles(r) ?? throw new RemoteHostException("a schedule without betas")) : null;
        }

        if (type == typeof(Generator))
        {
            return r.ReadBool() ? GeneratorState.Read(r).Create() : null;
        }

        if (type.IsInterface && Contracts.ContainsKey(type.FullName!))
        {
            switch (r.ReadByte())
            {
                case 0:
                    return null;
                case 1:
                    return ProxyFor(r.ReadInt(), type);
                case 2:
                    int id = r.ReadInt();
                    var own = _exports.GetValueOrDefault(id) ?? throw new RemoteHostException($"a handle {id} this side never gave out");
                    return type.IsInstanceOfType(own) ? own : throw new RemoteHostException($"object {id} is not a {type.Name}");
                case var tag:
                    throw new RemoteHostException($"unknown object tag {tag}");
            }
        }

        throw new RemoteHostException($"a {type.Name} can't cross to a remote hand-in");
    }

    private static void WriteInts(FrameWriter w, int[]? values)
    {
        if (values is null)
        {
            w.WriteInt(-1);
            return;
        }

        w.WriteInt(values.Length);
        foreach (var v in values)
        {
            w.WriteInt(v);
        }
    }

    private static int[]? ReadInts(FrameReader r)
    {
        int count = r.ReadCount(4, nullable: true);
        if (count < 0)
        {
            return null;
        }

        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = r.ReadInt();
        }

        return values;
    }

    private static void WriteDoubles(FrameWriter w, IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            w.WriteInt(-1);
            return;
        }

        w.WriteInt(values.Count);
        foreach (var v in values)
        {
            w.WriteDouble(v);
        }
    }

    private static double[]? ReadDoubles(FrameReader r)
    {
        int count = r.ReadCount(8, nullable: true);
        if (count < 0)
        {
            return null;
        }

        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }

    /// <summary>A call or resolve read off the channel, waiting to run.</summary>
    private sealed record Pending(Type Contract, object? Target, MethodInfo? Method, object?[] Args);
}
