using System.Collections.Concurrent;
using System.Collections.Frozen;
using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;

namespace Grader.Remote.Values;

/// <summary>
/// The contract interfaces that may cross a <see cref="RemoteChannel"/> (every exported interface of Grader.Contracts,
/// and those of other assemblies the grader adds, such as a test pack's), checked when the set is made: each is a
/// public non-generic interface whose methods have unique names, no <c>ref</c>/<c>out</c> parameters and only types
/// a <see cref="WireType"/> describes (a <see cref="Generator"/> only as a parameter). The descriptions of its types
/// and the plans of its methods are made once and kept. The records a contract uses come from the assemblies of its
/// interfaces.
/// </summary>
public sealed class ContractSet
{
    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, FrozenDictionary<string, MethodInfo>> _methods;
    private readonly FrozenSet<Assembly> _assemblies;
    private readonly ConcurrentDictionary<Type, WireType> _wires = new();
    private readonly ConcurrentDictionary<MethodInfo, CallPlan> _plans = new();
    private readonly object _describing = new();

    private ContractSet(Type[] interfaces)
    {
        Interfaces = interfaces;
        _byName = interfaces.ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);
        _assemblies = interfaces.Select(t => t.Assembly).ToFrozenSet();
        Assemblies = interfaces.Select(t => t.Assembly).Distinct().OrderBy(a => a == ContractsAssembly ? 0 : 1).ThenBy(a => a.GetName().Name, StringComparer.Ordinal).ToArray();
        _methods = interfaces.ToFrozenDictionary(t => t, t => t.GetMethods().ToFrozenDictionary(m => m.Name, StringComparer.Ordinal));
    }

    /// <summary>The assembly of the course's contracts (Grader.Contracts), which every host has.</summary>
    public static Assembly ContractsAssembly { get; } = typeof(IEpsilonNetwork).Assembly;

    /// <summary>Every exported interface of Grader.Contracts.</summary>
    public static ContractSet Default { get; } = Create(ContractsAssembly.GetExportedTypes().Where(t => t.IsInterface));

    /// <summary>The interfaces, by full name in ordinal order.</summary>
    public IReadOnlyList<Type> Interfaces { get; }

    /// <summary>The assemblies that define them, Grader.Contracts first.</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>A set of <paramref name="interfaces"/> and the interfaces they extend.</summary>
    /// <exception cref="NotSupportedException">One cannot cross; the message names the interface, the member and why.</exception>
    public static ContractSet Create(IEnumerable<Type> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        var all = new HashSet<Type>();
        foreach (var type in interfaces)
        {
            if (!type.IsInterface || !type.IsPublic && !type.IsNestedPublic || type.ContainsGenericParameters)
            {
                throw new NotSupportedException($"{WireType.Name(type)} can't be a contract: a contract is a public, non-generic interface");
            }

            all.Add(type);
            all.UnionWith(type.GetInterfaces());
        }

        // An interface of the same assemblies that a signature names (a callback such as a vector field) is a contract too.
        var assemblies = all.Select(t => t.Assembly).ToHashSet();
        var pending = new Queue<Type>(all);
        var seen = new HashSet<Type>();
        while (pending.TryDequeue(out var contract))
        {
            var names = contract.GetMethods().GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (names is not null)
            {
                throw new NotSupportedException($"{contract.Name}.{names.Key}: a contract names each method once (overloads can't be told apart on the channel)");
            }

            foreach (var used in contract.GetMethods().SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)).SelectMany(t => Parts(t, assemblies, seen)))
            {
                if (used.IsInterface && (used.IsPublic || used.IsNestedPublic) && !used.ContainsGenericParameters && all.Add(used))
                {
                    pending.Enqueue(used);
                }
            }
        }

        var set = new ContractSet([.. all.OrderBy(t => t.FullName, StringComparer.Ordinal)]);
        foreach (var contract in set.Interfaces)
        {
            foreach (var method in contract.GetMethods())
            {
                set.Plan(method);
            }
        }

        return set;
    }

    /// <summary>This set and <paramref name="interfaces"/>.</summary>
    public ContractSet With(IEnumerable<Type> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        return Create(Interfaces.Concat(interfaces));
    }

    /// <summary>The interface of that full name; null when it is not in the set.</summary>
    public Type? Find(string fullName) => _byName.GetValueOrDefault(fullName);

    public bool Contains(Type type) => type is not null && _byName.TryGetValue(type.FullName ?? "", out var found) && found == type;

    /// <summary>The method <paramref name="name"/> of <paramref name="contract"/> (one of the set); null when it has none.</summary>
    public MethodInfo? Method(Type contract, string name) =>
        _methods.TryGetValue(contract, out var methods) ? methods.GetValueOrDefault(name) : null;

    /// <summary>How values of <paramref name="type"/> cross (described once).</summary>
    /// <exception cref="NotSupportedException">It can't cross.</exception>
    public WireType Describe(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_wires.TryGetValue(type, out var known))
        {
            return known;
        }

        lock (_describing)
        {
            return Describe(type, []);
        }
    }

    /// <summary>True when records of <paramref name="assembly"/> may cross (it defines contracts of this set).</summary>
    internal bool DefinesRecords(Assembly assembly) => _assemblies.Contains(assembly);

    /// <summary>How a call of <paramref name="method"/> crosses: its parameters, its result and which parameters are generators.</summary>
    internal CallPlan Plan(MethodInfo method) => _plans.GetOrAdd(method, m =>
    {
        string where = $"{m.DeclaringType?.Name}.{m.Name}";
        if (m.IsGenericMethodDefinition)
        {
            throw new NotSupportedException($"{where}: a contract method can't be generic");
        }

        var parameters = m.GetParameters();
        var wires = new WireType[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type.IsByRef || type.IsPointer)
            {
                throw new NotSupportedException($"{where}: the parameter {parameters[i].Name} is passed by reference, which can't cross");
            }

            wires[i] = type == typeof(Generator) ? WireType.Create(type, _ => throw new NotSupportedException(), this) : Described(where, parameters[i].Name, type);
        }

        var result = Described(where, "result", m.ReturnType);
        return new CallPlan(m, wires, result, [.. Enumerable.Range(0, parameters.Length).Where(i => parameters[i].ParameterType == typeof(Generator))]);
    });

    /// <summary>The types <paramref name="type"/> is made of that live in <paramref name="assemblies"/>: itself, array items, generic arguments, and the properties of its records.</summary>
    private static IEnumerable<Type> Parts(Type type, HashSet<Assembly> assemblies, HashSet<Type> seen)
    {
        if (type.IsByRef || type.IsPointer)
        {
            type = type.GetElementType()!;
        }

        if (!seen.Add(type))
        {
            yield break;
        }

        if (assemblies.Contains(type.Assembly))
        {
            yield return type;
        }

        var inner = type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        if (!type.IsInterface && !type.IsArray && assemblies.Contains(type.Assembly))
        {
            inner = [.. inner, .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType)];
        }

        foreach (var part in inner.SelectMany(t => Parts(t, assemblies, seen)))
        {
            yield return part;
        }
    }

    private WireType Described(string where, string? what, Type type)
    {
        try
        {
            return Describe(type);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{where} ({what}): {e.Message}", e);
        }
    }

    private WireType Describe(Type type, HashSet<Type> path)
    {
        lock (_describing)
        {
            if (type == typeof(Generator))
            {
                throw new NotSupportedException("a Generator crosses only as a parameter of its own (its state goes to the other side and comes back)");
            }

            if (_wires.TryGetValue(type, out var known))
            {
                return known;
            }

            if (!path.Add(type))
            {
                throw new NotSupportedException($"{WireType.Name(type)} contains itself, which can't cross (the nesting of every value must be bounded by its type)");
            }

            try
            {
                var wire = WireType.Create(type, t => Describe(t, path), this);
                if (wire.Depth > RemoteProtocol.MaxNesting)
                {
                    throw new NotSupportedException($"{WireType.Name(type)} nests {wire.Depth} deep (at most {RemoteProtocol.MaxNesting})");
                }

                return _wires.GetOrAdd(type, wire);
            }
            finally
            {
                path.Remove(type);
            }
        }
    }
}
