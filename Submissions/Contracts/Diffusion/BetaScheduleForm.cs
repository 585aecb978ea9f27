namespace Grader.Contracts.Diffusion;

/// <summary>
/// The four forms of β schedule in TUM exam 2023, problem 4 (d) (sheet 002), each with a constant c (the sheet's
/// schedules have c = 1), for n = 1 … N.
/// </summary>
public enum BetaScheduleForm
{
    /// <summary>β_n = c·sin(n/N) (the sheet's schedule 1).</summary>
    Sine,

    /// <summary>β_n = 1 − c/n (the sheet's schedule 2).</summary>
    OneMinusReciprocal,

    /// <summary>β_n = ln(1 + c·n/N) (the sheet's schedule 3).</summary>
    Logarithm,

    /// <summary>β_n = −c·cos(πn/N) (the sheet's schedule 4).</summary>
    NegativeCosine,
}
