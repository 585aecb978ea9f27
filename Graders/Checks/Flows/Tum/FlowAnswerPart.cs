namespace Grader.Checks.Flows.Tum;

/// <summary>Which ✓ of a "valid flow?" answer a check grades.</summary>
public enum FlowAnswerPart
{
    /// <summary>The verdict: valid or not (the rubric's "✓ for no").</summary>
    Verdict,

    /// <summary>Two different inputs with the same output (the rubric's "✓ for pointing out that it is not invertible").</summary>
    Collision,
}
