using Grader.Contracts.Sample;

namespace Submission;

/// <summary>Sheet 900, exercise 1.</summary>
public sealed class Scaler : IScaler
{
    public double Scale(double x) => x + x;
}
