using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// The instance half of GRADER005 (<see cref="PurityAnalyzer"/>; issue 79 item 2): in a type whose objects are the
/// network (an <c>ITrainable…</c> contract or the engine's <c>Module</c>) and in every hand-in type such a network
/// holds in a field (to a fixed point), an instance field is set when the object is built and never after — a call
/// counter, a cache, a switch or a memorised batch is state that survives a call outside the parameters. Found in one
/// syntax tree, on the line of each:
/// <list type="bullet">
/// <item>a <b>write after construction</b>: an assignment (compound, <c>??=</c>, deconstruction), <c>++</c>/<c>--</c>,
/// a <c>ref</c>/<c>out</c> argument, or a call that writes its receiver in place (a tensor's <c>…_</c> method or
/// <c>CopyFrom</c>, a collection's <c>Add</c>/<c>Enqueue</c>/<c>Clear</c>/…, <c>load_state_dict</c>) or an argument
/// (<c>Array.Copy</c>, <c>Fill</c>, <c>CopyTo</c>), on the field itself, an element of it or a member of an engine
/// object it holds (<c>_layer.weight.CopyFrom(…)</c>), anywhere but in an instance constructor of its type (or a private helper every call of which is made there), its field
/// initialisers and an object initialiser; a lambda or local function is "after", since it runs when called. Captured
/// primary-constructor parameters and auto-properties count as fields (an <c>init</c> accessor is construction).</item>
/// <item>a <b>tensor field of a Module that is not registered</b>: every value a <c>Tensor</c> field of an engine
/// <c>Module</c> is given in the constructor is <c>register_parameter(…)</c> or <c>register_buffer(…)</c>, so that it
/// is part of the declared parameters or of the state the grader copies; anything else (a tensor computed once and
/// kept, or one filled later) does not cross to the fresh host.</item>
/// </list>
/// Writes through an alias (a local that holds the field) are not followed: the grader's run-time probes are the backstop.
/// </summary>
internal static class InstanceState
{
    /// <summary>What to do instead, in every message of this half.</summary>
    public const string Remedy =
        "make the field readonly and set it in the constructor only; what the network learns belongs in registered parameters (register_parameter), a constant tensor in register_buffer, and Forward computes from its inputs only";

    /// <summary>Method names that write their receiver in place (besides a tensor's <c>…_</c> methods).</summary>
    private static readonly HashSet<string> WritesReceiver = new(StringComparer.Ordinal)
    {
        "CopyFrom", "load_state_dict", "Add", "AddRange", "Insert", "InsertRange", "Clear", "Remove", "RemoveAt",
        "RemoveAll", "RemoveRange", "Enqueue", "Dequeue", "TryDequeue", "TryAdd", "Push", "Pop", "TryPop", "Fill",
        "Reverse", "Sort", "SetValue", "Set", "Initialize", "AddOrUpdate", "GetOrAdd", "TryRemove", "TryUpdate",
    };

    /// <summary>Method names that write an argument (<c>Array.Copy(src, dest, n)</c>, <c>src.CopyTo(dest)</c>, <c>Array.Fill(a, v)</c>).</summary>
    private static readonly HashSet<string> WritesArgument = new(StringComparer.Ordinal)
    {
        "Copy", "CopyTo", "ConstrainedCopy", "BlockCopy", "Fill", "Clear", "Reverse", "Sort", "Resize",
    };

    /// <summary>
    /// The types whose instance fields are held to the rule: of <paramref name="scope"/> (the trained model's types),
    /// the networks (<paramref name="isNetwork"/>) and the hand-in types they hold in fields, to a fixed point; each with why.
    /// </summary>
    public static Dictionary<INamedTypeSymbol, string> Held(IEnumerable<INamedTypeSymbol> scope, Func<INamedTypeSymbol, bool> isNetwork, IAssemblySymbol handin)
    {
        var held = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        var queue = new Queue<INamedTypeSymbol>();
        foreach (var type in scope)
        {
            if (!isNetwork(type)) continue;
            held[type] = type.Name + " is a network";
            queue.Enqueue(type);
        }

        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic) continue;
                foreach (var part in Parts(field.Type))
                {
                    if (part is not INamedTypeSymbol named || !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, handin)) continue;
                    var definition = named.OriginalDefinition;
                    if (held.ContainsKey(definition)) continue;
                    held[definition] = "held by " + type.Name + ", a part of the network";
                    queue.Enqueue(definition);
                }
            }
        }

        return held;
    }

    /// <summary>A type and the types it is made of (array elements, generic arguments).</summary>
    private static IEnumerable<ITypeSymbol> Parts(ITypeSymbol type)
    {
        yield return type;
        if (type is IArrayTypeSymbol array)
        {
            foreach (var p in Parts(array.ElementType)) yield return p;
        }
        else if (type is INamedTypeSymbol named)
        {
            foreach (var argument in named.TypeArguments)
            {
                foreach (var p in Parts(argument)) yield return p;
            }
        }
    }

    /// <summary>The diagnostics of <paramref name="tree"/>: each write after construction and each unregistered tensor field of a Module in the <paramref name="held"/> types.</summary>
    public static IEnumerable<Diagnostic> Analyze(SyntaxTree tree, SemanticModel model, Dictionary<INamedTypeSymbol, string> held, Func<INamedTypeSymbol, bool> isModule)
    {
        var diagnostics = new List<Diagnostic>();
        var root = tree.GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            foreach (var (target, how) in Written(node))
            {
                foreach (var (written, owner) in Targets(target, model, held))
                {
                    if (DuringConstruction(node, owner, model)) continue;
                    diagnostics.Add(Diagnostic.Create(PurityAnalyzer.Rule, node.GetLocation(), What(written, owner),
                        "is written after the network is built (" + how + " in " + Where(node) + ", `" + Shown(node) + "`): state that survives a call outside the parameters (" + held[owner] + ")", Remedy));
                }
            }
        }

        foreach (var declarator in root.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (model.GetDeclaredSymbol(declarator) is not IFieldSymbol { IsStatic: false } field) continue;
            if (!held.TryGetValue(field.ContainingType.OriginalDefinition, out var why) || !isModule(field.ContainingType) || !IsTensor(field.Type)) continue;
            var values = new List<ExpressionSyntax>();
            if (declarator.Initializer is { } init) values.Add(init.Value);
            foreach (var ctor in field.ContainingType.InstanceConstructors)
            {
                foreach (var reference in ctor.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree != tree) continue;
                    foreach (var assignment in reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
                    {
                        if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(Stripped(assignment.Left)).Symbol, field)) values.Add(assignment.Right);
                    }
                }
            }

            // A field never given a value here is either never set or set later (a write the rule above refuses).
            var unregistered = values.FirstOrDefault(v => !IsRegistration(v, model));
            if (unregistered is null) continue;
            diagnostics.Add(Diagnostic.Create(PurityAnalyzer.Rule, declarator.Identifier.GetLocation(), "field `" + field.ContainingType.Name + "." + field.Name + "`",
                "holds a tensor that is not a registered parameter or buffer (`" + Clip(unregistered.ToString()) + "`; " + why + "): it is not part of the declared parameters and does not cross to a fresh model",
                "register it in the constructor: _w = register_parameter(\"w\", …) for a value the network learns, register_buffer(\"name\", …) for a constant; a tensor computed in Forward is a local"));
        }

        return diagnostics;
    }

    /// <summary>What <paramref name="node"/> writes, with how: the targets of an assignment, an increment, a ref/out argument, an in-place call.</summary>
    private static IEnumerable<(ExpressionSyntax Target, string How)> Written(SyntaxNode node)
    {
        switch (node)
        {
            case AssignmentExpressionSyntax assignment when assignment.Parent is not InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression }:
                foreach (var target in Flattened(assignment.Left)) yield return (target, "assigned");
                break;
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix:
                yield return (prefix.Operand, "incremented");
                break;
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix:
                yield return (postfix.Operand, "incremented");
                break;
            case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument:
                yield return (argument.Expression, "passed by " + argument.RefKindKeyword.ValueText);
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation:
                string name = access.Name.Identifier.ValueText;
                if (WritesReceiver.Contains(name) || (name.Length > 1 && name.EndsWith("_", StringComparison.Ordinal) && !name.StartsWith("_", StringComparison.Ordinal)))
                    yield return (access.Expression, "written in place by " + name);
                if (WritesArgument.Contains(name))
                {
                    foreach (var argument in invocation.ArgumentList.Arguments) yield return (argument.Expression, "written by " + name);
                }

                break;
        }
    }

    private static IEnumerable<ExpressionSyntax> Flattened(ExpressionSyntax left) =>
        left is TupleExpressionSyntax tuple ? tuple.Arguments.SelectMany(a => Flattened(a.Expression)) : [left];

    /// <summary>The held field, auto-property or captured parameter <paramref name="target"/> writes (directly, an element, or an engine object's member it holds), with its type.</summary>
    private static IEnumerable<(ISymbol Written, INamedTypeSymbol Owner)> Targets(ExpressionSyntax target, SemanticModel model, Dictionary<INamedTypeSymbol, string> held)
    {
        for (var e = Stripped(target); e is not null;)
        {
            var symbol = model.GetSymbolInfo(e).Symbol;
            switch (symbol)
            {
                case IFieldSymbol { IsStatic: false, IsConst: false } field when held.ContainsKey(field.ContainingType.OriginalDefinition):
                    yield return (field, field.ContainingType.OriginalDefinition);
                    yield break;
                case IPropertySymbol { IsStatic: false } property when held.ContainsKey(property.ContainingType.OriginalDefinition) && IsAuto(property):
                    if (property.SetMethod is { IsInitOnly: true } && e.Parent is AssignmentExpressionSyntax) yield break;
                    yield return (property, property.ContainingType.OriginalDefinition);
                    yield break;
                case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } ctor } parameter
                    when held.ContainsKey(ctor.ContainingType.OriginalDefinition) && IsPrimary(ctor):
                    yield return (parameter, ctor.ContainingType.OriginalDefinition);
                    yield break;
            }

            // Into the receiver: an element of it, or a member of an object of the engine's (a layer's weight).
            e = e switch
            {
                ElementAccessExpressionSyntax element => Stripped(element.Expression),
                MemberAccessExpressionSyntax access when symbol is { IsStatic: false } && !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, model.Compilation.Assembly) => Stripped(access.Expression),
                _ => null,
            };
        }
    }

    private static ExpressionSyntax Stripped(ExpressionSyntax e)
    {
        while (true)
        {
            switch (e)
            {
                case ParenthesizedExpressionSyntax p: e = p.Expression; break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } s: e = s.Operand; break;
                case CastExpressionSyntax c: e = c.Expression; break;
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m: return m;
                default: return e;
            }
        }
    }

    /// <summary>True when <paramref name="node"/> runs while an object of <paramref name="owner"/> is built: in its instance constructor or a field initialiser, not in a lambda or local function there.</summary>
    private static bool DuringConstruction(SyntaxNode node, INamedTypeSymbol owner, SemanticModel model) => DuringConstruction(node, owner, model, []);

    /// <summary>
    /// <see cref="DuringConstruction(SyntaxNode, INamedTypeSymbol, SemanticModel)"/>, where a private method of the owner
    /// (an <c>InitWeights()</c> helper) counts as construction when every use of it in the owner's one declaration is a
    /// call made during construction (<paramref name="visited"/>: the helpers on the way, against recursion).
    /// </summary>
    private static bool DuringConstruction(SyntaxNode node, INamedTypeSymbol owner, SemanticModel model, HashSet<IMethodSymbol> visited)
    {
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case ConstructorDeclarationSyntax ctor:
                    return !ctor.Modifiers.Any(SyntaxKind.StaticKeyword)
                        && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(ctor)?.ContainingType.OriginalDefinition, owner);
                case FieldDeclarationSyntax field:
                    return !field.Modifiers.Any(SyntaxKind.StaticKeyword);
                case PropertyDeclarationSyntax property when property.Initializer is not null && property.Initializer.Span.Contains(node.Span):
                    return true;
                case MethodDeclarationSyntax method:
                    return model.GetDeclaredSymbol(method) is { DeclaredAccessibility: Accessibility.Private, IsStatic: false, IsVirtual: false } helper
                        && SymbolEqualityComparer.Default.Equals(helper.ContainingType.OriginalDefinition, owner)
                        && visited.Add(helper)
                        && OnlyCalledDuringConstruction(helper, owner, model, visited);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>True when the owner has one declaration, in this tree, and every mention of <paramref name="helper"/> in it is a call made during construction.</summary>
    private static bool OnlyCalledDuringConstruction(IMethodSymbol helper, INamedTypeSymbol owner, SemanticModel model, HashSet<IMethodSymbol> visited)
    {
        if (owner.DeclaringSyntaxReferences.Length != 1 || owner.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree) return false;
        var mentions = owner.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes().OfType<SimpleNameSyntax>()
            .Where(name => name.Identifier.ValueText == helper.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, helper))
            .ToList();
        return mentions.All(name => (name.Parent is InvocationExpressionSyntax call && call.Expression == name
                                     || name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name && access.Parent is InvocationExpressionSyntax outer && outer.Expression == access)
                                    && DuringConstruction(name, owner, model, visited));
    }

    private static bool IsAuto(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    private static bool IsPrimary(IMethodSymbol ctor) =>
        ctor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);

    private static bool IsTensor(ITypeSymbol type) =>
        (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type).ToDisplayString().TrimEnd('?') == "Grader.Tensors.Tensor";

    private static bool IsRegistration(ExpressionSyntax value, SemanticModel model) =>
        Stripped(value) is InvocationExpressionSyntax invocation
        && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "register_parameter" or "register_buffer" } method
        && method.ContainingType.ToDisplayString() == "Grader.Tensors.Module";

    private static string What(ISymbol written, INamedTypeSymbol owner) =>
        (written switch { IPropertySymbol => "property", IParameterSymbol => "captured parameter", _ => "field" }) + " `" + owner.Name + "." + written.Name + "`";

    /// <summary>The member the write is in, as a reader finds it: its name, or "a lambda in" it.</summary>
    private static string Where(SyntaxNode node)
    {
        string prefix = "";
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            switch (n)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax when prefix.Length == 0:
                    prefix = "a lambda in ";
                    break;
                case MethodDeclarationSyntax method:
                    return prefix + method.Identifier.ValueText;
                case PropertyDeclarationSyntax property:
                    return prefix + property.Identifier.ValueText;
                case ConstructorDeclarationSyntax ctor:
                    return prefix + "the constructor of " + ctor.Identifier.ValueText;
                case BaseTypeDeclarationSyntax type:
                    return prefix + type.Identifier.ValueText;
            }
        }

        return prefix + "the file";
    }

    private static string Shown(SyntaxNode node) => Clip(node.ToString());

    private static string Clip(string text)
    {
        var line = string.Join(" ", text.Split(['\r', '\n', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 60 ? line : line.Substring(0, 57) + "…";
    }
}
