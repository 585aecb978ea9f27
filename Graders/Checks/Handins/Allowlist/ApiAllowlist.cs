using Microsoft.CodeAnalysis;

namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// The compile-time API policy for hand-ins (design.md, "Security model"): which namespaces, types and members a
/// hand-in may reference. It is default-deny: a symbol from outside the hand-in whose name matches no entry is refused
/// with <see cref="NotListedReason"/>. The longest matching prefix decides, so a denied namespace can hold an allowed
/// type and an allowed type a denied member.
/// <para>
/// <see cref="Analyzers"/> plugs the policy into <see cref="HandinCompiler"/>: every use of a refused API is a compile
/// error <see cref="AllowlistAnalyzer.ApiRuleId"/> naming the line and the API, every refused language feature
/// (<c>unsafe</c>, P/Invoke, module initializers, <c>dynamic</c> …) one with <see cref="AllowlistAnalyzer.FeatureRuleId"/>,
/// and state the trained model keeps outside its parameters (a mutable static, its own random source) one with
/// <see cref="PurityAnalyzer.RuleId"/>.
/// </para>
/// <para>
/// The allowlist keeps honest mistakes and casual tricks out; it is not a sandbox. The worker process that runs the
/// hand-in is (see design.md).
/// </para>
/// </summary>
public sealed class ApiAllowlist
{
    /// <summary>The reason given for a name no entry covers.</summary>
    public const string NotListedReason =
        "it is not on the hand-in allowlist (hand-ins may use the contracts, the tensor engine, collections, LINQ, math and text)";

    // Reasons shared by several rows.
    private const string Primitive = "a built-in value type";
    private const string Exceptions = "exceptions are how a hand-in reports a bad argument or an unfinished part";
    private const string Functional = "delegates, tuples and spans for ordinary C#";
    private const string Contracts = "common interfaces of values (equality, ordering, formatting, parsing)";
    private const string ClockReason = "the clock (a hand-in's result must not depend on when it runs)";
    private const string ExpressionTrees = "code generation (expression trees are compiled to code at run time)";
    private const string Plinq = "threads (PLINQ runs the query on several threads)";
    private const string FileIo = "file I/O (a hand-in may not read or write files)";
    private const string HashOrder =
        "a collection whose order follows hash codes, which .NET randomises per process for strings and objects (use Dictionary, HashSet, SortedDictionary or a List)";
    private const string UndefinedElements = "undefined values (the elements it does not set hold whatever was in the register)";

    /// <summary>
    /// The policy, one row per prefix: the hand-in may use the contracts, the tensor engine and a listed part of the
    /// BCL (collections, LINQ, math, text); I/O, processes, the environment, reflection, code generation, native
    /// interop, threads and timers are refused. Rows are grouped by area; the order does not matter.
    /// </summary>
    public static readonly IReadOnlyList<AllowlistEntry> DefaultEntries =
    [
        // ---- The grader's own assemblies -------------------------------------------------------------------------
        AllowlistEntry.Allow("Grader.Contracts", "the contracts a hand-in implements"),
        // Everything public in Grader.Tensors is one namespace; its kernels (Gemm with the OpenBLAS P/Invoke,
        // Elementwise, Reduction, Strided) are internal, so a hand-in can't reach them (CS0122), and they need no row.
        AllowlistEntry.Allow("Grader.Tensors", "the tensor engine (tensors, autograd, modules, optimisers)"),
        // The safetensors reader/writer and everything that calls it: the only file I/O of the engine.
        AllowlistEntry.Deny("Grader.Tensors.SafeTensors", FileIo),
        AllowlistEntry.Deny("Grader.Tensors.ModuleSerialization", FileIo),
        AllowlistEntry.Deny("Grader.Tensors.torch.save", FileIo),
        AllowlistEntry.Deny("Grader.Tensors.torch.load", FileIo),

        // ---- System: the core types a hand-in needs --------------------------------------------------------------
        AllowlistEntry.Allow("System.Object", "the root of every type"),
        AllowlistEntry.Allow("System.ValueType", "the root of every struct"),
        AllowlistEntry.Allow("System.Enum", "enums and their helpers (parse, names, values)"),
        AllowlistEntry.Allow("System.Boolean", Primitive),
        AllowlistEntry.Allow("System.Char", Primitive),
        AllowlistEntry.Allow("System.SByte", Primitive),
        AllowlistEntry.Allow("System.Byte", Primitive),
        AllowlistEntry.Allow("System.Int16", Primitive),
        AllowlistEntry.Allow("System.UInt16", Primitive),
        AllowlistEntry.Allow("System.Int32", Primitive),
        AllowlistEntry.Allow("System.UInt32", Primitive),
        AllowlistEntry.Allow("System.Int64", Primitive),
        AllowlistEntry.Allow("System.UInt64", Primitive),
        AllowlistEntry.Allow("System.Int128", Primitive),
        AllowlistEntry.Allow("System.UInt128", Primitive),
        // nint/nuint: without `unsafe` and Marshal there is nothing to dereference them with; they are just integers.
        AllowlistEntry.Allow("System.IntPtr", Primitive),
        AllowlistEntry.Allow("System.UIntPtr", Primitive),
        AllowlistEntry.Allow("System.Half", Primitive),
        AllowlistEntry.Allow("System.Single", Primitive),
        AllowlistEntry.Allow("System.Double", Primitive),
        AllowlistEntry.Allow("System.Decimal", Primitive),
        AllowlistEntry.Allow("System.String", "strings"),
        // The intern pool is the process's: a string interned in one call is found by the next (state outside the model, issue 79).
        AllowlistEntry.Deny("System.String.Intern", "process-wide state (the string intern pool outlives every call)"),
        AllowlistEntry.Deny("System.String.IsInterned", "process-wide state (the string intern pool outlives every call)"),
        AllowlistEntry.Allow("System.StringComparison", "string comparison options"),
        AllowlistEntry.Allow("System.StringComparer", "string comparers for collections"),
        AllowlistEntry.Allow("System.StringSplitOptions", "string splitting options"),
        AllowlistEntry.Allow("System.FormattableString", "interpolated strings, e.g. FormattableString.Invariant"),
        AllowlistEntry.Allow("System.Math", "math"),
        AllowlistEntry.Allow("System.MathF", "math"),
        AllowlistEntry.Allow("System.MidpointRounding", "math (rounding modes)"),
        AllowlistEntry.Allow("System.Convert", "number and string conversions"),
        AllowlistEntry.Allow("System.BitConverter", "number conversions"),
        // Seeded once per process at random (issue 79 item 2): HashCode.Combine(1, 2) differs on the fresh host.
        AllowlistEntry.Deny("System.HashCode", ProcessDependentValues.HashReason),
        // Harmless: no I/O, and seeding it is the student's business (the contracts hand a seeded Generator in).
        AllowlistEntry.Allow("System.Random", "pseudo-random numbers"),
        // The shared instance is the process's own random source: no seed, advanced by every call in the process (issue 79).
        AllowlistEntry.Deny("System.Random.Shared", "process-wide state (a random source shared by the whole process; draw from the Generator the grader passes)"),
        // An unseeded `new Random()` is refused by ProcessDependentValues (a row cannot tell it from `new Random(seed)`).
        AllowlistEntry.Deny("System.Guid", "a random value (Guid.NewGuid differs at every call and in every process; a network needs no identifiers)"),
        AllowlistEntry.Allow("System.Lazy", "lazy values"),
        AllowlistEntry.Allow("System.Array", "arrays"),
        AllowlistEntry.Allow("System.ArraySegment", "array slices"),
        AllowlistEntry.Allow("System.Span", Functional),
        AllowlistEntry.Allow("System.ReadOnlySpan", Functional),
        AllowlistEntry.Allow("System.Memory", Functional),
        AllowlistEntry.Allow("System.ReadOnlyMemory", Functional),
        AllowlistEntry.Allow("System.MemoryExtensions", Functional),
        AllowlistEntry.Allow("System.Index", "indices from the end (^1)"),
        AllowlistEntry.Allow("System.Range", "ranges (a..b)"),
        AllowlistEntry.Allow("System.Tuple", Functional),
        AllowlistEntry.Allow("System.ValueTuple", Functional),
        AllowlistEntry.Allow("System.Func", Functional),
        AllowlistEntry.Allow("System.Action", Functional),
        AllowlistEntry.Allow("System.Predicate", Functional),
        AllowlistEntry.Allow("System.Comparison", Functional),
        AllowlistEntry.Allow("System.Converter", Functional),
        AllowlistEntry.Allow("System.Nullable", "nullable value types"),
        AllowlistEntry.Allow("System.IEquatable", Contracts),
        AllowlistEntry.Allow("System.IComparable", Contracts),
        AllowlistEntry.Allow("System.IFormattable", Contracts),
        AllowlistEntry.Allow("System.ISpanFormattable", Contracts),
        AllowlistEntry.Allow("System.IFormatProvider", Contracts),
        AllowlistEntry.Allow("System.IParsable", Contracts),
        AllowlistEntry.Allow("System.ISpanParsable", Contracts),
        AllowlistEntry.Allow("System.IConvertible", Contracts),
        AllowlistEntry.Allow("System.ICloneable", Contracts),
        AllowlistEntry.Allow("System.IDisposable", "using blocks, e.g. torch.no_grad()"),
        AllowlistEntry.Allow("System.Attribute", "declaring attributes"),
        AllowlistEntry.Deny("System.Attribute.GetCustomAttribute", "reflection (reads attributes of any type or member)"),
        AllowlistEntry.Deny("System.Attribute.GetCustomAttributes", "reflection (reads attributes of any type or member)"),
        AllowlistEntry.Deny("System.Attribute.IsDefined", "reflection (reads attributes of any type or member)"),
        AllowlistEntry.Allow("System.AttributeUsageAttribute", "declaring attributes"),
        AllowlistEntry.Allow("System.AttributeTargets", "declaring attributes"),
        AllowlistEntry.Allow("System.ObsoleteAttribute", "a harmless marker attribute"),
        AllowlistEntry.Allow("System.FlagsAttribute", "a harmless marker attribute"),
        // Values of dates and durations are harmless; reading the clock is not allowed (rows below).
        AllowlistEntry.Allow("System.TimeSpan", "durations as values"),
        AllowlistEntry.Allow("System.DateTime", "dates as values"),
        AllowlistEntry.Allow("System.DateTimeOffset", "dates as values"),
        AllowlistEntry.Deny("System.DateTime.Now", ClockReason),
        AllowlistEntry.Deny("System.DateTime.UtcNow", ClockReason),
        AllowlistEntry.Deny("System.DateTime.Today", ClockReason),
        AllowlistEntry.Deny("System.DateTimeOffset.Now", ClockReason),
        AllowlistEntry.Deny("System.DateTimeOffset.UtcNow", ClockReason),
        AllowlistEntry.Deny("System.TimeProvider", ClockReason),

        // Exceptions: the ones a hand-in throws or catches in ordinary code (NotImplementedException: the template).
        AllowlistEntry.Allow("System.Exception", Exceptions),
        AllowlistEntry.Deny("System.Exception.TargetSite", "reflection (the method that threw, and through it the grader's types)"),
        AllowlistEntry.Deny("System.Exception.StackTrace", "reflection (the grader's methods and source paths)"),
        AllowlistEntry.Allow("System.SystemException", Exceptions),
        AllowlistEntry.Allow("System.ArgumentException", Exceptions),
        AllowlistEntry.Allow("System.ArgumentNullException", Exceptions),
        AllowlistEntry.Allow("System.ArgumentOutOfRangeException", Exceptions),
        AllowlistEntry.Allow("System.ArithmeticException", Exceptions),
        AllowlistEntry.Allow("System.DivideByZeroException", Exceptions),
        AllowlistEntry.Allow("System.OverflowException", Exceptions),
        AllowlistEntry.Allow("System.FormatException", Exceptions),
        AllowlistEntry.Allow("System.IndexOutOfRangeException", Exceptions),
        AllowlistEntry.Allow("System.RankException", Exceptions),
        AllowlistEntry.Allow("System.ArrayTypeMismatchException", Exceptions),
        AllowlistEntry.Allow("System.InvalidCastException", Exceptions),
        AllowlistEntry.Allow("System.InvalidOperationException", Exceptions),
        AllowlistEntry.Allow("System.NotImplementedException", Exceptions),
        AllowlistEntry.Allow("System.NotSupportedException", Exceptions),
        AllowlistEntry.Allow("System.NullReferenceException", Exceptions),
        AllowlistEntry.Allow("System.ObjectDisposedException", Exceptions),
        AllowlistEntry.Allow("System.AggregateException", Exceptions),
        AllowlistEntry.Allow("System.Diagnostics.UnreachableException", Exceptions),

        // System.Type: typeof(T) and GetType() give a Type, which may be compared; everything else on it is reflection.
        AllowlistEntry.NameOnly("System.Type", "reflection"),
        AllowlistEntry.Allow("System.Type.op_Equality", "comparing types"),
        AllowlistEntry.Allow("System.Type.op_Inequality", "comparing types"),
        AllowlistEntry.Allow("System.Type.Equals", "comparing types"),
        AllowlistEntry.Allow("System.Type.FullName", "a type's name is a string"),
        AllowlistEntry.Allow("System.Reflection.MemberInfo.Name", "a type's name is a string (Type.Name is declared here)"),

        // ---- System: refused, with the reason a student sees ------------------------------------------------------
        // Printing is not needed (results go through the contracts), output could flood the worker's pipe or forge
        // lines a log parser trusts, and ReadLine would block.
        AllowlistEntry.Deny("System.Console", "console I/O (results go through the contracts; printing is not needed)"),
        AllowlistEntry.Deny("System.Environment", "the process environment (exit, variables, machine details)"),
        AllowlistEntry.Allow("System.Environment.NewLine", "a constant string, common in text building"),
        AllowlistEntry.Deny("System.AppContext", "the process environment (switches and data of the runtime)"),
        AllowlistEntry.Deny("System.AppDomain", "runtime control (assemblies, domains, process events)"),
        AllowlistEntry.Deny("System.Activator", "reflection (creating objects by type)"),
        AllowlistEntry.Deny("System.GC", "runtime control (the garbage collector)"),
        AllowlistEntry.Deny("System.Delegate", "reflection (DynamicInvoke, Method, CreateDelegate)"),
        AllowlistEntry.Deny("System.MulticastDelegate", "reflection (DynamicInvoke, Method, CreateDelegate)"),
        AllowlistEntry.Deny("System.RuntimeTypeHandle", "reflection"),
        AllowlistEntry.Deny("System.RuntimeMethodHandle", "reflection"),
        AllowlistEntry.Deny("System.RuntimeFieldHandle", "reflection"),
        AllowlistEntry.Deny("System.ModuleHandle", "reflection"),
        AllowlistEntry.Deny("System.ArgIterator", "undocumented runtime features (varargs and typed references)"),
        AllowlistEntry.Deny("System.TypedReference", "undocumented runtime features (varargs and typed references)"),
        AllowlistEntry.Deny("System.RuntimeArgumentHandle", "undocumented runtime features (varargs and typed references)"),
        // ArrayPool.Shared is shared with the grader in the same process: an array returned to it and still written
        // corrupts whoever rents it next. Not needed: allocate.
        AllowlistEntry.Deny("System.Buffers", "shared buffer pools (shared with the grader; allocate arrays instead)"),
        AllowlistEntry.Deny("System.IO", "file I/O (a hand-in may not read or write files or streams)"),
        AllowlistEntry.Deny("System.Net", "the network"),
        AllowlistEntry.Deny("System.Resources", "file I/O (resource files)"),
        AllowlistEntry.Deny("System.Reflection", "reflection"),
        AllowlistEntry.Deny("System.Reflection.Emit", "code generation"),
        AllowlistEntry.Deny("System.Dynamic", "dynamic binding (it bypasses these checks)"),
        AllowlistEntry.Deny("System.ComponentModel", "reflection (type descriptors)"),
        AllowlistEntry.Deny("System.Runtime", "runtime internals"),
        AllowlistEntry.Deny("System.Runtime.InteropServices", "native interop (P/Invoke, Marshal, NativeMemory, raw memory views)"),
        AllowlistEntry.Deny("System.Runtime.Loader", "loading assemblies"),
        // Only the attributes the compiler emits itself (records, nullable, interpolated strings) come from here, and
        // those are never written in source, so the whole namespace is refused.
        AllowlistEntry.Deny("System.Runtime.CompilerServices", "compiler and runtime internals"),
        AllowlistEntry.Deny("System.Runtime.CompilerServices.Unsafe", "unsafe memory access"),
        AllowlistEntry.Deny("System.Runtime.CompilerServices.RuntimeHelpers", "runtime internals (class constructors, uninitialised objects)"),
        AllowlistEntry.Deny("System.Runtime.CompilerServices.ModuleInitializerAttribute", "module initializers (code that runs when the hand-in is loaded)"),
        AllowlistEntry.Deny("System.Security", "security and cryptography services"),
        AllowlistEntry.Deny("System.Diagnostics", "diagnostics (processes, tracing, the debugger)"),
        AllowlistEntry.Deny("System.Diagnostics.Process", "processes"),
        AllowlistEntry.Deny("System.Diagnostics.ProcessStartInfo", "processes"),
        // Debug.* calls vanish in the grader's Release build (DEBUG is not defined), so an assert would silently do
        // nothing; Trace reaches listeners that write files. Throw an exception to report a broken assumption.
        AllowlistEntry.Deny("System.Diagnostics.Debug", "debug output (Debug calls are removed in the grader's build; throw an exception instead)"),
        AllowlistEntry.Deny("System.Diagnostics.Trace", "trace output"),
        AllowlistEntry.Deny("System.Diagnostics.Debugger", "the debugger"),
        AllowlistEntry.Deny("System.Diagnostics.Stopwatch", ClockReason),
        AllowlistEntry.Deny("System.Diagnostics.StackTrace", "reflection (stack inspection)"),
        AllowlistEntry.Deny("System.Diagnostics.StackFrame", "reflection (stack inspection)"),
        // Nullability attributes ([NotNullWhen], [MaybeNull] …) only inform the compiler.
        AllowlistEntry.Allow("System.Diagnostics.CodeAnalysis", "attributes for the compiler's nullable analysis"),
        // Threads, tasks, timers, waiting and locks: the contracts are synchronous, and work started on another thread
        // or a timer outlives the check that started it. Parallel and Task.Run are threads; Task.Delay is a timer.
        AllowlistEntry.Deny("System.Threading", "threads, timers and waiting"),
        AllowlistEntry.Deny("System.Threading.Tasks", "threads and tasks (the contracts are synchronous)"),
        AllowlistEntry.Deny("System.Timers", "timers"),

        // ---- Collections, LINQ, math, text, globalization ------------------------------------------------------------
        // Generic, non-generic, immutable, frozen, object-model and specialized collections: plain data structures.
        AllowlistEntry.Allow("System.Collections", "collections"),
        AllowlistEntry.Deny("System.Collections.Concurrent", "threads (concurrent collections exist for multi-threaded code)"),
        // Their order follows the keys' hash codes, which .NET randomises per process for strings and objects (issue 79).
        AllowlistEntry.Deny("System.Collections.Hashtable", HashOrder),
        AllowlistEntry.Deny("System.Collections.Specialized.HybridDictionary", HashOrder),
        AllowlistEntry.Deny("System.Collections.Specialized.StringDictionary", HashOrder),
        AllowlistEntry.Deny("System.Collections.Immutable.ImmutableDictionary", HashOrder),
        AllowlistEntry.Deny("System.Collections.Immutable.ImmutableHashSet", HashOrder),
        AllowlistEntry.Deny("System.Collections.Frozen", HashOrder),
        AllowlistEntry.Allow("System.Linq", "LINQ to objects"),
        AllowlistEntry.Deny("System.Linq.Enumerable.Shuffle", "process-wide state (it draws from the process's shared random source; shuffle with the Generator the grader passes)"),
        AllowlistEntry.Deny("System.Linq.Expressions", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.Queryable", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.IQueryable", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.IOrderedQueryable", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.IQueryProvider", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.EnumerableQuery", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.EnumerableExecutor", ExpressionTrees),
        AllowlistEntry.Deny("System.Linq.ParallelEnumerable", Plinq),
        AllowlistEntry.Deny("System.Linq.ParallelQuery", Plinq),
        AllowlistEntry.Deny("System.Linq.OrderedParallelQuery", Plinq),
        AllowlistEntry.Deny("System.Linq.ParallelExecutionMode", Plinq),
        AllowlistEntry.Deny("System.Linq.ParallelMergeOptions", Plinq),
        AllowlistEntry.Allow("System.Numerics", "math (Vector, Complex, BigInteger, generic math)"),
        // Routes the adversarial corpus found (Submissions/Examples/Adversarial): loads and stores at a managed
        // reference plus an offset, unchecked — memory outside an array without `unsafe`.
        AllowlistEntry.Deny("System.Numerics.Vector.LoadUnsafe", "unchecked memory access (reads past the end of an array)"),
        AllowlistEntry.Deny("System.Numerics.Vector.StoreUnsafe", "unchecked memory access (writes past the end of an array)"),
        AllowlistEntry.Deny("System.Numerics.Vector.LoadAligned", "unchecked memory access (pointers)"),
        AllowlistEntry.Deny("System.Numerics.Vector.StoreAligned", "unchecked memory access (pointers)"),
        AllowlistEntry.Deny("System.Numerics.Vector.LoadAlignedNonTemporal", "unchecked memory access (pointers)"),
        AllowlistEntry.Deny("System.Numerics.Vector.StoreAlignedNonTemporal", "unchecked memory access (pointers)"),
        AllowlistEntry.Deny("System.Numerics.Vector2.LoadUnsafe", "unchecked memory access (reads past the end of an array)"),
        AllowlistEntry.Deny("System.Numerics.Vector3.LoadUnsafe", "unchecked memory access (reads past the end of an array)"),
        AllowlistEntry.Deny("System.Numerics.Vector4.LoadUnsafe", "unchecked memory access (reads past the end of an array)"),
        // "Unsafe" here means the other elements hold whatever the register held: a result that varies from run to run.
        AllowlistEntry.Deny("System.Numerics.Vector.AsVector3Unsafe", UndefinedElements),
        AllowlistEntry.Deny("System.Numerics.Vector.AsVector4Unsafe", UndefinedElements),
        AllowlistEntry.Deny("System.Numerics.Vector.CreateScalarUnsafe", UndefinedElements),
        AllowlistEntry.Deny("System.Numerics.Vector2.CreateScalarUnsafe", UndefinedElements),
        AllowlistEntry.Deny("System.Numerics.Vector3.CreateScalarUnsafe", UndefinedElements),
        AllowlistEntry.Deny("System.Numerics.Vector4.CreateScalarUnsafe", UndefinedElements),
        AllowlistEntry.Allow("System.Text", "text (StringBuilder, encodings, regular expressions)"),
        AllowlistEntry.Deny("System.Text.Encoding.RegisterProvider", "a process-wide hook (it changes how every encoding in the process is looked up)"),
        // System.Text.Json creates and fills objects of any type by reflection; a hand-in has no JSON to read anyway.
        AllowlistEntry.Deny("System.Text.Json", "reflection (JSON serialisation creates and fills objects by reflection)"),
        AllowlistEntry.Deny("System.Text.Encodings.Web", "web encoders (HTML, JavaScript and URL escaping are not needed)"),
        AllowlistEntry.Allow("System.Globalization", "culture-invariant formatting and parsing (CultureInfo.InvariantCulture)"),
        // The current culture belongs to the grader's thread (or, for the defaults, to the whole process).
        AllowlistEntry.Deny("System.Globalization.CultureInfo.CurrentCulture", "the grader's culture settings (format with CultureInfo.InvariantCulture)"),
        AllowlistEntry.Deny("System.Globalization.CultureInfo.CurrentUICulture", "the grader's culture settings (format with CultureInfo.InvariantCulture)"),
        AllowlistEntry.Deny("System.Globalization.CultureInfo.DefaultThreadCurrentCulture", "the grader's culture settings (format with CultureInfo.InvariantCulture)"),
        AllowlistEntry.Deny("System.Globalization.CultureInfo.DefaultThreadCurrentUICulture", "the grader's culture settings (format with CultureInfo.InvariantCulture)"),

        // ---- Outside System --------------------------------------------------------------------------------------
        // Microsoft.Win32 (registry, file dialogs), Microsoft.VisualBasic (FileSystem, Interaction.Shell),
        // Microsoft.CSharp (the dynamic binder).
        AllowlistEntry.Deny("Microsoft", "platform services (registry, Visual Basic file system and shell, dynamic binder)"),
        AllowlistEntry.Deny("Microsoft.Win32", "the registry and other platform services"),
    ];

    private readonly Dictionary<string, AllowlistEntry> _byPrefix;

    /// <summary>A policy of <paramref name="entries"/>; names no entry covers are refused.</summary>
    /// <exception cref="ArgumentException">An entry has an empty or malformed prefix, or two entries have the same prefix.</exception>
    public ApiAllowlist(IEnumerable<AllowlistEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToArray();
        _byPrefix = new Dictionary<string, AllowlistEntry>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Prefix) || entry.Prefix.StartsWith('.') || entry.Prefix.EndsWith('.')
                || entry.Prefix.Contains("..", StringComparison.Ordinal) || entry.Prefix.StartsWith("global::", StringComparison.Ordinal))
            {
                throw new ArgumentException($"The allowlist entry '{entry}' has a malformed prefix.", nameof(entries));
            }

            if (string.IsNullOrWhiteSpace(entry.Reason))
            {
                throw new ArgumentException($"The allowlist entry for '{entry.Prefix}' gives no reason.", nameof(entries));
            }

            if (!_byPrefix.TryAdd(entry.Prefix, entry))
            {
                throw new ArgumentException($"The allowlist has two entries for '{entry.Prefix}'.", nameof(entries));
            }
        }

        Analyzers = [new AllowlistAnalyzer(this).Analyze, new PurityAnalyzer().Analyze];
    }

    /// <summary>The policy hand-ins are compiled with (<see cref="DefaultEntries"/>).</summary>
    public static ApiAllowlist Default { get; } = new(DefaultEntries);

    /// <summary>The rows of this policy.</summary>
    public IReadOnlyList<AllowlistEntry> Entries { get; }

    /// <summary>The analyzer enforcing this policy, in the shape <see cref="HandinCompiler"/> takes.</summary>
    public IReadOnlyList<Func<SyntaxTree, SemanticModel, IEnumerable<Diagnostic>>> Analyzers { get; }

    /// <summary>The entry deciding <paramref name="name"/>: the longest prefix matching it, or null when none does.</summary>
    public AllowlistEntry? Match(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var candidate = name; candidate.Length > 0;)
        {
            if (_byPrefix.TryGetValue(candidate, out var entry))
            {
                return entry;
            }

            int dot = candidate.LastIndexOf('.');
            candidate = dot < 0 ? "" : candidate.Substring(0, dot);
        }

        return null;
    }

    /// <summary>
    /// Why a hand-in may not use <paramref name="name"/> (a namespace-qualified type, or a type's name, a dot and a
    /// member's name, e.g. <c>System.IO.File.ReadAllText</c>), or null when it may.
    /// </summary>
    public string? RefusalReason(string name)
    {
        var entry = Match(name);
        return entry?.Access switch
        {
            null => NotListedReason,
            AllowlistAccess.Allowed => null,
            AllowlistAccess.NameOnly when string.Equals(entry.Prefix, name, StringComparison.Ordinal) => null,
            _ => entry.Reason,
        };
    }
}
