using Grader.Tensors;

namespace Grader.Contracts.Vae;

/// <summary>
/// TUM exam 2023, problem 2 (a) (sheet 002): a deterministic T: ℝ → ℝ_{&gt;0} that turns a sample ε ~ N(0, 1) into a
/// sample of the log-normal distribution log N(0, 1), whose density and CDF the sheet gives.
/// </summary>
public interface ILogNormalTransformT
{
    /// <summary>T applied to every element.</summary>
    /// <param name="epsilon">Samples of N(0, 1), any shape.</param>
    /// <returns>T(ε), the shape of <paramref name="epsilon"/>.</returns>
    Tensor T(Tensor epsilon);
}
