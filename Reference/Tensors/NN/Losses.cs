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

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html
        public static MSELoss MSELoss(string reduction = "mean") => new(reduction);

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

            internal static void CheckReduction(string reduction, string op)
            {
                if (reduction is not ("mean" or "sum" or "none"))
                    throw new ArgumentException($"{op}: reduction '{reduction}' is not one of \"mean\", \"sum\", \"none\"");
            }
        }
    }
}
