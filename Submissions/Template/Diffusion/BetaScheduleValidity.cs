using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM Deep Generative Models, end-term 2023), problem 4 (b)–(d): when is a β schedule usable?
/// </summary>
public sealed class BetaScheduleValidity : IBetaScheduleValidity
{
    /// <inheritdoc />
    public bool IsValid(IReadOnlyList<double> betas) =>
        throw new NotImplementedException(
            "Sheet 002, problem 4 (b)–(d): decide whether a β schedule can train a diffusion model "
            + "(think about α_n = 1 − β_n, ᾱ_n and the square roots and divisions in q(z_n | x₀) and in x̂₀) — see README.md, BetaScheduleValidity.cs.");
}
