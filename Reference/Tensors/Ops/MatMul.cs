namespace Grader.Tensors;

/// <summary>The activations a linear layer's product can be fused with (<see cref="Tensor.AddmmActivation"/>).</summary>
internal enum FusedActivation { Relu, Tanh, Elu }

/// <summary>Matrix product, batched over leading dims with broadcasting. Backward: dA = dC·Bᵀ, dB = Aᵀ·dC (themselves matmuls).</summary>
public sealed partial class Tensor
{
    public Tensor matmul(Tensor other)
    {
        if (Shape.Length == 0 || other.Shape.Length == 0)
            throw new ArgumentException($"matmul: both operands need at least one dim, got {ShapeUtil.Format(Shape)} and {ShapeUtil.Format(other.Shape)}");
        if (Shape.Length == 1 && other.Shape.Length == 1) return (this * other).sum();
        if (Shape.Length == 1) return unsqueeze(0).matmul(other).squeeze(-2);
        if (other.Shape.Length == 1) return matmul(other.unsqueeze(1)).squeeze(-1);
        return MatMul(this, other);
    }

    public static Tensor operator %(Tensor a, Tensor b) => a.matmul(b);

    private static Tensor MatMul(Tensor a, Tensor b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], k2 = b.Shape[^2], n = b.Shape[^1];
        if (k != k2) throw new ArgumentException($"matmul: shapes {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)} do not align ({k} vs {k2})");
        var batch = ShapeUtil.Broadcast(a.Shape[..^2], b.Shape[..^2], "matmul");
        int nb = ShapeUtil.Numel(batch);
        var outShape = batch.Concat(new[] { m, n }).ToArray();
        var storage = TensorStorage.Allocate(ShapeUtil.Numel(outShape, "matmul"));   // Gemm.Run writes every element (beta = 0)
        var data = storage.Array;
        var A = a.expand(batch.Concat(new[] { m, k }).ToArray());
        var B = b.expand(batch.Concat(new[] { k, n }).ToArray());
        var (pa, ta, lda) = Operand(A);
        var (pb, tb, ldb) = Operand(B);
        var batchA = BatchOffsets(pa, batch);
        var batchB = BatchOffsets(pb, batch);
        for (int i = 0; i < nb; i++)
            Gemm.Run(ta, tb, m, n, k, pa.Data.AsSpan(batchA[i]), lda, pb.Data.AsSpan(batchB[i]), ldb, data.AsSpan(i * m * n, m * n));
        BackwardPasses.Product((long)nb * m * n * k);   // a backward pass's work when this product is one of its rules'
        int[] sa = a.Shape, sb = b.Shape;
        Tensor? keepA = b.requires_grad ? a : null, keepB = a.requires_grad ? b : null;   // a is read only for b's gradient, b for a's
        return Result("matmul", storage, outShape, [a, b], g =>
        [
            keepB is null || !Engine.NeedsGradient(0) ? null : g.matmul(keepB.t()).sum_to(sa),
            keepA is null || !Engine.NeedsGradient(1) ? null : keepA.t().matmul(g).sum_to(sb),
        ], saved: [keepA, keepB]);
    }

    /// <summary>
    /// input + mat1·mat2 for 2-D mat1 [m, k], mat2 [k, n] and an input [n] or [1, n] (a bias row), in one node as
    /// torch.addmm: gemm writes the product and the bias is added to it in place, so the values are those of
    /// <c>mat1.matmul(mat2) + input</c> bit for bit, without the intermediate product tensor. Other shapes fall back to
    /// that expression. Backward: the matmul's (dmat1 = g·mat2ᵀ, dmat2 = mat1ᵀ·g) and the bias's (g summed over rows).
    /// </summary>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2)
    {
        if (!AddmmFits(input, mat1, mat2)) return mat1.matmul(mat2) + input;
        var data = AddmmData(input, mat1, mat2);
        return Result("addmm", data, [mat1.Shape[0], mat2.Shape[1]], [mat1, mat2, input], AddmmBackward(input, mat1, mat2),
            saved: [mat2.requires_grad ? mat1 : null, mat1.requires_grad ? mat2 : null]);
    }

    /// <summary>True for 2-D mat1 [m, k], mat2 [k, n] and a contiguous bias of n elements ([n] or [1, n]): addmm's one-node case.</summary>
    private static bool AddmmFits(Tensor input, Tensor mat1, Tensor mat2) =>
        mat1.Shape.Length == 2 && mat2.Shape.Length == 2 && mat1.Shape[1] == mat2.Shape[0] && input.is_contiguous()
        && input.numel() == mat2.Shape[1] && input.Shape.Length <= 2 && (input.Shape.Length < 2 || input.Shape[0] == 1);

    /// <summary>
    /// act(input + mat1·mat2) in one node: gemm, the bias row and the activation (relu, tanh or ELU with 0 &lt; α &lt; ∞)
    /// applied in place on one buffer, so the pre-activation is never a tensor of its own. Values are those of
    /// <c>addmm(input, mat1, mat2).act()</c> bit for bit, and so are the gradients of every order: the rule is the
    /// activation's backward from the output (relu_backward, tanh_backward, elu_backward) followed by addmm's, the
    /// two rules the pair of nodes would run one right after the other (the pre-activation has no other consumer).
    /// Other shapes fall back to that pair.
    /// </summary>
    internal static Tensor AddmmActivation(Tensor input, Tensor mat1, Tensor mat2, FusedActivation act, float alpha = 1f)
    {
        bool fusable = act != FusedActivation.Elu || (alpha > 0f && float.IsFinite(alpha));
        if (!fusable || !AddmmFits(input, mat1, mat2)) return Activate(addmm(input, mat1, mat2), act, alpha);
        var data = AddmmData(input, mat1, mat2, act switch   // bias and ReLU/ELU in gemm's epilogue; tanh after it
        {
            FusedActivation.Relu => EpilogueActivation.Relu,
            FusedActivation.Elu => EpilogueActivation.Elu,
            _ => EpilogueActivation.None,
        }, alpha);
        if (act == FusedActivation.Tanh) Elementwise.TanhInPlace(data.Span);
        var addmmRule = AddmmBackward(input, mat1, mat2);
        return ResultWithOutput(FusedName(act), data, [mat1.Shape[0], mat2.Shape[1]], [mat1, mat2, input], (g, y) => addmmRule(act switch
        {
            FusedActivation.Relu => ReluGrad(g, y),
            FusedActivation.Tanh => TanhGrad(g, y),
            _ => EluGrad(g, y, y, alpha),
        }), saved: [mat2.requires_grad ? mat1 : null, mat1.requires_grad ? mat2 : null]);
    }

    private static string FusedName(FusedActivation act) => act switch
    {
        FusedActivation.Relu => "addmm_relu",
        FusedActivation.Tanh => "addmm_tanh",
        _ => "addmm_elu",
    };

    private static Tensor Activate(Tensor x, FusedActivation act, float alpha) => act switch
    {
        FusedActivation.Relu => x.relu(),
        FusedActivation.Tanh => x.tanh(),
        _ => x.elu(alpha),
    };

    /// <summary>
    /// The values of addmm (shapes already checked), then <paramref name="act"/>: gemm into a new buffer with the bias
    /// row and the activation as its epilogue (<see cref="GemmEpilogue"/>: the values of the separate passes).
    /// </summary>
    private static TensorStorage AddmmData(Tensor input, Tensor mat1, Tensor mat2, EpilogueActivation act = EpilogueActivation.None, float alpha = 1f)
    {
        int m = mat1.Shape[0], k = mat1.Shape[1], n = mat2.Shape[1];
        var storage = TensorStorage.Allocate(ShapeUtil.Numel([m, n], "addmm"));
        var data = storage.Span;
        var (pa, ta, lda) = Operand(mat1);
        var (pb, tb, ldb) = Operand(mat2);
        Gemm.Run(ta, tb, m, n, k, pa.Data.AsSpan(pa.Offset), lda, pb.Data.AsSpan(pb.Offset), ldb, data,
            new GemmEpilogue(input.Data.AsSpan(input.Offset, n), act, alpha));
        BackwardPasses.Product((long)m * n * k);
        return storage;
    }

    /// <summary>
    /// addmm's rule (dmat1 = g·mat2ᵀ, dmat2 = mat1ᵀ·g, dinput = g summed to its shape), keeping each matrix only for the
    /// other's gradient (the caller saves the same ones), and computing only the gradients the pass keeps
    /// (<see cref="Engine.NeedsGradient"/>).
    /// </summary>
    private static Func<Tensor, Tensor?[]> AddmmBackward(Tensor input, Tensor mat1, Tensor mat2)
    {
        Tensor? keep1 = mat2.requires_grad ? mat1 : null, keep2 = mat1.requires_grad ? mat2 : null;
        int[] inputShape = input.Shape;
        bool inputNeeds = input.requires_grad;
        return g =>
        [
            keep2 is null || !Engine.NeedsGradient(0) ? null : g.matmul(keep2.t()),
            keep1 is null || !Engine.NeedsGradient(1) ? null : keep1.t().matmul(g),
            inputNeeds && Engine.NeedsGradient(2) ? g.sum_to(inputShape) : null,
        ];
    }

    /// <summary>
    /// A BLAS view of the last two dims: row-major (lda = cols) or a transposed row-major matrix (strides [1, rows]),
    /// which BLAS reads with its transpose flag; anything else is first copied.
    /// </summary>
    private static (Tensor t, bool trans, int ld) Operand(Tensor x)
    {
        int r = x.Shape[^2], c = x.Shape[^1];
        int sr = x.Strides[^2], sc = x.Strides[^1];
        if ((sc == 1 || c == 1) && (sr >= c || r == 1)) return (x, false, Math.Max(Math.Max(sr, c), 1));
        if ((sr == 1 || r == 1) && (sc >= r || c == 1)) return (x, true, Math.Max(Math.Max(sc, r), 1));
        var copy = new Tensor(x.ToArray(), x.shape);
        return (copy, false, Math.Max(c, 1));
    }

    private static int[] BatchOffsets(Tensor x, int[] batch)
    {
        int nb = ShapeUtil.Numel(batch);
        var offs = new int[nb];
        var pos = new int[batch.Length];
        for (int i = 0; i < nb; i++)
        {
            int o = x.Offset;
            for (int d = 0; d < batch.Length; d++) o += pos[d] * x.Strides[d];
            offs[i] = o;
            for (int d = batch.Length - 1; d >= 0; d--) { if (++pos[d] < batch[d]) break; pos[d] = 0; }
        }
        return offs;
    }
}
