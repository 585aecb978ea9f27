using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Checks.Handins.Allowlist;

/// <summary>
/// The delegate half of GRADER005 (<see cref="PurityAnalyzer"/>; issue 79 items 2 and 6): a delegate the network keeps
/// carries the state of whatever it is bound to, which no field of the network shows and no parameter holds — a
/// <c>Func&lt;double&gt;</c> bound to the generator's <c>NextDouble</c> (a random source of its own: cheat
/// <c>ode-training-own-random-source</c>), a lambda over a local counter (<c>var n = 0; _next = () =&gt; n++;</c>), a
/// method of a list it captured. In the network's types (<see cref="InstanceState.Held"/>), found in one syntax tree, on
/// the line that binds it, naming the field:
/// <list type="bullet">
/// <item>a delegate field or auto-property given a <b>method bound to another object</b> (<c>generator.NextDouble</c>,
/// <c>_list.Add</c>; a static method or one of the network itself, <c>this.M</c>, is fine);</item>
/// <item>one given a <b>closure</b>: a lambda or anonymous method that reads a local or a parameter from outside it,
/// unless that is a number, string or enum the lambda does not write (a <c>static</c> lambda, one over its own
/// parameters and the network's members, or one reading a width given to the constructor is fine);</item>
/// <item>a delegate given to a network's constructor (an argument of a delegate-typed parameter, where the network is
/// built) that is either of those.</item>
/// </list>
/// A delegate read from elsewhere (another field, a call's result) is not followed: the run-time probes are the backstop.
/// </summary>
internal static class DelegateState
{
    /// <summary>What to do instead, in every message of this half.</summary>
    public const string Remedy =
        "compute in the network's own methods from its parameters and inputs; a delegate the network keeps may be a static lambda, a lambda over its own parameters, or a method of the network itself";

    /// <summary>The diagnostics of <paramref name="tree"/> for the delegates the <paramref name="held"/> types keep (<paramref name="rule"/>'s format: what, why, remedy).</summary>
    public static IEnumerable<Diagnostic> Analyze(SyntaxTree tree, SemanticModel model, IReadOnlyDictionary<INamedTypeSymbol, string> held, DiagnosticDescriptor rule)
    {
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer: { } init } declarator when model.GetDeclaredSymbol(declarator) is IFieldSymbol field:
                    if (Kept(field, held) is { } fieldWhy && Bound(init.Value, model) is { } bound)
                        yield return Diagnostic.Create(rule, init.Value.GetLocation(), What(field), bound + " (" + fieldWhy + ")", Remedy);
                    break;
                case PropertyDeclarationSyntax { Initializer: { } init } property when model.GetDeclaredSymbol(property) is { } symbol:
                    if (Kept(symbol, held) is { } propertyWhy && Bound(init.Value, model) is { } boundProperty)
                        yield return Diagnostic.Create(rule, init.Value.GetLocation(), What(symbol), boundProperty + " (" + propertyWhy + ")", Remedy);
                    break;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    if (model.GetSymbolInfo(assignment.Left).Symbol is { } target && Kept(target, held) is { } why && Bound(assignment.Right, model) is { } assigned)
                        yield return Diagnostic.Create(rule, assignment.Right.GetLocation(), What(target), assigned + " (" + why + ")", Remedy);
                    break;
                case BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation
                    when model.GetSymbolInfo(creation).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                         && held.TryGetValue(constructor.ContainingType.OriginalDefinition, out var network):
                    for (var i = 0; i < arguments.Arguments.Count; i++)
                    {
                        var argument = arguments.Arguments[i];
                        var parameter = argument.NameColon is { } name
                            ? constructor.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)
                            : i < constructor.Parameters.Length ? constructor.Parameters[i] : null;
                        if (parameter?.Type.TypeKind != TypeKind.Delegate || Bound(argument.Expression, model) is not { } given) continue;
                        yield return Diagnostic.Create(rule, argument.GetLocation(), "the delegate given to `" + constructor.ContainingType.Name + "`'s constructor (parameter `" + parameter.Name + "`)",
                            given + " (" + network + ")", Remedy);
                    }

                    break;
            }
        }
    }

    /// <summary>Why <paramref name="symbol"/> is held to this half: an instance field or property of a delegate type in a network's type; else null.</summary>
    private static string? Kept(ISymbol symbol, IReadOnlyDictionary<INamedTypeSymbol, string> held)
    {
        var type = symbol switch
        {
            IFieldSymbol { IsStatic: false } f => f.Type,
            IPropertySymbol { IsStatic: false } p => p.Type,
            _ => null,
        };
        if (type?.TypeKind != TypeKind.Delegate || symbol.ContainingType is not { } owner) return null;
        return held.TryGetValue(owner.OriginalDefinition, out var why) ? why : null;
    }

    private static string What(ISymbol symbol) => (symbol is IPropertySymbol ? "property" : "field") + " `" + symbol.ContainingType.Name + "." + symbol.Name + "`";

    /// <summary>Why the delegate <paramref name="value"/> carries state of something outside the network, or null.</summary>
    private static string? Bound(ExpressionSyntax value, SemanticModel model)
    {
        while (true)
        {
            switch (value)
            {
                case ParenthesizedExpressionSyntax p: value = p.Expression; continue;
                case CastExpressionSyntax c: value = c.Expression; continue;
                case PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.SuppressNullableWarningExpression): value = u.Operand; continue;
                case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } n when model.GetTypeInfo(n).Type?.TypeKind == TypeKind.Delegate:
                    value = n.ArgumentList!.Arguments[0].Expression;
                    continue;
            }

            break;
        }

        if (value is AnonymousFunctionExpressionSyntax function)
        {
            if (function.Modifiers.Any(SyntaxKind.StaticKeyword)) return null;
            foreach (var name in function.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                if (symbol is not (ILocalSymbol or IParameterSymbol { IsThis: false })) continue;
                if (symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree == function.SyntaxTree && function.Span.Contains(r.Span))) continue;
                // A number, string or enum the lambda only reads is a constant of the network (a width, a scale).
                var type = symbol is ILocalSymbol local ? local.Type : ((IParameterSymbol)symbol).Type;
                if (PurityAnalyzer.IsImmutable(type) && !WrittenIn(function, symbol, model)) continue;
                return "is a closure over `" + name.Identifier.ValueText + "`, captured from outside it: what the lambda reads or writes there outlives every call";
            }

            return null;
        }

        return BoundMethod(value, model);
    }

    /// <summary>Whether <paramref name="function"/> writes <paramref name="symbol"/> (an assignment, <c>++</c>/<c>--</c>, a ref or out argument).</summary>
    private static bool WrittenIn(AnonymousFunctionExpressionSyntax function, ISymbol symbol, SemanticModel model)
    {
        bool Is(ExpressionSyntax e) => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(e).Symbol, symbol);
        return function.DescendantNodes().Any(n => n switch
        {
            AssignmentExpressionSyntax a => Is(a.Left),
            PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression) => Is(u.Operand),
            PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PostIncrementExpression) || u.IsKind(SyntaxKind.PostDecrementExpression) => Is(u.Operand),
            ArgumentSyntax { RefKindKeyword.RawKind: not 0 } r => Is(r.Expression),
            _ => false,
        });
    }

    /// <summary>Why the method group <paramref name="value"/> is bound to another object's state, or null.</summary>
    private static string? BoundMethod(ExpressionSyntax value, SemanticModel model)
    {
        var info = model.GetSymbolInfo(value);
        if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not IMethodSymbol { IsStatic: false }) return null;
        if (value is IdentifierNameSyntax or GenericNameSyntax) return null;
        if (value is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax }) return null;
        return "is bound to `" + value + "`, a method of another object, whose state outlives every call";
    }
}
