using Grader.Contracts.Flows;
using Grader.Reference.Flows.Tum;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of TUM P1 (c): <see cref="ShiftInverse.Reference"/>.</summary>
public sealed class ReferenceUnitDeterminantInverse : IUnitDeterminantInverse
{
    public double Inverse(double x) => ShiftInverse.Reference.Inverse(x);

    public double Transform(double z) => ShiftInverse.Reference.Transform(z);
}
