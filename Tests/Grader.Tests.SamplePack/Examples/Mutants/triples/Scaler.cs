using Grader.Contracts.Sample;

namespace Submission;

/// <summary>Sheet 900, exercise 1.</summary>
public sealed class Scaler : IScaler
{
    // MUTANT: scales by three.
    public double Scale(double x) => 3 * x;
}
