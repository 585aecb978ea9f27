namespace Grader.Contracts.Flows;

/// <summary>The mean and standard deviation of each preprocessed feature over the training events.</summary>
/// <param name="Mean">One value per feature.</param>
/// <param name="Std">One value per feature (NumPy's <c>std</c>: divisor n).</param>
public sealed record FeatureStandardisation(double[] Mean, double[] Std);
