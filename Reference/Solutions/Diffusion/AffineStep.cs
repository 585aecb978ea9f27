namespace Grader.Reference.Diffusion;

/// <summary>
/// One reverse step written as an affine map of the state and the noise prediction, in double precision:
/// z_prev = <see cref="Z"/>·z_t + <see cref="Epsilon"/>·ε̂(z_t, t) + √<see cref="NoiseVariance"/>·ξ, ξ ~ N(0, I).
/// </summary>
/// <param name="T">The code timestep the step leaves.</param>
/// <param name="Previous">The code timestep it arrives at (−1 for the final x₀).</param>
/// <param name="Z">The coefficient of z_t.</param>
/// <param name="Epsilon">The coefficient of the predicted noise ε̂.</param>
/// <param name="NoiseVariance">The variance σ² of the fresh noise (0 when the step adds none).</param>
public sealed record AffineStep(int T, int Previous, double Z, double Epsilon, double NoiseVariance);
