namespace Grader.Tensors;

/// <summary>
/// One recorded op in the autograd graph: a backward rule that maps the output's gradient to the inputs' gradients,
/// and per input the node that gradient flows to. The rule is written with Tensor ops, so when the engine runs it with
/// grad mode on (<c>create_graph: true</c>) the gradients are themselves differentiable: higher-order gradients come
/// for free. A node holds no input tensor: the graph keeps alive only what each rule captured (its saved tensors,
/// as in PyTorch), so an intermediate no rule needs is freed as soon as nothing else holds it.
/// </summary>
public sealed class Node
{
    /// <summary>Short op name, for error messages and <see cref="Tensor.ToString"/>.</summary>
    public string Name { get; }

    /// <summary>
    /// Per input: the input's own node (its grad_fn, or for a leaf its accumulator), or null when the input did not
    /// require grad when the op ran (as in PyTorch, that is decided then).
    /// </summary>
    internal readonly Node?[] Next;

    /// <summary>Per input: its shape, to check the gradients the rule returns.</summary>
    internal readonly int[][] InputShapes;

    /// <summary>The backward rule; null for a leaf's accumulator.</summary>
    internal readonly Func<Tensor, Tensor?[]>? Rule;

    /// <summary>For a leaf's accumulator: the leaf whose gradient this node collects.</summary>
    internal readonly Tensor? Leaf;

    internal Node(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> rule)
    {
        Name = name;
        Rule = rule;
        Next = new Node?[inputs.Length];
        InputShapes = new int[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            Next[i] = inputs[i].GradientNode;
            InputShapes[i] = inputs[i].Shape;
        }
    }

    /// <summary>The accumulator of a leaf that requires grad (PyTorch's AccumulateGrad).</summary>
    internal Node(Tensor leaf)
    {
        Name = "AccumulateGrad";
        Leaf = leaf;
        Next = [];
        InputShapes = [];
    }

    public override string ToString() => Name;
}
