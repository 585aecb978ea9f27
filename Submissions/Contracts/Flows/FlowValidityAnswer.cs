namespace Grader.Contracts.Flows;

/// <summary>An answer to "does this transformation lead to a valid normalizing flow?".</summary>
/// <param name="IsValidFlow">The answer.</param>
/// <param name="FirstInput">When the answer is no: an input x (empty when the answer is yes).</param>
/// <param name="SecondInput">When the answer is no: an input different from <paramref name="FirstInput"/> that the transformation maps to the same output (empty when the answer is yes).</param>
public sealed record FlowValidityAnswer(bool IsValidFlow, double[] FirstInput, double[] SecondInput);
