using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde;

/// <summary>
/// One call of <see cref="IOdeLogLikelihood.LogLikelihood"/> a check makes, with what the hand-in must return: the
/// reference's log p(y_i), the float32 tolerance of each, and the known wrong variants' values.
/// </summary>
/// <param name="Drift">The drift the hand-in gets.</param>
/// <param name="Description">The drift in words, for a counterexample ("f(x, t) = …", "a random drift network").</param>
/// <param name="Method">"euler", "rk2" or "rk4".</param>
/// <param name="TimePoints">Points of the time grid.</param>
/// <param name="Y">The data, one per row.</param>
/// <param name="Expected">log p(y_i) by the reference.</param>
/// <param name="Tolerance">Per example, the float32 tolerance (the tutor's side computes it along the path in double).</param>
/// <param name="Variants">The wrong variants' values, keyed as <see cref="LogLikelihoodComparison.Explanations"/>.</param>
public sealed record LogLikelihoodCase(IDifferentiableNetwork Drift, string Description, string Method, int TimePoints, float[] Y, float[] Expected,
    double[] Tolerance, IReadOnlyList<Variant> Variants);
