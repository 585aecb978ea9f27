using Grader.Contracts.Diffusion;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of TUM P4 (b)–(d): <see cref="ScheduleValidity.IsValid"/>.</summary>
public sealed class ReferenceBetaScheduleValidity : IBetaScheduleValidity
{
    public bool IsValid(IReadOnlyList<double> betas) => ScheduleValidity.IsValid(betas);
}
