namespace Grader.Tensors;

/// <summary>
/// One recorded op in the autograd graph: a backward rule that maps the output's gradient to the inputs' gradients,
/// and per input the node that gradient flows to. The rule is written with Tensor ops, so when the engine runs it with
/// grad mode on (<c>create_graph: true</c>) the gradients are themselves differentiable: higher-order gradients come
/// for free. A node holds no input tensor: the graph keeps alive only what each rule captured (its saved tensors,
/// as in PyTorch), so an intermediate no rule needs is freed as soon as nothing else holds it. For each tensor its
/// rule reads (the saved tensors) the node records the buffer's version (<see cref="TensorStorage.Version"/>), and the
/// engine checks it before the rule runs (<see cref="CheckSaved"/>): a tensor written in place after the forward read
/// it would give the gradient of a function that was never computed, so backward fails instead, as PyTorch's does.
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

    /// <summary>
    /// The tensors the rule reads with their buffers' versions when the op ran: null when it reads none, the tensor
    /// itself when it reads one (its version in <see cref="_savedVersion"/>; most rules read one, and this costs the node
    /// no second object), else a <see cref="SavedTensor"/>[].
    /// </summary>
    private readonly object? _saved;

    private readonly int _savedVersion;

    /// <param name="saved">The tensors <paramref name="rule"/> reads (null entries are skipped): their versions are recorded now.</param>
    /// <param name="output">The op's result when the rule reads it too, else null.</param>
    internal Node(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> rule, ReadOnlySpan<Tensor?> saved, Tensor? output)
    {
        Name = name;
        Rule = rule;
        int count = output is null ? 0 : 1;
        Tensor? single = output;
        foreach (var t in saved)
            if (t is not null) { count++; single = t; }
        if (count == 1)
        {
            _saved = single;
            _savedVersion = single!.Storage.Version;
        }
        else if (count > 1)
        {
            var all = new SavedTensor[count];
            int k = 0;
            if (output is not null) all[k++] = new SavedTensor(output, output.Storage.Version);
            foreach (var t in saved)
                if (t is not null) all[k++] = new SavedTensor(t, t.Storage.Version);
            _saved = all;
        }
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

    /// <summary>
    /// Throws when a tensor the rule reads was written in place since the op ran (its buffer's version moved): the
    /// rule would read values the forward never saw.
    /// </summary>
    internal void CheckSaved()
    {
        switch (_saved)
        {
            case Tensor t:
                Check(t, _savedVersion);
                break;
            case SavedTensor[] all:
                foreach (var s in all) Check(s.Tensor, s.Version);
                break;
        }
    }

    private void Check(Tensor saved, int version)
    {
        int now = saved.Storage.Version;
        if (now != version)
            throw new SavedTensorWrittenException(
                $"backward(): a tensor needed for the gradient of {Name} (shape {ShapeUtil.Format(saved.Shape)}) was written in place " +
                $"(version {now}, saved at {version}) after it was saved; compute with a copy or write before the forward");
    }

    public override string ToString() => Name;

    /// <summary>A tensor a rule reads and its buffer's version when the op ran.</summary>
    private readonly record struct SavedTensor(Tensor Tensor, int Version);
}
