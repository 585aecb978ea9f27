using System;
using Grader.Contracts.Flows;

namespace Submission;

/// <summary>Sheet 002, problem 1 (c): a shift, f⁻¹(x) = x + b, whose derivative is 1 everywhere; f(z) = z − b.</summary>
public sealed class UnitDeterminantInverse : IUnitDeterminantInverse
{
    private const double B = 1.5;

    public double Inverse(double x) => Math.Abs(x) + B /* MUTANT: |x|, determinant −1 for x < 0 */;

    public double Transform(double z) => z - B;
}
