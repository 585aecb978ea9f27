using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// The ε-model a hand-in must use when the grader passes one in: ε̂ = network(z_t, t). The grader may pass a trained
/// network, a fixed random one, or an exact oracle, so a hand-in must not assume which.
/// <list type="bullet">
/// <item>Heidelberg (sheet 000/001 ex. 1): <c>t</c> is the raw integer step index 0..T−1, shape [N] or [N, 1].</item>
/// <item>DTU (sheet 004 ex. 3.4): <c>t</c> is normalised to [0, 1] as t/T, shape [N, 1] (the sheet: "normalize the time step").</item>
/// </list>
/// </summary>
public interface IEpsilonNetwork
{
    /// <param name="zt">Noised points, [N, d].</param>
    /// <param name="t">Time steps in the network's convention (see the type's summary).</param>
    /// <returns>Predicted noise, [N, d].</returns>
    Tensor Forward(Tensor zt, Tensor t);
}
