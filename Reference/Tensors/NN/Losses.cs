#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>Mean squared error (x − y)², reduced by "mean" (default), "sum" or "none".</summary>
public sealed class MSELoss : Module<(Tensor input, Tensor target), Tensor>
{
    public string reduction { get; }

    internal MSELoss(string reduction)
    {
        torch.nn.functional.CheckReduction(reduction, "MSELoss");
        this.reduction = reduction;
    }

    public override Tensor forward((Tensor input, Tensor target) x) => torch.nn.functional.mse_loss(x.input, x.target, reduction);

    public Tensor forward(Tensor input, Tensor target) => torch.nn.functional.mse_loss(input, target, reduction);

    public override string ToString() => $"MSELoss(reduction={reduction})";
}

/// <summary>Cross-entropy of logits [N, C, …] against class indices [N, …], reduced by "mean" (over the targets not ignored), "sum" or "none".</summary>
public sealed class CrossEntropyLoss : Module<(Tensor input, Tensor target), Tensor>
{
    public string reduction { get; }
    public int ignore_index { get; }

    internal CrossEntropyLoss(string reduction, int ignoreIndex)
    {
        torch.nn.functional.CheckReduction(reduction, "CrossEntropyLoss");
        this.reduction = reduction; ignore_index = ignoreIndex;
    }

    public override Tensor forward((Tensor input, Tensor target) x) => forward(x.input, x.target);

    public Tensor forward(Tensor input, Tensor target) => torch.nn.functional.cross_entropy(input, target, reduction, ignore_index);

    public override string ToString() => $"CrossEntropyLoss(reduction={reduction}, ignore_index={ignore_index})";
}

/// <summary>Negative log-likelihood of log-probabilities [N, C, …] at class indices [N, …].</summary>
public sealed class NLLLoss : Module<(Tensor input, Tensor target), Tensor>
{
    public string reduction { get; }
    public int ignore_index { get; }

    internal NLLLoss(string reduction, int ignoreIndex)
    {
        torch.nn.functional.CheckReduction(reduction, "NLLLoss");
        this.reduction = reduction; ignore_index = ignoreIndex;
    }

    public override Tensor forward((Tensor input, Tensor target) x) => forward(x.input, x.target);

    public Tensor forward(Tensor input, Tensor target) => torch.nn.functional.nll_loss(input, target, reduction, ignore_index);

    public override string ToString() => $"NLLLoss(reduction={reduction}, ignore_index={ignore_index})";
}

/// <summary>Binary cross-entropy of probabilities in [0, 1] against targets of the same shape.</summary>
public sealed class BCELoss : Module<(Tensor input, Tensor target), Tensor>
{
    public string reduction { get; }

    internal BCELoss(string reduction)
    {
        torch.nn.functional.CheckReduction(reduction, "BCELoss");
        this.reduction = reduction;
    }

    public override Tensor forward((Tensor input, Tensor target) x) => forward(x.input, x.target);

    public Tensor forward(Tensor input, Tensor target) => torch.nn.functional.binary_cross_entropy(input, target, reduction);

    public override string ToString() => $"BCELoss(reduction={reduction})";
}

/// <summary>Binary cross-entropy of logits against targets of the same shape (sigmoid and BCE in one stable step).</summary>
public sealed class BCEWithLogitsLoss : Module<(Tensor input, Tensor target), Tensor>
{
    public string reduction { get; }

    internal BCEWithLogitsLoss(string reduction)
    {
        torch.nn.functional.CheckReduction(reduction, "BCEWithLogitsLoss");
        this.reduction = reduction;
    }

    public override Tensor forward((Tensor input, Tensor target) x) => forward(x.input, x.target);

    public Tensor forward(Tensor input, Tensor target) => torch.nn.functional.binary_cross_entropy_with_logits(input, target, reduction);

    public override string ToString() => $"BCEWithLogitsLoss(reduction={reduction})";
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html
        public static MSELoss MSELoss(string reduction = "mean") => new(reduction);

        // https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
        public static CrossEntropyLoss CrossEntropyLoss(string reduction = "mean", int ignore_index = -100) => new(reduction, ignore_index);

        // https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
        public static NLLLoss NLLLoss(string reduction = "mean", int ignore_index = -100) => new(reduction, ignore_index);

        // https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html
        public static BCELoss BCELoss(string reduction = "mean") => new(reduction);

        // https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
        public static BCEWithLogitsLoss BCEWithLogitsLoss(string reduction = "mean") => new(reduction);

        public static partial class functional
        {
            /// <summary>
            /// (input − target)², then the mean over all elements ("mean"), the sum ("sum") or nothing ("none").
            /// The shapes must be equal: PyTorch only warns when they broadcast, and [N] against [N, 1] silently
            /// becomes an [N, N] loss — here it is an error.
            /// </summary>
            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean")
            {
                CheckReduction(reduction, "mse_loss");
                if (!ShapeUtil.SameShape(input.Shape, target.Shape))
                    throw new ArgumentException($"mse_loss: input has shape {ShapeUtil.Format(input.Shape)} and target {ShapeUtil.Format(target.Shape)}; they must be equal");
                var d = input - target;
                var sq = d * d;
                return reduction switch
                {
                    "mean" => sq.mean(),
                    "sum" => sq.sum(),
                    _ => sq,
                };
            }

            /// <summary>
            /// −log_softmax(input)[target] (PyTorch's F.cross_entropy with class indices): input [N, C, d…] of logits (or
            /// [C] with a 0-d target), target [N, d…] of class indices in [0, C) stored as floats; targets equal to
            /// <paramref name="ignore_index"/> count as nothing. "mean" divides by the number of targets not ignored.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, string reduction = "mean", int ignore_index = -100)
            {
                CheckReduction(reduction, "cross_entropy");
                return NllLoss(input.log_softmax(input.dim() == 1 ? 0 : 1), target, reduction, ignore_index, "cross_entropy");
            }

            /// <summary>−input[target] along the class dim (PyTorch's F.nll_loss): input [N, C, d…] of log-probabilities, target [N, d…] of class indices.</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, string reduction = "mean", int ignore_index = -100)
            {
                CheckReduction(reduction, "nll_loss");
                return NllLoss(input, target, reduction, ignore_index, "nll_loss");
            }

            private static Tensor NllLoss(Tensor input, Tensor target, string reduction, int ignoreIndex, string op)
            {
                if (input.dim() == 0) throw new ArgumentException($"{op}: expected an input of shape [N, C, …] or [C], got a 0-d tensor");
                int classDim = input.dim() == 1 ? 0 : 1, classes = input.Shape[classDim];
                var expected = input.Shape.Where((_, i) => i != classDim).ToArray();
                if (!ShapeUtil.SameShape(target.Shape, expected))
                    throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.Shape)} needs class indices of shape {ShapeUtil.Format(expected)}, got a target of shape {ShapeUtil.Format(target.Shape)}");
                int[] indices;
                try { indices = target.ToIndices(); }
                catch (ArgumentException e) { throw new ArgumentException($"{op}: the target must hold class indices: {e.Message}"); }
                var keep = new float[indices.Length];
                var safe = new float[indices.Length];
                int kept = 0;
                for (int i = 0; i < indices.Length; i++)
                {
                    if (indices[i] == ignoreIndex) continue;
                    if (indices[i] < 0 || indices[i] >= classes)
                        throw new ArgumentException($"{op}: the target holds class {indices[i]} at position {i}, but the input has {classes} classes (dim {classDim} of shape {ShapeUtil.Format(input.Shape)})");
                    keep[i] = 1f; safe[i] = indices[i]; kept++;
                }
                var picked = input.gather(classDim, Tensor.FromArray(safe, expected).unsqueeze(classDim)).squeeze(classDim);
                var loss = kept == indices.Length ? -picked : where(Tensor.FromArray(keep, expected), -picked, zeros_like(picked));
                return reduction switch
                {
                    "mean" => loss.sum() / kept,
                    "sum" => loss.sum(),
                    _ => loss,
                };
            }

            /// <summary>
            /// −(y log x + (1 − y) log(1 − x)) for probabilities x ∈ [0, 1] (PyTorch's F.binary_cross_entropy): each log is
            /// clamped at −100, and the gradient is (x − y)/max(x(1 − x), 1e-12), so x = 0 or 1 stays finite. Same shapes.
            /// </summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, string reduction = "mean")
            {
                CheckReduction(reduction, "binary_cross_entropy");
                return Reduce(Tensor.BinaryCrossEntropy(input, target), reduction);
            }

            /// <summary>−(y log σ(x) + (1 − y) log(1 − σ(x))) for logits x (PyTorch's F.binary_cross_entropy_with_logits), stable for any x. Same shapes.</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, string reduction = "mean")
            {
                CheckReduction(reduction, "binary_cross_entropy_with_logits");
                return Reduce(Tensor.BinaryCrossEntropyWithLogits(input, target), reduction);
            }

            private static Tensor Reduce(Tensor loss, string reduction) => reduction switch
            {
                "mean" => loss.mean(),
                "sum" => loss.sum(),
                _ => loss,
            };

            internal static void CheckReduction(string reduction, string op)
            {
                if (reduction is not ("mean" or "sum" or "none"))
                    throw new ArgumentException($"{op}: reduction '{reduction}' is not one of \"mean\", \"sum\", \"none\"");
            }
        }
    }
}
