using Microsoft.CodeAnalysis;

namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// Calls whose result differs from one process to the next while the code and its inputs stay the same (issue 79
/// item 2), which the policy's rows cannot tell from their harmless overloads, so <see cref="AllowlistAnalyzer"/> asks
/// here for every method and constructor a hand-in names (reported as <see cref="AllowlistAnalyzer.ApiRuleId"/>):
/// <list type="bullet">
/// <item><b>an unseeded <c>new Random()</c></b> (and a subclass's implicit <c>base()</c>): .NET seeds it from the
/// process, so the fresh host draws other numbers; <c>new Random(seed)</c> stays allowed;</item>
/// <item><b>a hash code</b>: every <c>GetHashCode</c> of a string (.NET randomises string hashing per process), of an
/// object without its own (an identity hash), of a comparer, a tuple, an anonymous type or a record the compiler wrote
/// it for (they hash their fields, strings included). Allowed: a number's, a <c>bool</c>'s, a <c>char</c>'s and an
/// enum's (their bits), and the hand-in's own <c>GetHashCode</c> (its body is checked like the rest).</item>
/// </list>
/// The other process-dependent sources are rows of <see cref="ApiAllowlist.DefaultEntries"/> (<c>System.HashCode</c>,
/// <c>Guid</c>, <c>Enumerable.Shuffle</c>, the hash-ordered collections, the clock, the environment, threads, the GC).
/// A network needs none of them: the grader rebuilds it from its parameters in a fresh process, where it must compute
/// the same function.
/// </summary>
public static class ProcessDependentValues
{
    /// <summary>Why a hash code is refused (the message's reason).</summary>
    public const string HashReason =
        "a hash code, which .NET randomises per process for strings, objects, tuples and records (the network must compute the same function in every process: the grader rebuilds it from its parameters in a fresh one; hash only numbers, or compare with Equals)";

    /// <summary>Why an unseeded Random is refused (the message's reason).</summary>
    public const string UnseededRandomReason =
        "a random source seeded by the process (it draws other numbers in every process; draw from the Generator the grader passes, or seed it: new Random(seed))";

    /// <summary>
    /// The name a message gives and the reason, when the hand-in may not call <paramref name="method"/> (a method or a
    /// constructor; the hand-in's assembly is <paramref name="handin"/>), or null when it may.
    /// </summary>
    public static (string Name, string Reason)? Refusal(IMethodSymbol method, IAssemblySymbol handin)
    {
        ArgumentNullException.ThrowIfNull(method);
        method = method.ReducedFrom ?? method;
        if (method.MethodKind == MethodKind.Constructor && IsRandom(method.ContainingType) && method.Parameters.Length == 0)
        {
            return ("System.Random() without a seed", UnseededRandomReason);
        }

        if (method.Name != nameof(GetHashCode) || method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            return null;
        }

        var type = method.ContainingType;
        if (type is null || (SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, handin) && !method.IsImplicitlyDeclared && !type.IsAnonymousType))
        {
            return null; // the hand-in's own GetHashCode: its body is analysed like every other.
        }

        // What is hashed: the receiver (x.GetHashCode()), or a comparer's one argument (comparer.GetHashCode(x)); a string's
        // overloads (a comparison, a span) hash the string.
        var hashed = type.SpecialType == SpecialType.System_String ? null : method.Parameters.Length switch
        {
            0 => type,
            1 => method.Parameters[0].Type,
            _ => null,
        };
        return hashed is not null && HasFixedHash(hashed) ? null : (Name(type) + ".GetHashCode", HashReason);
    }

    /// <summary>Whether <paramref name="type"/> is <c>System.Random</c>.</summary>
    public static bool IsRandom(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Random", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>Numbers, <c>bool</c>, <c>char</c> and enums hash their bits: the same in every process.</summary>
    private static bool HasFixedHash(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum
        || type.SpecialType is SpecialType.System_Enum or SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Decimal or SpecialType.System_Single or SpecialType.System_Double
            or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    private static string Name(INamedTypeSymbol type) => type.IsAnonymousType ? "an anonymous type" : AllowlistAnalyzer.TypeName(type);
}
