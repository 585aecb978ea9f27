namespace Grader.Checks.OdeSde;

/// <summary>
/// What <see cref="ExpectedLogLikelihoodMatchesGenerator"/> compares a hand-in with on one data set: the law's
/// (1/n) Σ log p(y_i) in double, (1/n) Σ |log p(y_i)| (for the float32 tolerance), and the values of the known wrong
/// variants (keys <see cref="ExpectedLogLikelihoodMatchesGenerator.VariantKeys"/>).
/// </summary>
public sealed record ExpectedLogLikelihoodAnswer(double Value, double MeanAbsoluteTerm, IReadOnlyList<VariantValue> Variants);

/// <summary>A known wrong variant's value.</summary>
public sealed record VariantValue(string Name, double Value);
