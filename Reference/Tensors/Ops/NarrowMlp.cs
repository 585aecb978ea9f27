namespace Grader.Tensors;

/// <summary>
/// act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ as one node for a narrow perceptron (<see cref="NarrowMlpKernel"/>): a coupling block's or
/// a drift's subnet with a few inputs and outputs and a wide hidden layer, where the two matrix products are skinny
/// and bound by writing and reading the hidden layer. The node keeps x and the weights, not the hidden layer.
/// Backward without create_graph runs the kernel; with create_graph it is the separate nodes' rules in tensor ops
/// (differentiable again), the hidden layer recomputed by addmm.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Largest input and output width the narrow node takes; the hidden layer must be at least <see cref="NarrowMlpMinHidden"/> wide.</summary>
    internal const int NarrowMlpMaxEnds = 4, NarrowMlpMinHidden = 32;

    /// <summary>True when the shapes fit the narrow node: 2-D x [N, k], W₁ [H, k], b₁ [H], W₂ [m, H], b₂ [m] with k, m ≤ 4 and H ≥ 32.</summary>
    internal static bool NarrowMlpFits(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) =>
        x.Shape.Length == 2 && w1.Shape.Length == 2 && w2.Shape.Length == 2 && b1.Shape.Length == 1 && b2.Shape.Length == 1
        && x.Shape[1] == w1.Shape[1] && w1.Shape[1] <= NarrowMlpMaxEnds && w1.Shape[0] >= NarrowMlpMinHidden
        && b1.Shape[0] == w1.Shape[0] && w2.Shape[1] == w1.Shape[0] && w2.Shape[0] <= NarrowMlpMaxEnds && b2.Shape[0] == w2.Shape[0]
        && x.Shape[0] > 0 && w1.Shape[1] > 0 && w2.Shape[0] > 0;

    /// <summary>act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ for shapes <see cref="NarrowMlpFits"/> accepts (the caller checks).</summary>
    internal static Tensor NarrowMlp(Tensor x, Tensor w1, Tensor b1, FusedActivation act, float alpha, Tensor w2, Tensor b2)
    {
        int n = x.Shape[0];
        var weights = NarrowMlpKernel.Read(w1, b1, w2, b2, act, alpha);
        var xs = x.ToArray();
        var storage = TensorStorage.Allocate(ShapeUtil.Numel([n, weights.M], "narrow_mlp"));
        NarrowMlpKernel.Forward(weights, xs, n, storage.Span);
        return Result("narrow_mlp", storage, [n, weights.M], [x, w1, b1, w2, b2], g =>
        {
            if (GradMode.IsEnabled) return NarrowMlpBackwardInTensorOps(g, x, w1, b1, act, alpha, w2, b2);
            var gs = g.ToArray();
            var dx = TensorStorage.Allocate(n * weights.K);
            var dw1 = TensorStorage.Allocate(weights.H * weights.K);
            var db1 = TensorStorage.Allocate(weights.H);
            var dw2 = TensorStorage.Allocate(weights.M * weights.H);
            var db2 = TensorStorage.Allocate(weights.M);
            NarrowMlpKernel.Backward(weights, xs, gs, n, dx.Span, dw1.Span, db1.Span, dw2.Span, db2.Span);
            BackwardPasses.Product((long)n * weights.H * (3L * weights.K + 2L * weights.M));   // the products of the rule in tensor ops: the hidden layer, dh, dx, dW₁, dW₂
            return
            [
                x.requires_grad ? new Tensor(dx, [n, weights.K]) : null,
                w1.requires_grad ? new Tensor(dw1, [weights.H, weights.K]) : null,
                b1.requires_grad ? new Tensor(db1, [weights.H]) : null,
                w2.requires_grad ? new Tensor(dw2, [weights.M, weights.H]) : null,
                b2.requires_grad ? new Tensor(db2, [weights.M]) : null,
            ];
        }, saved: [x, w1, b1, w2, b2]);   // all five: the create_graph rule recomputes the hidden layer from them
    }

    /// <summary>The separate nodes' rules (addmm, the activation's backward, addmm) as tensor ops, for create_graph.</summary>
    private static Tensor?[] NarrowMlpBackwardInTensorOps(Tensor g, Tensor x, Tensor w1, Tensor b1, FusedActivation act, float alpha, Tensor w2, Tensor b2)
    {
        var hidden = Activate(addmm(b1, x, w1.t()), act, alpha);
        var dh = g.matmul(w2);
        var dpre = act switch
        {
            FusedActivation.Relu => ReluGrad(dh, hidden),
            FusedActivation.Tanh => TanhGrad(dh, hidden),
            _ => EluGrad(dh, hidden, hidden, alpha),
        };
        return
        [
            x.requires_grad ? dpre.matmul(w1) : null,
            w1.requires_grad ? dpre.t().matmul(x) : null,
            b1.requires_grad ? dpre.sum(0) : null,
            w2.requires_grad ? g.t().matmul(hidden) : null,
            b2.requires_grad ? g.sum(0) : null,
        ];
    }
}
