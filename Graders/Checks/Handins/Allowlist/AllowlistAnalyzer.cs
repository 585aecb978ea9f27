using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// Enforces an <see cref="ApiAllowlist"/> on one syntax tree of a hand-in. It walks every node and reports
/// <list type="bullet">
/// <item><see cref="ApiRuleId"/> for every name that resolves, through the semantic model, to a namespace-qualified
/// type or member the policy refuses: invoked methods (extension methods by their declaring class), created objects,
/// member accesses, types in declarations, casts, <c>typeof</c>, generic arguments, base types and attributes,
/// <c>using static</c> and <c>using</c> aliases. A type qualifying a refused member is not reported again
/// (<c>System.IO.File.ReadAllText</c> is one error, not also <c>System.IO.File</c>); each refused member of a chain is
/// (<c>Console.Out.WriteLine</c>: <c>Console.Out</c> and <c>TextWriter.WriteLine</c>). The hand-in's own symbols are always allowed;
/// implicit uses (conversions, <c>foreach</c>, interpolated-string handlers, <c>var</c>) are not checked.</item>
/// <item><see cref="FeatureRuleId"/> for language features that would defeat the check or escape the runtime's
/// safety: <c>unsafe</c>, pointers, <c>fixed</c>, <c>stackalloc</c> into a pointer, function pointers, <c>extern</c>,
/// <c>[DllImport]</c>/<c>[LibraryImport]</c>, <c>[ModuleInitializer]</c>, <c>[UnsafeAccessor]</c>, <c>__arglist</c>
/// and the other undocumented keywords, <c>dynamic</c>, finalizers, and types declared in a <c>System</c> or
/// <c>Microsoft</c> namespace.</item>
/// </list>
/// Names inside <c>nameof(…)</c> are not uses and are skipped.
/// </summary>
public sealed class AllowlistAnalyzer
{
    /// <summary>The id of "this API may not be used in a hand-in".</summary>
    public const string ApiRuleId = "GRADER001";

    /// <summary>The id of "this language feature may not be used in a hand-in".</summary>
    public const string FeatureRuleId = "GRADER002";

    private const string Category = "Allowlist";
    private const string UnsafeCode = "unsafe code (it can read and write any memory)";
    private const string Undocumented = "undocumented runtime features (varargs and typed references)";

    // RS2008 (release tracking) is for analyzer packages; these rules ship inside the grader and, for the student
    // repository's build, inside Grader.HandinAnalyzer (which reports them with these descriptors).
#pragma warning disable RS2008
    internal static readonly DiagnosticDescriptor ApiRule = new(
        ApiRuleId, "API not allowed in a hand-in", "uses {0}, which hand-ins may not use: {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    internal static readonly DiagnosticDescriptor FeatureRule = new(
        FeatureRuleId, "Language feature not allowed in a hand-in", "{0} is not allowed in a hand-in: {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
#pragma warning restore RS2008

    /// <summary>Attributes refused whatever they resolve to (a hand-in could declare its own with the same full name).</summary>
    private static readonly Dictionary<string, (string What, string Why)> SpecialAttributes = new(StringComparer.Ordinal)
    {
        ["System.Runtime.InteropServices.DllImportAttribute"] = ("[DllImport]", "native interop (P/Invoke calls native code)"),
        ["System.Runtime.InteropServices.LibraryImportAttribute"] = ("[LibraryImport]", "native interop (P/Invoke calls native code)"),
        ["System.Runtime.CompilerServices.ModuleInitializerAttribute"] = ("[ModuleInitializer]", "module initializers (code that runs when the hand-in is loaded)"),
        ["System.Runtime.CompilerServices.UnsafeAccessorAttribute"] = ("[UnsafeAccessor]", "reflection (it reaches private members of other types)"),
    };

    private static readonly string[] ReservedNamespaces = ["System", "Microsoft"];

    private readonly ApiAllowlist _policy;

    /// <summary>An analyzer enforcing <paramref name="policy"/>.</summary>
    public AllowlistAnalyzer(ApiAllowlist policy)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
    }

    /// <summary>The diagnostics for <paramref name="tree"/>, whose semantic model is <paramref name="model"/>, in source order.</summary>
    public IEnumerable<Diagnostic> Analyze(SyntaxTree tree, SemanticModel model)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(model);

        var root = tree.GetRoot();
        var nodes = root.DescendantNodesAndSelf(n => !IsNameOf(n, model)).ToList();
        var diagnostics = new List<Diagnostic>();
        var handled = new HashSet<SyntaxNode>();

        foreach (var node in nodes)
        {
            CheckFeatures(node, model, diagnostics, handled);
        }

        var refused = new Dictionary<SimpleNameSyntax, (string Name, string Reason, bool IsType)>();
        foreach (var name in nodes.OfType<SimpleNameSyntax>())
        {
            if (handled.Contains(name) || name is IdentifierNameSyntax { IsVar: true } || IsAttributePropertyName(name))
            {
                continue;
            }

            var symbol = Resolve(model, name);
            if (symbol is null)
            {
                continue;
            }

            if (IsDynamic(symbol))
            {
                diagnostics.Add(Feature(name.GetLocation(), "`dynamic`", "dynamic binding (it bypasses these checks)"));
                continue;
            }

            if (QualifiedName(symbol, model.Compilation.Assembly) is { } qualified && _policy.RefusalReason(qualified) is { } reason)
            {
                refused[name] = (qualified, reason, symbol is ITypeSymbol or IAliasSymbol);
            }
            else if (symbol is IMethodSymbol method && ProcessDependentValues.Refusal(method, model.Compilation.Assembly) is { } dependent)
            {
                refused[name] = (dependent.Name, dependent.Reason, false);
            }
        }

        foreach (var (name, (qualified, reason, isType)) in refused)
        {
            if (isType && RightOf(name) is { } right && refused.ContainsKey(right))
            {
                continue; // System.IO.File.ReadAllText: reported once, by ReadAllText (but Console.Out.WriteLine: Out and WriteLine).
            }

            diagnostics.Add(Diagnostic.Create(ApiRule, name.GetLocation(), qualified, reason));
        }

        foreach (var creation in nodes.OfType<BaseObjectCreationExpressionSyntax>())
        {
            if (Resolve(model, creation) is not IMethodSymbol constructor)
            {
                continue;
            }

            // `new()`: no name to judge the type by, so the constructor is judged here (`new T()` is judged by its name above).
            if (creation is ImplicitObjectCreationExpressionSyntax
                && QualifiedName(constructor, model.Compilation.Assembly) is { } qualified
                && _policy.RefusalReason(qualified) is { } reason)
            {
                diagnostics.Add(Diagnostic.Create(ApiRule, creation.NewKeyword.GetLocation(), qualified, reason));
            }
            else if (ProcessDependentValues.Refusal(constructor, model.Compilation.Assembly) is { } dependent)
            {
                diagnostics.Add(Diagnostic.Create(ApiRule, creation.NewKeyword.GetLocation(), dependent.Name, dependent.Reason));
            }
        }

        CheckBaseConstructors(nodes, model, diagnostics);

        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The namespace-qualified name <paramref name="symbol"/> is judged by — a type's name (<c>System.IO.File</c>), or
    /// its containing type's name, a dot and its own (<c>System.IO.File.ReadAllText</c>; a constructor counts as its
    /// type) — or null when it is not judged: namespaces, locals, parameters, type parameters, lambdas, local
    /// functions, and everything declared in the hand-in (<paramref name="handin"/>) itself.
    /// </summary>
    public static string? QualifiedName(ISymbol symbol, IAssemblySymbol handin)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        switch (symbol)
        {
            case IAliasSymbol alias:
                return QualifiedName(alias.Target, handin);
            case IArrayTypeSymbol array:
                return QualifiedName(array.ElementType, handin);
            case IPointerTypeSymbol pointer:
                return QualifiedName(pointer.PointedAtType, handin);
            case INamedTypeSymbol type:
                return type.IsAnonymousType || type is IErrorTypeSymbol || IsOwn(type, handin) ? null : TypeName(type);
            case IMethodSymbol method:
                method = method.ReducedFrom ?? method;
                if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction || method.ContainingType is null)
                {
                    return null;
                }

                return method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor
                    ? QualifiedName(method.ContainingType, handin)
                    : MemberName(method, handin);
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                return symbol.ContainingType is null ? null : MemberName(symbol, handin);
            default:
                return null;
        }
    }

    private static string? MemberName(ISymbol member, IAssemblySymbol handin)
    {
        var type = member.ContainingType;
        return type.IsAnonymousType || IsOwn(type, handin) ? null : TypeName(type) + "." + member.Name;
    }

    private static bool IsOwn(ISymbol symbol, IAssemblySymbol handin) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, handin);

    /// <summary>Namespace, containing types and name, dot-separated, without generic arity (tuples are ValueTuple).</summary>
    internal static string TypeName(INamedTypeSymbol type)
    {
        type = type.IsTupleType ? type.TupleUnderlyingType ?? type : type;
        var parts = new List<string>();
        for (var t = type.OriginalDefinition; t is not null; t = t.ContainingType)
        {
            parts.Add(t.Name);
        }

        var ns = type.ContainingNamespace;
        if (ns is { IsGlobalNamespace: false })
        {
            parts.Add(ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)));
        }

        parts.Reverse();
        return string.Join('.', parts);
    }

    /// <summary>
    /// A constructor that chains to a refused base constructor: <c>: base()</c> written out, or left to the compiler (no
    /// initializer, or no constructor at all) in a class deriving from <c>System.Random</c>, whose parameterless
    /// constructor is seeded by the process (<see cref="ProcessDependentValues"/>).
    /// </summary>
    private static void CheckBaseConstructors(List<SyntaxNode> nodes, SemanticModel model, List<Diagnostic> diagnostics)
    {
        var handin = model.Compilation.Assembly;
        foreach (var initializer in nodes.OfType<ConstructorInitializerSyntax>())
        {
            if (Resolve(model, initializer) is IMethodSymbol chained && ProcessDependentValues.Refusal(chained, handin) is { } dependent)
            {
                diagnostics.Add(Diagnostic.Create(ApiRule, initializer.ThisOrBaseKeyword.GetLocation(), dependent.Name, dependent.Reason));
            }
        }

        foreach (var declaration in nodes.OfType<ClassDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not { } type || !ProcessDependentValues.IsRandom(type.BaseType))
            {
                continue;
            }

            var implicitBase = type.BaseType!.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0);
            if (implicitBase is null || ProcessDependentValues.Refusal(implicitBase, handin) is not { } dependent)
            {
                continue;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                var written = constructor.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<ConstructorDeclarationSyntax>().FirstOrDefault();
                if (constructor.IsImplicitlyDeclared && declaration.ParameterList is null)
                {
                    diagnostics.Add(Diagnostic.Create(ApiRule, declaration.Identifier.GetLocation(), dependent.Name, dependent.Reason));
                }
                else if (declaration.ParameterList is not null && constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() == declaration))
                {
                    // A primary constructor: `: Random(seed)` is judged by its arguments, a bare `: Random` chains to Random().
                    var chained = declaration.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault() is { } call ? Resolve(model, call) as IMethodSymbol : implicitBase;
                    if (chained is not null && ProcessDependentValues.Refusal(chained, handin) is { } primary)
                    {
                        diagnostics.Add(Diagnostic.Create(ApiRule, declaration.Identifier.GetLocation(), primary.Name, primary.Reason));
                    }
                }
                else if (written is { Initializer: null } && written.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(written.Span))
                {
                    diagnostics.Add(Diagnostic.Create(ApiRule, written.Identifier.GetLocation(), dependent.Name, dependent.Reason));
                }
            }
        }
    }

    private static ISymbol? Resolve(SemanticModel model, SyntaxNode node)
    {
        var info = model.GetSymbolInfo(node);
        return info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
    }

    private static bool IsDynamic(ISymbol symbol) => symbol switch
    {
        IDynamicTypeSymbol => true,
        IAliasSymbol alias => IsDynamic(alias.Target),
        IArrayTypeSymbol array => IsDynamic(array.ElementType),
        _ => false,
    };

    private static bool IsNameOf(SyntaxNode node, SemanticModel model) =>
        node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }
        && model.GetOperation(node) is INameOfOperation;

    /// <summary><c>[X(Name = …)]</c>: the property belongs to the attribute, which is judged itself.</summary>
    private static bool IsAttributePropertyName(SimpleNameSyntax name) =>
        name.Parent is NameEqualsSyntax { Parent: AttributeArgumentSyntax };

    /// <summary>For the left part of a qualified name or member access (<c>File</c> in <c>File.ReadAllText</c>), the right part.</summary>
    private static SimpleNameSyntax? RightOf(SimpleNameSyntax name)
    {
        SyntaxNode whole = name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => access,
            QualifiedNameSyntax qualified when qualified.Right == name => qualified,
            AliasQualifiedNameSyntax aliased when aliased.Name == name => aliased,
            _ => name,
        };

        return whole.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Expression == whole => access.Name,
            QualifiedNameSyntax qualified when qualified.Left == whole => qualified.Right,
            _ => null,
        };
    }

    private static void CheckFeatures(SyntaxNode node, SemanticModel model, List<Diagnostic> diagnostics, HashSet<SyntaxNode> handled)
    {
        foreach (var token in node.ChildTokens())
        {
            CheckToken(token, model, diagnostics);
        }

        switch (node)
        {
            case PointerTypeSyntax:
                diagnostics.Add(Feature(node.GetLocation(), "A pointer type", UnsafeCode));
                break;
            case FunctionPointerTypeSyntax:
                diagnostics.Add(Feature(node.GetLocation(), "A function pointer", "unsafe code (a function pointer calls any native or managed code)"));
                break;
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression }:
                diagnostics.Add(Feature(node.GetLocation(), "Taking an address (&)", UnsafeCode));
                break;
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PointerIndirectionExpression }:
                diagnostics.Add(Feature(node.GetLocation(), "Dereferencing a pointer (*)", UnsafeCode));
                break;
            case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression }:
                diagnostics.Add(Feature(node.GetLocation(), "Pointer member access (->)", UnsafeCode));
                break;
            case DestructorDeclarationSyntax destructor:
                diagnostics.Add(Feature(destructor.Identifier.GetLocation(), "A finalizer", "finalizers (they run later, on the runtime's finalizer thread)"));
                break;
            case BaseNamespaceDeclarationSyntax ns when FullNamespace(ns, model) is { } full && IsReserved(full):
                diagnostics.Add(Feature(ns.Name.GetLocation(), $"Declaring types in namespace {full}",
                    "framework namespaces are reserved (a type there can stand in for one the compiler or runtime treats specially)"));
                break;
            case AttributeSyntax attribute when SpecialAttribute(attribute, model) is { } special:
                diagnostics.Add(Feature(attribute.GetLocation(), special.What, special.Why));
                handled.UnionWith(attribute.Name.DescendantNodesAndSelf());
                break;
        }
    }

    private static void CheckToken(SyntaxToken token, SemanticModel model, List<Diagnostic> diagnostics)
    {
        var parent = token.Parent;
        (string What, string Why)? refusal = token.Kind() switch
        {
            SyntaxKind.UnsafeKeyword => (parent is UnsafeStatementSyntax ? "An `unsafe` block" : "The `unsafe` modifier", UnsafeCode),
            SyntaxKind.ExternKeyword => (parent is ExternAliasDirectiveSyntax ? "An `extern alias`" : "An `extern` member",
                "native interop (an extern member is implemented outside the hand-in)"),
            SyntaxKind.FixedKeyword => (parent is FixedStatementSyntax ? "A `fixed` statement" : "A fixed-size buffer", UnsafeCode),
            SyntaxKind.ArgListKeyword => ("`__arglist`", Undocumented),
            SyntaxKind.MakeRefKeyword => ("`__makeref`", Undocumented),
            SyntaxKind.RefTypeKeyword => ("`__reftype`", Undocumented),
            SyntaxKind.RefValueKeyword => ("`__refvalue`", Undocumented),
            SyntaxKind.StackAllocKeyword when parent is ExpressionSyntax creation && IsPointer(model.GetTypeInfo(creation)) =>
                ("`stackalloc` into a pointer", UnsafeCode),
            _ => null,
        };

        if (refusal is { } r)
        {
            diagnostics.Add(Feature(token.GetLocation(), r.What, r.Why));
        }
    }

    private static bool IsPointer(TypeInfo info) => info.Type is IPointerTypeSymbol || info.ConvertedType is IPointerTypeSymbol;

    private static (string What, string Why)? SpecialAttribute(AttributeSyntax attribute, SemanticModel model)
    {
        if (Resolve(model, attribute) is IMethodSymbol { ContainingType: { } type })
        {
            return SpecialAttributes.TryGetValue(TypeName(type), out var known) ? known : null;
        }

        // Unresolved (a compile error anyway): judge by the written name, so the message says what is wrong.
        var written = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => "",
        };
        return SpecialAttributes
            .Where(kv => kv.Key.EndsWith("." + written, StringComparison.Ordinal) || kv.Key.EndsWith("." + written + "Attribute", StringComparison.Ordinal))
            .Select(kv => ((string What, string Why)?)kv.Value)
            .FirstOrDefault();
    }

    private static bool IsReserved(string ns) =>
        ReservedNamespaces.Any(r => ns == r || ns.StartsWith(r + ".", StringComparison.Ordinal));

    /// <summary>The full name of a namespace declaration, nesting included ("Outer.System" is not reserved).</summary>
    private static string FullNamespace(BaseNamespaceDeclarationSyntax declaration, SemanticModel model) =>
        model.GetDeclaredSymbol(declaration) is { } symbol
            ? symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))
            : string.Join('.', declaration.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));

    private static Diagnostic Feature(Location location, string what, string why) =>
        Diagnostic.Create(FeatureRule, location, what, why);
}
