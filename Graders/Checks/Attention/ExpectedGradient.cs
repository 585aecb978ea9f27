namespace Grader.Checks.Attention;

/// <summary>The gradient of Σ G ⊙ output with respect to one input or parameter of a call, in double, row-major in its shape.</summary>
/// <param name="Name">query, key, value, query_weight, key_weight, value_weight, output_weight, query_bias, key_bias, value_bias or output_bias.</param>
/// <param name="Values">The gradient.</param>
/// <param name="Bounds">For each value, the bound on the error of any float32 evaluation from the same inputs (the tolerance is twice it).</param>
public sealed record ExpectedGradient(string Name, double[] Values, double[] Bounds);
