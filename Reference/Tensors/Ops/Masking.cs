namespace Grader.Tensors;

/// <summary>
/// Masking composites (no backward code of their own): each selects with <see cref="Where"/>, so filled positions are
/// exact (−∞ stays −∞, no 0·∞) and get no gradient.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The value where <paramref name="mask"/> ≠ 0, this tensor's elements elsewhere (torch.Tensor.masked_fill); the mask broadcasts to this shape.</summary>
    public Tensor masked_fill(Tensor mask, float value)
    {
        if (!ShapeUtil.SameShape(ShapeUtil.Broadcast(mask.Shape, Shape, "masked_fill"), Shape))
            throw new ArgumentException($"masked_fill: a mask of shape {ShapeUtil.Format(mask.Shape)} does not broadcast to the input's shape {ShapeUtil.Format(Shape)}");
        return Where(mask, Scalar(value), this);
    }

    /// <summary>The lower triangle of the last two dims, j − i ≤ <paramref name="diagonal"/>, zeros above (torch.tril).</summary>
    public Tensor tril(int diagonal = 0) => Triangle("tril", diagonal, lower: true);

    /// <summary>The upper triangle of the last two dims, j − i ≥ <paramref name="diagonal"/>, zeros below (torch.triu).</summary>
    public Tensor triu(int diagonal = 0) => Triangle("triu", diagonal, lower: false);

    private Tensor Triangle(string op, int diagonal, bool lower)
    {
        if (Shape.Length < 2) throw new ArgumentException($"{op}: expected a tensor of at least 2 dims, got shape {ShapeUtil.Format(Shape)}");
        int rows = Shape[^2], cols = Shape[^1];
        var mask = new float[ShapeUtil.Numel([rows, cols], op)];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (lower ? (long)j - i <= diagonal : (long)j - i >= diagonal) mask[i * cols + j] = 1f;
        return Where(new Tensor(mask, [rows, cols]), this, Scalar(0f));
    }
}
