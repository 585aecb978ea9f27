namespace Grader.Tensors;

/// <summary>
/// Reverse-mode differentiation over the recorded graph. The walk is iterative (an explicit stack, so a 1000-step
/// sampler or ODE solve cannot overflow the call stack) and ordered (inputs in recorded order), so gradients are
/// accumulated in the same order on every run and the last bits do not change between runs.
/// </summary>
/// <remarks>
/// Without <c>create_graph</c> the pass runs in its own <see cref="MemoryScope"/>: the gradients it makes are pooled
/// buffers, counted per storage by the entries of its gradient table that view them. A buffer goes back to the pool as
/// soon as no entry needs it (a node's incoming gradient once its rule ran, a rule's temporaries once it returned), so
/// the next rule reuses it while it is still in the cache; an entry's buffer that nothing else views is accumulated
/// into in place. The gradients the caller gets (leaves' grads, autograd.grad's results) leave the pass's scope. With
/// <c>create_graph</c> every gradient is part of a graph, so nothing is released early.
/// </remarks>
internal static class Engine
{
    public static void Backward(Tensor root, Tensor? gradient, bool createGraph)
    {
        if (!root.requires_grad)
            throw new InvalidOperationException("backward(): the tensor does not require grad and has no grad_fn (was it computed under no_grad, or from tensors without requires_grad_()?)");
        var seed = gradient ?? SeedFor(root, "backward()");
        long mark = createGraph ? 0 : BackwardPasses.Open();
        bool reachedLeaf = false;
        try
        {
            var grads = Run([root], [seed], createGraph, stopAt: null);
            foreach (var (node, g) in grads)
            {
                if (node.Leaf is not { } t) continue;
                reachedLeaf = true;
                var contribution = createGraph ? g : g.detach();
                t.grad = t.grad is null ? contribution : Accumulate(t.grad, contribution, createGraph);
            }
        }
        finally
        {
            if (!createGraph) BackwardPasses.Close(mark, reachedLeaf);
        }
    }

    public static Tensor?[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs, bool createGraph, bool allowUnused)
    {
        var seeds = new Tensor[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            if (!outputs[i].requires_grad)
                throw new InvalidOperationException($"autograd.grad: output {i} does not require grad");
            seeds[i] = gradOutputs?[i] ?? SeedFor(outputs[i], "autograd.grad");
        }
        var vertices = inputs.Select(t => t.GradientNode).ToArray();
        var stop = new HashSet<Node>(vertices.OfType<Node>(), ReferenceEqualityComparer.Instance);
        long mark = createGraph ? 0 : BackwardPasses.Open();
        var result = new Tensor?[inputs.Length];
        try
        {
            var grads = Run(outputs, seeds, createGraph, stop);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (vertices[i] is { } v && grads.TryGetValue(v, out var g)) result[i] = createGraph ? g : g.detach();
                else if (!allowUnused)
                    throw new InvalidOperationException($"autograd.grad: input {i} was not used to compute the outputs (pass allow_unused: true to get null)");
            }
        }
        finally
        {
            if (!createGraph) BackwardPasses.Close(mark, result.Any(g => g is not null));
        }
        return result;
    }

    private static Tensor SeedFor(Tensor t, string op)
    {
        if (t.numel() != 1)
            throw new InvalidOperationException($"{op}: a gradient can be implied only for a scalar output; this output has shape {ShapeUtil.Format(t.Shape)}");
        return torch.ones_like(t);
    }

    private static Tensor Accumulate(Tensor a, Tensor b, bool createGraph)
    {
        using var _ = GradMode.Set(createGraph);
        return a + b;
    }

    /// <summary>
    /// The gradient of the seeds with respect to every node reached that leads to a requested vertex: the leaves'
    /// accumulators for <paramref name="stopAt"/> null (backward), else the requested inputs' nodes.
    /// </summary>
    private static Dictionary<Node, Tensor> Run(Tensor[] roots, Tensor[] seeds, bool createGraph, HashSet<Node>? stopAt)
    {
        var rootNodes = new Node[roots.Length];
        for (int i = 0; i < roots.Length; i++)
        {
            if (!ShapeUtil.SameShape(seeds[i].Shape, roots[i].Shape))
                throw new ArgumentException($"gradient of shape {ShapeUtil.Format(seeds[i].Shape)} given for an output of shape {ShapeUtil.Format(roots[i].Shape)}");
            rootNodes[i] = roots[i].GradientNode!;
        }
        // With requested inputs, the walk first stops at them (an ODE's state x has the whole solver history below it,
        // which autograd.grad(f(x), x) must not visit at every step). Only if some requested input was not reached —
        // it may lie below another one — is the graph walked in full.
        var order = TopologicalOrder(rootNodes, stopAt);
        if (stopAt != null && stopAt.Count > 1 && order.Count(stopAt.Contains) < stopAt.Count) order = TopologicalOrder(rootNodes, null);
        using var mode = GradMode.Set(createGraph);
        var table = new GradientTable(createGraph ? null : new MemoryScope());
        try
        {
            for (int i = 0; i < roots.Length; i++) table.Add(rootNodes[i], seeds[i], createGraph);
            // With requested inputs, only nodes that lead to one of them need a gradient (the rest is pruned), and a
            // node's rule runs only when one of its inputs leads to one.
            HashSet<Node>? relevant = null;
            if (stopAt != null)
            {
                relevant = new HashSet<Node>(ReferenceEqualityComparer.Instance);
                foreach (var n in order)
                    if (stopAt.Contains(n) || LeadsTo(n, relevant)) relevant.Add(n);
            }
            // Reverse topological order: a node's gradient is complete before its backward runs.
            for (int k = order.Count - 1; k >= 0; k--)
            {
                var node = order[k];
                if (node.Rule is null) continue;
                if (relevant != null && !LeadsTo(node, relevant)) continue;
                if (!table.TryGet(node, out var g)) continue;
                int mark = table.Mark;
                var inputGrads = RunRule(node, g, relevant);
                if (inputGrads.Length != node.Next.Length)
                    throw new InvalidOperationException($"backward of {node.Name} returned {inputGrads.Length} gradients for {node.Next.Length} inputs");
                for (int j = 0; j < node.Next.Length; j++)
                {
                    var input = node.Next[j];
                    var gi = inputGrads[j];
                    if (gi is null || input is null || (relevant != null && !relevant.Contains(input))) continue;
                    if (!ShapeUtil.SameShape(gi.Shape, node.InputShapes[j]))
                        throw new InvalidOperationException($"backward of {node.Name}: gradient shape {ShapeUtil.Format(gi.Shape)} does not match input {j} shape {ShapeUtil.Format(node.InputShapes[j])}");
                    table.Add(input, gi, createGraph);
                }
                if (!(stopAt?.Contains(node) ?? false)) table.Remove(node);
                table.ReleaseTemporaries(mark);
            }
            return table.Finish();
        }
        finally
        {
            table.Dispose();
        }
    }

    /// <summary>The node whose rule runs now on this thread, and the nodes whose gradient the pass keeps (null: all).</summary>
    [ThreadStatic] private static Node? _running;
    [ThreadStatic] private static HashSet<Node>? _kept;

    private static Tensor?[] RunRule(Node node, Tensor g, HashSet<Node>? relevant)
    {
        var (outerNode, outerKept) = (_running, _kept);
        node.CheckSaved();
        (_running, _kept) = (node, relevant);
        try { return node.Rule!(g); }
        finally { (_running, _kept) = (outerNode, outerKept); }
    }

    /// <summary>
    /// Inside a backward rule: false when the pass will drop the gradient of the node's input <paramref name="input"/>
    /// (autograd.grad, and that input leads to none of the requested ones: a layer's weight when the gradient asked for
    /// is the input's, as in an ODE's −∂f/∂x), so the rule may return null instead of computing it (PyTorch's
    /// needs_input_grad). True outside a rule and in backward(), where every gradient is kept.
    /// </summary>
    internal static bool NeedsGradient(int input)
    {
        if (_running is not { } node || _kept is not { } kept) return true;
        return node.Next[input] is { } next && kept.Contains(next);
    }

    private static bool LeadsTo(Node n, HashSet<Node> relevant)
    {
        foreach (var c in n.Next)
            if (c != null && relevant.Contains(c)) return true;
        return false;
    }

    /// <summary>Nodes reachable from the roots (not below a stop node), each after all of its inputs (iterative DFS).</summary>
    private static List<Node> TopologicalOrder(Node[] roots, HashSet<Node>? stopAt)
    {
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node n, int next)>();
        foreach (var root in roots)
        {
            if (!visited.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (n, next) = stack.Pop();
                var inputs = stopAt != null && stopAt.Contains(n) ? null : n.Next;
                if (inputs != null && next < inputs.Length)
                {
                    stack.Push((n, next + 1));
                    var child = inputs[next];
                    if (child != null && visited.Add(child)) stack.Push((child, 0));
                }
                else order.Add(n);
            }
        }
        return order;
    }

    /// <summary>
    /// The gradient of each node's output, summed in arrival order. With a scope (no create_graph) it counts, per pooled
    /// storage the pass made, the entries that view it, and releases a storage when that count falls to zero.
    /// </summary>
    private sealed class GradientTable(MemoryScope? scope) : IDisposable
    {
        private readonly Dictionary<Node, Tensor> _grads = new(ReferenceEqualityComparer.Instance);

        /// <summary>The position in the scope's list from which storages are this rule's (see <see cref="ReleaseTemporaries"/>).</summary>
        public int Mark => scope?.Count ?? 0;

        public bool TryGet(Node node, out Tensor g) => _grads.TryGetValue(node, out g!);

        /// <summary>Adds a contribution to a node's gradient (in place when the pass owns the sum's buffer alone).</summary>
        public void Add(Node node, Tensor g, bool createGraph)
        {
            if (!_grads.TryGetValue(node, out var acc))
            {
                _grads[node] = g;
                Reference(g, +1);
                return;
            }
            if (scope != null && ReferenceEquals(acc.Storage.Owner, scope) && acc.Storage.GradientReferences == 1 && acc.TryAddInPlace(g))
                return;
            var sum = acc + g;
            _grads[node] = sum;
            Reference(sum, +1);
            Reference(acc, -1);
        }

        public void Remove(Node node)
        {
            if (scope is null || !_grads.Remove(node, out var g)) return;
            Reference(g, -1);
        }

        /// <summary>Releases the storages made since <paramref name="mark"/> that no entry views (a rule's temporaries).</summary>
        public void ReleaseTemporaries(int mark)
        {
            if (scope is null) return;
            for (int i = mark; i < scope.Count; i++)
            {
                var s = scope[i];
                if (ReferenceEquals(s.Owner, scope) && s.GradientReferences == 0) s.Release();
            }
        }

        /// <summary>The remaining gradients; their storages leave the pass's scope (the caller keeps them).</summary>
        public Dictionary<Node, Tensor> Finish()
        {
            if (scope != null)
                foreach (var g in _grads.Values)
                    if (ReferenceEquals(g.Storage.Owner, scope)) scope.MoveToParent(g.Storage);
            return _grads;
        }

        private void Reference(Tensor t, int delta)
        {
            if (scope is null || !ReferenceEquals(t.Storage.Owner, scope)) return;
            if ((t.Storage.GradientReferences += delta) == 0) t.Storage.Release();
        }

        public void Dispose() => scope?.Dispose();
    }
}
