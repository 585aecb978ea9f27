namespace Grader.Tensors;

/// <summary>
/// The two element-wise loss primitives whose PyTorch gradients are not those of their obvious composites: binary
/// cross-entropy on probabilities (log clamped at −100, gradient (x − y)/max(x(1 − x), 1e-12), so a saturated
/// discriminator output of exactly 0 or 1 gives a finite loss and gradient) and on logits (gradient σ(x) − y, exact
/// where σ(x) ≈ y). Forward in double per element, rounded once; backward in tensor ops. Reductions are composites
/// (NN/Losses.cs).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>−(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100)) per element; x must lie in [0, 1].</summary>
    internal static Tensor BinaryCrossEntropy(Tensor input, Tensor target)
    {
        const string op = "binary_cross_entropy";
        SameShapes(input, target, op);
        var x = input.Span;
        var y = target.Span;
        var d = new float[x.Length];
        for (int i = 0; i < d.Length; i++)
        {
            if (!(x[i] >= 0f && x[i] <= 1f))
                throw new ArgumentException($"{op}: input holds {x[i]} at position {i}, outside [0, 1] (it takes probabilities; for logits use binary_cross_entropy_with_logits)");
            double logX = Math.Max(Math.Log(x[i]), -100), log1mX = Math.Max(Special.Log1p(-(double)x[i]), -100);
            d[i] = (float)(-(y[i] * logX + (1 - (double)y[i]) * log1mX));
        }
        return Result(op, d, input.shape, [input, target], (g, _) =>
        [
            input.requires_grad ? g * (input - target) / ((1f - input) * input).clamp(min: 1e-12f) : null,   // PyTorch's binary_cross_entropy_backward
            target.requires_grad ? g * ((1f - input).log() - input.log()) : null,                             // −logit(x), as PyTorch's target backward
        ], saved: [input, target]);
    }

    /// <summary>max(x, 0) − y·x + log1p(e^{−|x|}) per element, i.e. −(y log σ(x) + (1 − y) log(1 − σ(x))), without overflow or cancellation in the tails.</summary>
    internal static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target)
    {
        const string op = "binary_cross_entropy_with_logits";
        SameShapes(input, target, op);
        var x = input.Span;
        var y = target.Span;
        var d = new float[x.Length];
        for (int i = 0; i < d.Length; i++)
        {
            double v = x[i];
            d[i] = (float)(Math.Max(v, 0) - y[i] * v + Special.Log1p(Math.Exp(-Math.Abs(v))));
        }
        return Result(op, d, input.shape, [input, target], (g, _) =>
        [
            input.requires_grad ? g * (input.sigmoid() - target) : null,
            target.requires_grad ? -(g * input) : null,
        ], saved: [input, target]);
    }

    private static void SameShapes(Tensor input, Tensor target, string op)
    {
        if (!ShapeUtil.SameShape(input.Shape, target.Shape))
            throw new ArgumentException($"{op}: input has shape {ShapeUtil.Format(input.Shape)} and target {ShapeUtil.Format(target.Shape)}; they must be equal");
    }
}
