using Grader.Contracts.Sample;

namespace Grader.Tests.SamplePack;

/// <summary>The sample's reference implementation (tutor side).</summary>
public sealed class ReferenceScaler : IScaler
{
    public double Scale(double x) => 2 * x;
}
