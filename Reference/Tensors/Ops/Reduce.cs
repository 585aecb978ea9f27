namespace Grader.Tensors;

/// <summary>Reductions. sum and max are primitives (backward: expand, and a one-hot mask at the argmax); the rest are composites.</summary>
public sealed partial class Tensor
{
    /// <summary>Sum over all elements (a 0-d tensor).</summary>
    public Tensor sum()
    {
        if (Shape.Length == 0) return this;
        return sum(Enumerable.Range(0, Shape.Length).ToArray(), keepdim: false);
    }

    public Tensor sum(int dim, bool keepdim = false) => sum([dim], keepdim);

    public Tensor sum(int[] dims, bool keepdim = false)
    {
        var ds = dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "sum")).Distinct().OrderByDescending(d => d).ToArray();
        if (Shape.Length == 0) return this;   // reducing a 0-d tensor over dim 0 leaves it as it is (PyTorch)
        var curShape = shape;
        TensorStorage? data = null;   // the first reduction reads this tensor's elements in place
        foreach (var d in ds)
        {
            var (outer, r, inner) = Reduction.Split(curShape, d);
            data = data is null ? Reduction.Sum(Span, outer, r, inner) : Reduction.Sum(data.Span, outer, r, inner);
            curShape[d] = 1;
        }
        data ??= new TensorStorage(Span.ToArray());
        var keepShape = curShape;
        var outShape = keepdim ? keepShape : keepShape.Where((_, i) => !ds.Contains(i)).ToArray();
        var inShape = Shape;
        return Result("sum", data, outShape, [this], g => [g.reshape(keepShape).expand(inShape)]);
    }

    public Tensor mean()
    {
        int n = numel();
        return sum() / n;
    }

    public Tensor mean(int dim, bool keepdim = false) => mean([dim], keepdim);

    public Tensor mean(int[] dims, bool keepdim = false)
    {
        int n = 1;
        foreach (var d in dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "mean")).Distinct()) n *= Shape.Length == 0 ? 1 : Shape[d];
        return sum(dims, keepdim) / n;
    }

    /// <summary>Variance over dims; <paramref name="unbiased"/> divides by n−1 (PyTorch's default), else by n.</summary>
    public Tensor var(int[] dims, bool unbiased = true, bool keepdim = false)
    {
        int n = 1;
        foreach (var d in dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "var")).Distinct()) n *= Shape.Length == 0 ? 1 : Shape[d];
        var centred = this - mean(dims, keepdim: true);
        return (centred * centred).sum(dims, keepdim) / (unbiased ? n - 1 : n);
    }

    public Tensor var(int dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim);

    public Tensor std(int dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim).sqrt();

    /// <summary>Maximum along a dim with the index of its first occurrence; the gradient goes to that index only.</summary>
    public (Tensor values, Tensor indices) max(int dim, bool keepdim = false)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "max");
        if (Shape.Length == 0) return reshape(1).max(0);   // a 0-d tensor is its own maximum, at index 0
        var (outer, r, inner) = Reduction.Split(Shape, d);
        var (v, ix) = Reduction.Max(Span, outer, r, inner);
        var keepShape = shape; keepShape[d] = 1;
        var outShape = keepdim ? keepShape : Shape.Where((_, i) => i != d).ToArray();
        var inShape = Shape;
        var values = Result("max", v, outShape, [this], (g, _) =>
        {
            var mask = new float[ShapeUtil.Numel(inShape)];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++) mask[(o * r + ix[o * inner + i]) * inner + i] = 1f;
            return [g.reshape(keepShape).expand(inShape) * new Tensor(mask, inShape)];
        });
        var indices = new Tensor(ix.Select(i => (float)i).ToArray(), outShape);
        return (values, indices);
    }

    /// <summary>Maximum over all elements; on ties the gradient is split evenly between the maxima (as PyTorch's max()).</summary>
    public Tensor max() => amax(Enumerable.Range(0, Shape.Length).ToArray());

    /// <summary>
    /// Maximum over dims. Unlike <see cref="max(int, bool)"/>, which picks one index, ties share the gradient evenly
    /// (PyTorch's amax and max() do this; found by Torch/TorchVectorTests).
    /// </summary>
    public Tensor amax(int[] dims, bool keepdim = false)
    {
        var ds = dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "amax")).Distinct().OrderByDescending(d => d).ToArray();
        var t = this;
        using (torch.no_grad())
            foreach (var d in ds) t = t.max(d, keepdim: true).values;
        var keepShape = t.shape;
        var outShape = keepdim ? keepShape : Shape.Where((_, i) => !ds.Contains(i)).ToArray();
        var inShape = Shape;
        return Result("amax", t.ToArray(), outShape, [this], (g, _) =>
        {
            var mask = eq(t) + isnan() * t.isnan();   // NaN maxima share the gradient too (PyTorch's max())
            return [g.reshape(keepShape).expand(inShape) * (mask / mask.sum(ds, keepdim: true))];
        }, saved: [this]);
    }

    public (Tensor values, Tensor indices) min(int dim, bool keepdim = false)
    {
        var (v, i) = (-this).max(dim, keepdim);
        return (-v, i);
    }

    public Tensor min() => -(-this).max();

    public Tensor argmax(int dim, bool keepdim = false) => max(dim, keepdim).indices;

    /// <summary>log Σ exp(x) along a dim, stabilised by the (detached) maximum.</summary>
    public Tensor logsumexp(int dim, bool keepdim = false)
    {
        var m = max(dim, keepdim: true).values.detach();
        var finite = torch.where(m.isfinite(), m, torch.zeros_like(m));
        var r = (this - finite).exp().sum(dim, keepdim: true).log() + finite;
        return keepdim ? r : r.squeeze(dim);
    }

    public Tensor softmax(int dim)
    {
        var m = max(dim, keepdim: true).values.detach();
        var e = (this - m).exp();
        return e / e.sum(dim, keepdim: true);
    }

    /// <summary>
    /// (x − m) − log Σ exp(x − m) with m the detached maximum, as PyTorch computes it. Written as x − logsumexp(x) it
    /// would round m + log Σ… at the magnitude of m and lose ε·|m| where one element dominates (found by TorchVectorTests).
    /// </summary>
    public Tensor log_softmax(int dim)
    {
        var m = max(dim, keepdim: true).values.detach();
        var shifted = this - torch.where(m.isfinite(), m, torch.zeros_like(m));
        return shifted - shifted.exp().sum(dim, keepdim: true).log();
    }
}
