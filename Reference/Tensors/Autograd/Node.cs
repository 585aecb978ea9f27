namespace Grader.Tensors;

/// <summary>
/// One recorded op in the autograd graph: its inputs and a backward rule that maps the output's gradient to the inputs'
/// gradients. The rule is written with Tensor ops, so when the engine runs it with grad mode on
/// (<c>create_graph: true</c>) the gradients are themselves differentiable: higher-order gradients come for free.
/// </summary>
public sealed class Node
{
    /// <summary>Short op name, for error messages and <see cref="Tensor.ToString"/>.</summary>
    public string Name { get; }

    internal readonly Tensor[] Inputs;
    internal readonly Func<Tensor, Tensor?[]> BackwardRule;

    internal Node(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        Name = name;
        Inputs = inputs;
        BackwardRule = backward;
    }

    public override string ToString() => Name;
}
