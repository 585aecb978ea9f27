using System.Collections.Concurrent;

namespace Grader.Remote.Handins;

/// <summary>
/// The objects of one loaded hand-in, by contract. For a contract interface it finds the single public, non-abstract
/// class implementing it with a public parameterless constructor, and creates it on first use (one object per class,
/// shared by the contracts that class implements). <see cref="Resolve"/> is the function a <c>CheckContext</c> calls.
/// <list type="bullet">
/// <item>No class implements the contract: <see cref="Resolve"/> returns null, and <see cref="Bind"/> says so.</item>
/// <item>Only types the grader cannot create do (abstract, open generic, not public, a struct): <see cref="Resolve"/>
/// throws <see cref="HandinContractException"/> naming each with the reason.</item>
/// <item>Two classes do, the class has no public parameterless constructor, or its constructor throws:
/// <see cref="Resolve"/> throws <see cref="HandinContractException"/> with that message, to every check that asks, and
/// the constructor is not run again.</item>
/// </list>
/// Thread-safe: a check cut at its time limit may still be running while the next one asks.
/// </summary>
public sealed class HandinInstance
{
    private readonly ConcurrentDictionary<Type, ContractBinding> _bindings = new();
    private readonly ConcurrentDictionary<Type, Lazy<object>> _instances = new();
    private readonly Lazy<Type[]> _types;

    public HandinInstance(Assembly assembly)
    {
        Assembly = assembly ?? throw new ArgumentNullException(nameof(assembly));
        _types = new Lazy<Type[]>(() => LoadableTypes(assembly));
    }

    /// <summary>The loaded hand-in.</summary>
    public Assembly Assembly { get; }

    /// <summary>The message for a contract no class implements.</summary>
    public static string MissingMessage(Type contract) =>
        $"no public class of the hand-in implements {contract.Name} yet; add one with a public parameterless constructor (the template has it).";

    /// <summary>
    /// <see cref="CreateFresh"/> of <typeparamref name="TContract"/> as a factory: a NEW object per call (the parts of the
    /// grader's training, <c>TrainingRun</c>); a call throws <see cref="HandinContractException"/> with
    /// <see cref="MissingMessage"/> when no class implements the contract.
    /// </summary>
    public Func<TContract> FreshEach<TContract>()
        where TContract : class =>
        () => CreateFresh(typeof(TContract)) as TContract
              ?? throw new HandinContractException(typeof(TContract), null, MissingMessage(typeof(TContract)));

    /// <summary>
    /// <see cref="Resolve"/> of a contract the caller cannot do without: throws <see cref="HandinContractException"/>
    /// with <see cref="MissingMessage"/> when no class implements it.
    /// </summary>
    public TContract Required<TContract>()
        where TContract : class =>
        Resolve(typeof(TContract)) as TContract
        ?? throw new HandinContractException(typeof(TContract), null, MissingMessage(typeof(TContract)));

    /// <summary>
    /// A NEW object of the class implementing <paramref name="contract"/> (not the shared one <see cref="Resolve"/>
    /// gives), for the grader's training, whose fresh network must not share an object with the trained one; null when
    /// no class implements it.
    /// </summary>
    /// <exception cref="HandinContractException">As for <see cref="Resolve"/>.</exception>
    public object? CreateFresh(Type contract)
    {
        var binding = Bind(contract);
        if (binding.IsMissing)
        {
            return null;
        }

        if (binding.Implementation is not { } implementation)
        {
            throw new HandinContractException(contract, null, binding.Problem!);
        }

        try
        {
            return Construct(implementation);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } thrown)
        {
            throw new HandinContractException(contract, implementation,
                $"{contract.Name}: the constructor of {implementation.Name} threw {thrown.GetType().Name}: {thrown.Message}", thrown);
        }
    }

    /// <summary>Which class implements <paramref name="contract"/>, or why none can be used. Runs no hand-in code.</summary>
    public ContractBinding Bind(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return _bindings.GetOrAdd(contract, BindNow);
    }

    /// <summary>
    /// The hand-in's object implementing <paramref name="contract"/>, created on first use; null when no class
    /// implements it.
    /// </summary>
    /// <exception cref="HandinContractException">The contract is implemented but can't be used (see the type's summary).</exception>
    public object? Resolve(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (contract == typeof(Grader.Contracts.Diffusion.IDiffusionTrainingRun))
        {
            return new Training.DiffusionTrainingRun(FreshEach<Grader.Contracts.Diffusion.IDiffusionTrainingParts>());   // the grader's loop, never a hand-in's class (issue 66)
        }

        if (contract == typeof(Grader.Contracts.Flows.IInnTrainingRun))
        {
            return new Training.InnTrainingRun(FreshEach<Grader.Contracts.Flows.IInnTrainingParts>());   // the grader's loop for the INN (issue 66)
        }

        if (contract == typeof(Grader.Contracts.Diffusion.IDtuTrainingRun))
        {
            return new Training.DtuTrainingRun(this);   // the grader's loop for 004 3.4, never a hand-in's class (issue 66)
        }

        if (contract == typeof(Grader.Contracts.OdeSde.IOdeTrainingRun))
        {
            return new Training.OdeTrainingRun(FreshEach<Grader.Contracts.OdeSde.IOdeTrainingParts>());   // the grader's loop for sheet 003's ODE parts (issue 66)
        }

        if (contract == typeof(Grader.Contracts.OdeSde.ISdeTrainingRun))
        {
            return new Training.SdeTrainingRun(FreshEach<Grader.Contracts.OdeSde.ISdeTrainingParts>());   // the grader's loop for sheet 003's SDE parts (issue 66)
        }

        var binding = Bind(contract);
        if (binding.IsMissing)
        {
            return null;
        }

        if (binding.Implementation is not { } implementation)
        {
            throw new HandinContractException(contract, null, binding.Problem!);
        }

        var instance = _instances.GetOrAdd(implementation, type => new Lazy<object>(() => Construct(type), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return instance.Value;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } thrown)
        {
            throw new HandinContractException(contract, implementation,
                $"{contract.Name}: the constructor of {implementation.Name} threw {thrown.GetType().Name}: {thrown.Message}", thrown);
        }
    }

    private ContractBinding BindNow(Type contract)
    {
        if (contract == typeof(Grader.Contracts.Diffusion.IDiffusionTrainingRun))
        {
            return new ContractBinding(contract, typeof(Training.DiffusionTrainingRun), null, IsMissing: false);   // answered by the grader (Resolve)
        }

        if (contract == typeof(Grader.Contracts.Flows.IInnTrainingRun))
        {
            return new ContractBinding(contract, typeof(Training.InnTrainingRun), null, IsMissing: false);   // answered by the grader (Resolve)
        }

        if (contract == typeof(Grader.Contracts.Diffusion.IDtuTrainingRun))
        {
            return new ContractBinding(contract, typeof(Training.DtuTrainingRun), null, IsMissing: false);   // answered by the grader (Resolve)
        }

        if (contract == typeof(Grader.Contracts.OdeSde.IOdeTrainingRun))
        {
            return new ContractBinding(contract, typeof(Training.OdeTrainingRun), null, IsMissing: false);   // answered by the grader (Resolve)
        }

        if (contract == typeof(Grader.Contracts.OdeSde.ISdeTrainingRun))
        {
            return new ContractBinding(contract, typeof(Training.SdeTrainingRun), null, IsMissing: false);   // answered by the grader (Resolve)
        }

        var implementing = _types.Value
            .Where(t => t.IsClass && !t.IsAbstract && t.IsVisible && !t.ContainsGenericParameters && contract.IsAssignableFrom(t))
            .ToArray();
        if (implementing.Length == 0)
        {
            var unusable = _types.Value.Where(t => t != contract && contract.IsAssignableFrom(t) && !t.IsInterface).ToArray();
            return unusable.Length == 0
                ? new ContractBinding(contract, null, MissingMessage(contract), IsMissing: true)
                : new ContractBinding(contract, null, $"{contract.Name} is implemented only by {string.Join("; ", unusable.Select(Unusable).Order(StringComparer.Ordinal))}.", IsMissing: false);
        }

        var usable = implementing.Where(t => t.GetConstructor(Type.EmptyTypes) is { IsPublic: true }).ToArray();
        return usable.Length switch
        {
            1 => new ContractBinding(contract, usable[0], null, IsMissing: false),
            0 => new ContractBinding(contract, null,
                $"{contract.Name} is implemented by {Names(implementing)}, but the grader needs a public parameterless constructor to create it.",
                IsMissing: false),
            _ => new ContractBinding(contract, null,
                $"{usable.Length} classes implement {contract.Name} ({Names(usable)}); the grader can't tell which to grade, so keep exactly one.",
                IsMissing: false),
        };
    }

    /// <summary>Why the grader cannot create <paramref name="type"/>, which implements a contract.</summary>
    private static string Unusable(Type type)
    {
        var name = type.FullName ?? type.Name;
        if (type.ContainsGenericParameters)
        {
            return $"{name}, which is generic: the grader cannot choose its type arguments, so implement the contract in a class that is not generic";
        }

        if (type.IsAbstract)
        {
            return $"{name}, which is abstract: the grader cannot create it, so make it a concrete class (or add one that derives from it)";
        }

        if (!type.IsVisible)
        {
            return $"{name}, which is not public: make it (and any class it is nested in) public";
        }

        return $"{name}, which is a struct: make it a class";
    }

    // Activator wraps the constructor's exception in a TargetInvocationException; Resolve unwraps it.
    private static object Construct(Type type) => Activator.CreateInstance(type)!;

    private static string Names(IEnumerable<Type> types) => string.Join(", ", types.Select(t => t.FullName ?? t.Name).Order(StringComparer.Ordinal));

    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>().ToArray();
        }
    }
}
