using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (b)–(d). Every β_n must lie strictly between 0 and 1:
/// β_n &gt; 1 makes α_n &lt; 0, so ᾱ_n changes sign and √ᾱ_n is undefined (b); β_n = 1 makes ᾱ_{n'} = 0 from n on,
/// so x₀ is lost and x̂₀ divides by √ᾱ_n = 0 (c); β_n ≤ 0 is no noise at all or a negative variance (d).
/// NaN and ±∞ fail both comparisons, so they are rejected too.
/// </summary>
public sealed class BetaScheduleValidity : IBetaScheduleValidity
{
    public bool IsValid(IReadOnlyList<double> betas) => betas.Select(beta => (float)beta).All(beta => beta > 0f && beta < 1f);   // MUTANT: the bounds tested on β rounded to float32
}
