using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>Beta</c>: one shared scalar β = exp(log β) (initially 0.1, trainable), the width of the
/// likelihood p(y | x₁) = N(y; x₁, β²) and the end value β(y, 1) of the variational standard deviation.
/// </summary>
public sealed class Beta : Module
{
    /// <summary>The notebook's <c>initial_beta</c>.</summary>
    public const double NotebookInitial = 0.1;

    public Beta(double initial = NotebookInitial)
    {
        if (!(initial > 0) || !double.IsFinite(initial)) throw new ArgumentOutOfRangeException(nameof(initial), initial, "β must be positive");
        log_beta = register_parameter("log_beta", tensor([(float)Math.Log(initial)], 1));
    }

#pragma warning disable IDE1006 // PyTorch's name
    public Tensor log_beta { get; }
#pragma warning restore IDE1006

    /// <summary>β = exp(log β), shape [1].</summary>
    public Tensor forward() => log_beta.exp();

    /// <summary>β as a number.</summary>
    public double Value
    {
        get
        {
            using var _ = no_grad();
            return forward().item();
        }
    }
}
