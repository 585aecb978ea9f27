namespace Grader.Contracts.Diffusion;

/// <summary>One β schedule of problem 4 (d)'s forms (sheet 002).</summary>
/// <param name="Form">Which of the four forms.</param>
/// <param name="C">The constant c in the form (1 on the sheet).</param>
public sealed record BetaScheduleFormula(BetaScheduleForm Form, double C);
