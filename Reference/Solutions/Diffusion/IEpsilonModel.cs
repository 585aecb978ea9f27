using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// A noise predictor ε_θ(z_t, t): a trained network (through <see cref="EpsilonNetwork"/>), an exact oracle
/// (<see cref="Oracles.GaussianMixtureDenoiser"/>, <see cref="Oracles.FiniteSetDenoiser"/>) or any function
/// (<see cref="EpsilonNetwork.FromFunction"/>). Samplers and losses accept any of them.
/// </summary>
public interface IEpsilonModel
{
    /// <summary>
    /// The predicted noise, with the shape of <paramref name="zt"/>.
    /// </summary>
    /// <param name="zt">Noisy samples, [N, …].</param>
    /// <param name="t">One code index per sample, 0 … T − 1 (code index t is the paper's t + 1).</param>
    Tensor Predict(Tensor zt, int[] t);
}
