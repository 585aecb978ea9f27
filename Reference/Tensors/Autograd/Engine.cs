namespace Grader.Tensors;

/// <summary>
/// Reverse-mode differentiation over the recorded graph. The walk is iterative (an explicit stack, so a 1000-step
/// sampler or ODE solve cannot overflow the call stack) and ordered (inputs in recorded order), so gradients are
/// accumulated in the same order on every run and the last bits do not change between runs.
/// </summary>
internal static class Engine
{
    public static void Backward(Tensor root, Tensor? gradient, bool createGraph)
    {
        if (!root.requires_grad)
            throw new InvalidOperationException("backward(): the tensor does not require grad and has no grad_fn (was it computed under no_grad, or from tensors without requires_grad_()?)");
        var seed = gradient ?? SeedFor(root, "backward()");
        var grads = Run([root], [seed], createGraph, stopAt: null);
        foreach (var (t, g) in grads)
        {
            if (t.grad_fn != null) continue;
            var contribution = createGraph ? g : g.detach();
            t.grad = t.grad is null ? contribution : Accumulate(t.grad, contribution, createGraph);
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
        var stop = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        var grads = Run(outputs, seeds, createGraph, stop);
        var result = new Tensor?[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (grads.TryGetValue(inputs[i], out var g)) result[i] = createGraph ? g : g.detach();
            else if (!allowUnused)
                throw new InvalidOperationException($"autograd.grad: input {i} was not used to compute the outputs (pass allow_unused: true to get null)");
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

    /// <summary>Returns the gradient of the seeds with respect to every tensor in the graph that requires grad.</summary>
    private static Dictionary<Tensor, Tensor> Run(Tensor[] roots, Tensor[] seeds, bool createGraph, HashSet<Tensor>? stopAt)
    {
        // With requested inputs, the walk first stops at them (an ODE's state x has the whole solver history below it,
        // which autograd.grad(f(x), x) must not visit at every step). Only if some requested input was not reached —
        // it may lie below another one — is the graph walked in full.
        var order = TopologicalOrder(roots, stopAt);
        if (stopAt != null && stopAt.Count > 1 && order.Count(stopAt.Contains) < stopAt.Count) order = TopologicalOrder(roots, null);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        using var mode = GradMode.Set(createGraph);
        for (int i = 0; i < roots.Length; i++)
        {
            var seed = seeds[i];
            if (!ShapeUtil.SameShape(seed.Shape, roots[i].Shape))
                throw new ArgumentException($"gradient of shape {ShapeUtil.Format(seed.Shape)} given for an output of shape {ShapeUtil.Format(roots[i].Shape)}");
            grads[roots[i]] = grads.TryGetValue(roots[i], out var prev) ? prev + seed : seed;
        }
        // With requested inputs, only tensors that lead to one of them need a gradient (the rest is pruned).
        HashSet<Tensor>? relevant = null;
        if (stopAt != null)
        {
            relevant = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var t in order)
                if (stopAt.Contains(t) || (t.grad_fn != null && t.grad_fn.Inputs.Any(relevant.Contains))) relevant.Add(t);
        }
        // Reverse topological order: a tensor's gradient is complete before its node's backward runs.
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var t = order[k];
            var node = t.grad_fn;
            if (node == null) continue;
            if (relevant != null && !relevant.Contains(t)) continue;
            if (!grads.TryGetValue(t, out var g)) continue;
            var inputGrads = node.BackwardRule(g);
            if (inputGrads.Length != node.Inputs.Length)
                throw new InvalidOperationException($"backward of {node.Name} returned {inputGrads.Length} gradients for {node.Inputs.Length} inputs");
            for (int j = 0; j < node.Inputs.Length; j++)
            {
                var input = node.Inputs[j];
                var gi = inputGrads[j];
                if (gi is null || !input.requires_grad || (relevant != null && !relevant.Contains(input))) continue;
                if (!ShapeUtil.SameShape(gi.Shape, input.Shape))
                    throw new InvalidOperationException($"backward of {node.Name}: gradient shape {ShapeUtil.Format(gi.Shape)} does not match input {j} shape {ShapeUtil.Format(input.Shape)}");
                grads[input] = grads.TryGetValue(input, out var acc) ? acc + gi : gi;
            }
        }
        return grads;
    }

    /// <summary>Tensors reachable from the roots through grad_fn inputs (not below a stop tensor), each after all of its inputs (iterative DFS).</summary>
    private static List<Tensor> TopologicalOrder(Tensor[] roots, HashSet<Tensor>? stopAt)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor t, int next)>();
        foreach (var root in roots)
        {
            if (!visited.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = stopAt != null && stopAt.Contains(t) ? null : t.grad_fn?.Inputs;
                if (inputs != null && next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.requires_grad && visited.Add(child)) stack.Push((child, 0));
                }
                else order.Add(t);
            }
        }
        return order;
    }
}
