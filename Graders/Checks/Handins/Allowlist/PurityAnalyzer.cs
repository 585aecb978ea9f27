using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// The model is a pure function of its declared parameters and its inputs (design.md, "Checks", point 4; issue 79
/// item 2): the grader trains the network with its own loop, checks it on steps of its choosing and rebuilds it from
/// the trained parameters on a fresh host, so anything the network remembers outside its parameters — a call counter
/// that tells checked steps from the others, batches memorised for a closed form after training, a random source of
/// its own — changes the function the grade rests on. This analyzer refuses, when the hand-in is compiled
/// (<see cref="RuleId"/>, on the field's line, naming it), the forms of such state that survive every call of the
/// hand-in's process:
/// <list type="bullet">
/// <item>a <b>static field</b> that is not <c>const</c> and not <c>static readonly</c> of an immutable type (a number,
/// <c>bool</c>, <c>char</c>, <c>string</c>, an enum, or a nullable of one), auto-properties' hidden fields included.
/// Arrays and collections are refused even when <c>readonly</c>: the reference is fixed, the elements are not (a
/// <c>static readonly float[]</c> is as good a memory as a <c>List</c>); a constant table is a
/// <c>static ReadOnlySpan&lt;T&gt; Name =&gt; [...]</c> property, which has no field and cannot be written;</item>
/// <item>a field (static or not, a primary constructor's captured parameter included) of type <c>System.Random</c> or
/// the engine's <c>Generator</c> in a type whose objects are the network (a <c>ITrainable…</c> contract, or the
/// engine's <c>Module</c>): the generator the grader passes draws the initial weights in the constructor; a network
/// that keeps one draws differently at every call. (A helper of the training parts may hold one: the loss's adapter
/// over the keyed source the grader passes.)</item>
/// </list>
/// <para>
/// <b>Scope.</b> The rule applies to the types of the trained model: every hand-in type that implements a training
/// contract (an interface of the contracts whose name holds <c>Training</c> or <c>Trainable</c>: the training parts
/// and the trainable networks) or derives from the engine's <c>Module</c>, and, to a fixed point, every hand-in type
/// such a type names in its code, contains, is nested in or derives from (a helper class holding the memory is named
/// by the model that reads it). Other contracts (a schedule's validity, a loss checked on replayed inputs) are graded
/// by checks that call them on inputs of their own and are run each in a fresh process per hand-in; their statics are
/// left to the hosts, and the adversarial hand-ins that probe those hosts compile as before. Names are matched by their
/// text (a type of the hand-in named in a scope type's code joins the scope), which can only widen the scope.
/// </para>
/// <para>
/// <b>Instance state</b> (<see cref="InstanceState"/>): in the network's types (an <c>ITrainable…</c> contract, the
/// engine's <c>Module</c>, and the hand-in types they hold in fields) an instance field is set while the object is
/// built and never after, and a tensor field of a Module holds a registered parameter or buffer; a counter, a cache, a
/// switch, a memorised batch or a tensor filled in Forward is refused on the line that writes it, naming the field. The
/// seven mutants of the example corpus that were exactly that moved to the cheats (issue 79), refused by it.
/// </para>
/// <para>
/// <b>Delegates</b> (<see cref="DelegateState"/>): in the network's types a delegate field bound to another object's
/// method (<c>generator.NextDouble</c>) or a closure over a captured local or parameter (a counter, a generator, a list)
/// is refused on the line that binds it, naming the field; so is such a delegate given to a network's constructor. The
/// other state sources of the process (threads' and async locals, weak tables, the environment, the shared
/// <c>Random</c>, the string intern pool) are refused by the API allowlist (GRADER001) wherever they are used.
/// </para>
/// <para>
/// <b>Not refused here</b> (the grader's run-time probes are the backstop, in the training loop and among the
/// sampling calls): a write through an alias (a local holding the field, a helper method given it), a delegate
/// read from elsewhere (another field, a call's result), a generator held inside an engine module (<c>nn.Dropout</c>),
/// a function keyed on the call's size or on the grad mode (no state at all).
/// </para>
/// Every legitimate hand-in of the repository compiles under it (the Template, each family's Correct, Variants and
/// Mutants, the Adversarial corpus that compiled before; <c>PurityRuleTests</c>).
/// </summary>
public sealed class PurityAnalyzer
{
    /// <summary>The id of "this hand-in type keeps state outside the network's parameters".</summary>
    public const string RuleId = "GRADER005";

    /// <summary>Why, in every message: the sheet's task and the grader's loop.</summary>
    public const string Why = "the network must be a pure function of its parameters and inputs (sheet's task; the grader trains it with its own loop)";

    // RS2008: see AllowlistAnalyzer.
#pragma warning disable RS2008
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleId, "State outside the network's parameters", "{0} {1}: " + Why + "; {2}", "Allowlist", DiagnosticSeverity.Error, isEnabledByDefault: true);
#pragma warning restore RS2008

    private const string StaticRemedy =
        "keep constants as const or static readonly numbers (a table as a static ReadOnlySpan<T> property), and what the network learns in its registered parameters";

    private const string RandomRemedy =
        "draw the initial weights from the Generator the grader passes, in the constructor, and keep no random source";

    /// <summary>The scope of each compilation, computed once for all of its trees.</summary>
    private static readonly ConditionalWeakTable<Compilation, Dictionary<INamedTypeSymbol, string>> Scopes = new();

    /// <summary>The types whose instance fields are held to the rule (<see cref="InstanceState.Held"/>), once per compilation.</summary>
    private static readonly ConditionalWeakTable<Compilation, Dictionary<INamedTypeSymbol, string>> Held = new();

    /// <summary>The diagnostics for the fields declared in <paramref name="tree"/>, whose semantic model is <paramref name="model"/>.</summary>
    public IEnumerable<Diagnostic> Analyze(SyntaxTree tree, SemanticModel model)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(model);
        var scope = Scopes.GetValue(model.Compilation, ScopeOf);
        var diagnostics = new List<Diagnostic>();
        foreach (var pair in scope)
        {
            var type = pair.Key;
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsConst) continue;
                var shown = (ISymbol?)field.AssociatedSymbol ?? field;
                var location = shown.Locations.FirstOrDefault(l => l.SourceTree == tree);
                if (location is null) continue;
                string what = (field.IsStatic ? "static " : "") + (shown is IPropertySymbol ? "property" : "field") + " `" + type.Name + "." + ShownName(shown) + "`";
                if (IsRandomSource(field.Type) && IsNetwork(type))
                {
                    diagnostics.Add(Diagnostic.Create(Rule, location, what,
                        "holds its own random source (" + field.Type.ToDisplayString() + "; " + pair.Value + ")", RandomRemedy));
                }
                else if (field.IsStatic && !(field.IsReadOnly && IsImmutable(field.Type)))
                {
                    string reason = field.IsReadOnly
                        ? "is of a mutable type (" + field.Type.ToDisplayString() + "), whose contents outlive every call"
                        : "is not readonly: it keeps what it is given for as long as the process runs";
                    diagnostics.Add(Diagnostic.Create(Rule, location, what, reason + " (" + pair.Value + ")", StaticRemedy));
                }
            }
        }

        var held = Held.GetValue(model.Compilation, c => InstanceState.Held(scope.Keys, IsNetwork, c.Assembly));
        diagnostics.AddRange(InstanceState.Analyze(tree, model, held, IsModule));
        diagnostics.AddRange(DelegateState.Analyze(tree, model, held, Rule));
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }

    /// <summary>A field's name as written: a primary constructor's captured parameter (<c>&lt;g&gt;P</c>) by the parameter's name.</summary>
    private static string ShownName(ISymbol symbol) =>
        symbol.IsImplicitlyDeclared && symbol.Name.StartsWith("<", StringComparison.Ordinal) && symbol.Name.IndexOf('>') > 1
            ? symbol.Name.Substring(1, symbol.Name.IndexOf('>') - 1)
            : symbol.Name;

    /// <summary>
    /// A type whose objects are the network itself (a trainable contract, or the engine's Module): the ones that may
    /// keep no random source. A helper of the training parts may (the loss's adapter over the grader's keyed source).
    /// </summary>
    private static bool IsNetwork(INamedTypeSymbol type)
    {
        foreach (var contract in type.AllInterfaces)
        {
            if (contract.Name.StartsWith("ITrainable", StringComparison.Ordinal)
                && (contract.ContainingNamespace?.ToDisplayString() ?? "").StartsWith("Grader.Contracts", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return IsModule(type);
    }

    /// <summary>A type that derives from the engine's <c>Module</c>.</summary>
    private static bool IsModule(INamedTypeSymbol type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.ToDisplayString() == "Grader.Tensors.Module") return true;
        }

        return false;
    }

    /// <summary>Numbers, bool, char, string, enums and their nullables: values no code can change in place.</summary>
    internal static bool IsImmutable(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsImmutable(nullable.TypeArguments[0]);
        }

        return type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_String;
    }

    private static bool IsRandomSource(ITypeSymbol type) =>
        type.OriginalDefinition.ToDisplayString() is "System.Random" or "Grader.Tensors.Generator";

    /// <summary>
    /// The hand-in's types of the trained model, each with why it is one (the contract it implements, or the type of
    /// the model that reaches it): the roots (training contracts, the engine's Module) and their closure.
    /// </summary>
    private static Dictionary<INamedTypeSymbol, string> ScopeOf(Compilation compilation)
    {
        var own = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, own);
        var byName = new Dictionary<string, List<INamedTypeSymbol>>(StringComparer.Ordinal);
        foreach (var type in own)
        {
            if (!byName.TryGetValue(type.Name, out var list)) byName[type.Name] = list = [];
            list.Add(type);
        }

        var scope = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        var queue = new Queue<INamedTypeSymbol>();
        foreach (var type in own)
        {
            if (RootReason(type, compilation.Assembly) is { } reason)
            {
                scope[type] = reason;
                queue.Enqueue(type);
            }
        }

        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            string reached = "used by " + type.Name + ", part of the trained model";
            foreach (var next in Reached(type, byName, compilation.Assembly))
            {
                if (scope.ContainsKey(next)) continue;
                scope[next] = reached;
                queue.Enqueue(next);
            }
        }

        return scope;
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> into)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns) Collect(ns, into);
            else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
            {
                into.Add(type);
                Collect(type, into);
            }
        }
    }

    /// <summary>Why <paramref name="type"/> is part of the trained model by itself, or null.</summary>
    private static string? RootReason(INamedTypeSymbol type, IAssemblySymbol handin)
    {
        foreach (var contract in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(contract.ContainingAssembly, handin)) continue;
            string ns = contract.ContainingNamespace?.ToDisplayString() ?? "";
            if (ns.StartsWith("Grader.Contracts", StringComparison.Ordinal)
                && (contract.Name.IndexOf("Training", StringComparison.Ordinal) >= 0 || contract.Name.IndexOf("Trainable", StringComparison.Ordinal) >= 0))
            {
                return type.Name + " implements " + contract.Name;
            }
        }

        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.ToDisplayString() == "Grader.Tensors.Module") return type.Name + " is an engine Module";
        }

        return null;
    }

    /// <summary>The hand-in types <paramref name="type"/> contains, is nested in, derives from, or names in its code or its files' <c>using static</c>.</summary>
    private static IEnumerable<INamedTypeSymbol> Reached(INamedTypeSymbol type, Dictionary<string, List<INamedTypeSymbol>> byName, IAssemblySymbol handin)
    {
        foreach (var nested in type.GetTypeMembers()) yield return nested;
        if (type.ContainingType is { } outer) yield return outer;
        for (var b = type.BaseType; b is not null && SymbolEqualityComparer.Default.Equals(b.ContainingAssembly, handin); b = b.BaseType)
        {
            yield return b;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var usingStatics = syntax.SyntaxTree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>().Where(u => u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword)).Select(u => (SyntaxNode)u);
            foreach (var token in syntax.DescendantTokens().Concat(usingStatics.SelectMany(u => u.DescendantTokens())))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && byName.TryGetValue(token.ValueText, out var named))
                {
                    foreach (var t in named) yield return t;
                }
            }
        }
    }
}
