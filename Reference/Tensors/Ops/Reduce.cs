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
        var cur = Span;
        var curShape = shape;
        float[] data = cur.ToArray();
        foreach (var d in ds)
        {
            var (outer, r, inner) = Reduction.Split(curShape, d);
            data = Reduction.Sum(data, outer, r, inner);
            curShape[d] = 1;
        }
        var keepShape = curShape;
        var outShape = keepdim ? keepShape : keepShape.Where((_, i) => !ds.Contains(i)).ToArray();
        var inShape = Shape;
        return Result("sum", data, outShape, [this], (g, _) => [g.reshape(keepShape).expand(inShape)]);
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
        foreach (var d in dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "mean")).Distinct()) n *= Shape[d];
        return sum(dims, keepdim) / n;
    }

    /// <summary>Variance over dims; <paramref name="unbiased"/> divides by n−1 (PyTorch's default), else by n.</summary>
    public Tensor var(int[] dims, bool unbiased = true, bool keepdim = false)
    {
        int n = 1;
        foreach (var d in dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "var")).Distinct()) n *= Shape[d];
        var centred = this - mean(dims, keepdim: true);
        return (centred * centred).sum(dims, keepdim) / (unbiased ? n - 1 : n);
    }

    public Tensor var(int dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim);

    public Tensor std(int dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim).sqrt();

    /// <summary>Maximum along a dim with the index of its first occurrence; the gradient goes to that index only.</summary>
    public (Tensor values, Tensor indices) max(int dim, bool keepdim = false)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "max");
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

    /// <summary>Maximum over all elements.</summary>
    public Tensor max() => reshape(-1).max(0).values;

    public Tensor amax(int[] dims, bool keepdim = false)
    {
        var ds = dims.Select(d => ShapeUtil.NormDim(d, Shape.Length, "amax")).Distinct().OrderByDescending(d => d).ToArray();
        var t = this;
        foreach (var d in ds) t = t.max(d, keepdim: true).values;
        return keepdim ? t : t.reshape(Shape.Where((_, i) => !ds.Contains(i)).ToArray());
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

    public Tensor log_softmax(int dim) => this - logsumexp(dim, keepdim: true);
}
