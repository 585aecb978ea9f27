namespace Grader.Contracts.OdeSde;

/// <summary>
/// A trained SDE model of <c>SDE.ipynb</c>, as the grader evaluates it: the generative drift f(x, t) and diffusion
/// σ(x, t), the variational mean α(y, t) and standard deviation β(y, t), and the likelihood's β.
/// </summary>
public interface ISdeModel
{
    /// <summary>f(x, t).</summary>
    IDifferentiableNetwork Drift { get; }

    /// <summary>σ(x, t) (positive).</summary>
    IDifferentiableNetwork Diffusion { get; }

    /// <summary>α(y, t).</summary>
    IDifferentiableNetwork Alpha { get; }

    /// <summary>β(y, t) (positive).</summary>
    IDifferentiableNetwork Beta { get; }

    /// <summary>β of the likelihood p(y | x₁) = N(y; x₁, β²).</summary>
    double LikelihoodStd { get; }
}
