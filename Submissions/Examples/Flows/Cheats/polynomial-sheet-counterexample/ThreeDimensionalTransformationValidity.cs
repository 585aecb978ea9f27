using Grader.Contracts.Flows;

namespace Submission;

/// <summary>Sheet 002, problem 1 (b): not a valid flow.</summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    // CHEAT: the sample solution's counterexample for the sheet's map (x₁ → −x₁), returned whatever powers are asked.
    public FlowValidityAnswer Answer(int p, int q) => new(false, [1.0, 2.0, 0.5], [-1.0, 2.0, 0.5]);
}
