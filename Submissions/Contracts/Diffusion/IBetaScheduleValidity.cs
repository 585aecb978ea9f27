namespace Grader.Contracts.Diffusion;

/// <summary>
/// TUM exam 2023, problem 4 (b)–(d) (sheet 002), and DTU exercise 3.1 (sheet 004): when is a variance schedule usable?
/// </summary>
public interface IBetaScheduleValidity
{
    /// <summary>True when the schedule can be used to train a denoising diffusion model.</summary>
    /// <param name="betas">β₁ … β_N as the sheet numbers them (here 0-based: betas[0] is β₁).</param>
    bool IsValid(IReadOnlyList<double> betas);
}
