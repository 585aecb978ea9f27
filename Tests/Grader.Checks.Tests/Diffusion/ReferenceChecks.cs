using Grader.Checks.Diffusion;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>One instance of each diffusion reference check, for the tests that run several of them on formula hand-ins.</summary>
internal static class ReferenceChecks
{
    public static readonly DdimStepMatchesReference Ddim = new();

    /// <summary>The snapshot's steps with η &gt; 0: beyond the sheet, a lightly weighted extension of 1 (d).</summary>
    public static readonly DdimStepMatchesReference DdimWithNoise = new(withNoise: true);

    public static readonly ReverseStepMatchesReference ReverseStep = new();

    public static readonly InterpolationIsLinearInLatentSpace Interpolation = new();

    public static readonly DtuSampleMatchesReference DtuSample = new();

    public static readonly NegativeElboMatchesReference NegativeElbo = new();

    public static readonly SameNoiseTrajectoryMatchesReference SameNoise = new();
}
