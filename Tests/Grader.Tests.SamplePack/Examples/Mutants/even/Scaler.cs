using System;
using Grader.Contracts.Sample;

namespace Submission;

/// <summary>Sheet 900, exercise 1.</summary>
public sealed class Scaler : IScaler
{
    // MUTANT: doubles the magnitude, so negative inputs come out positive.
    public double Scale(double x) => 2 * Math.Abs(x);
}
