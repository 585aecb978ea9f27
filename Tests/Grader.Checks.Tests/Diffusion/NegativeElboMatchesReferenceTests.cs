using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class NegativeElboMatchesReferenceTests
{
    private static readonly NegativeElboMatchesReference Check = new();

    [Test]
    public void TheTrueElboWeightIsOneOverTwoAlphaAtTheFirstStepAndBetaOverTwoAlphaOneMinusAlphaBarLater()
    {
        double[] betas = [1e-4, 2e-2, 0.5];
        var alphaBar = new double[betas.Length];
        double product = 1;
        for (var t = 0; t < betas.Length; t++) alphaBar[t] = product *= 1 - betas[t];
        NegativeElboMatchesReference.TrueElboWeight(betas, alphaBar, 0).Should().BeApproximately(1 / (2 * (1 - 1e-4)), 1e-12);
        // t = 2: β²/(2β·α·(1 − ᾱ)) = 0.5 / (2·0.5·(1 − 0.9999·0.98·0.5)).
        NegativeElboMatchesReference.TrueElboWeight(betas, alphaBar, 2).Should().BeApproximately(0.5 / (2 * 0.5 * (1 - 0.9999 * 0.98 * 0.5)), 1e-12);
    }

    /// <summary>Each bug fails, its message naming what was wrong (each case keeps the name it had as a test of its own).</summary>
    [TestCase(ElboBug.OneTimePerBatch, "NegativeElbo differs from the reference", "your NegativeElbo asked the random source for Integers(0, 1000, [1]), Normal([128])", TestName = "OneTimePerBatchFailsAndSaysWhatWasDrawn")]
    [TestCase(ElboBug.TimeFromOne, "your NegativeElbo asked the random source for Integers(1, 1000, [64, 1])", TestName = "TimeFromOneFailsAndSaysWhatWasDrawn")]
    [TestCase(ElboBug.TimeNotNormalised, "raw step index t fed to the network", "t/T", TestName = "RawTimeFailsNamingTheConvention")]
    [TestCase(ElboBug.NoiseNotSquareRooted, "(1 − ᾱ_t) instead of √(1 − ᾱ_t)", TestName = "MissingSquareRootFails")]
    [TestCase(ElboBug.TrueElboWeighting, "times β_t²/(2σ_t²·α_t·(1 − ᾱ_t)) with σ_t² = β_t", "L_simple", TestName = "TheTrueElboWeightingIsNamedAsNotTheSheetsLSimple")]
    [TestCase(ElboBug.MeanOverDimensions, "averaged the squared error over the dimensions", TestName = "MeanOverDimensionsFails")]
    [TestCase(ElboBug.BatchMeanVector, "you averaged over the batch", TestName = "BatchMeanRepeatedPerSampleFails")]
    [TestCase(ElboBug.Scalar, "shape []", "expected one value per sample, shape [N] = [64]", "you averaged over the batch", TestName = "AScalarFailsOnItsShapeAndSaysItIsTheBatchMean")]
    [TestCase(ElboBug.Column, "shape [64, 1]", "expected one value per sample, shape [N]", TestName = "AColumnFailsOnItsShape")]
    [TestCase(ElboBug.PerDimension, "shape [64, 2]", "expected one value per sample", "sum it over the data dimensions", TestName = "PerDimensionValuesFailOnTheirShape")]
    [TestCase(ElboBug.NaN, "returned NaN at index [3]", "1 of 64 entries", TestName = "NaNFailsWithItsIndex")]
    [TestCase(ElboBug.NotImplemented, "not implemented yet: negative_elbo", TestName = "NotImplementedFailsAsNotImplemented")]
    public void ABugFailsNamingIt(ElboBug bug, params string[] parts) =>
        DiffusionCheckHarness.Run(Check, new FormulaNegativeElbo(bug)).ShouldFailWith(parts);

    [Test]
    public void AThrowingHandinErrorsWithTypeAndMessage() =>
        DiffusionCheckHarness.Run(Check, new FormulaNegativeElbo(ElboBug.Throws)).ShouldErrorWith("threw InvalidOperationException", "boom");

    [Test]
    public void AMissingContractFails() =>
        DiffusionCheckHarness.Run(Check).ShouldFailWith("no class implements IDtuDdpm");

    [Test]
    public void AMissingSnapshotIsAGraderDefect()
    {
        var context = new Grader.Checks.Checking.CheckContext(_ => new FormulaNegativeElbo(ElboBug.None), 1, Path.Combine(Path.GetTempPath(), "no-snapshots-here"));
        var result = Check.Run(context);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored));
        Assert.That(result.Message, Does.Contain("is missing (a grader defect"));
    }
}

public enum ElboBug { None, OneTimePerBatch, TimeFromOne, ShiftedRange, AlphaBarPrevious, TimeNotNormalised, NoiseNotSquareRooted, MeanOverDimensions, BatchMeanVector, Scalar, Column, PerDimension, NaN, Throws, NotImplemented, TrueElboWeighting }

/// <summary>DTU 3.4 negative_elbo written from Algorithm 1, with at most one bug.</summary>
internal sealed class FormulaNegativeElbo(ElboBug bug, bool float32 = false) : IDtuDdpm
{
    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random)
    {
        if (bug == ElboBug.Throws) throw new InvalidOperationException("boom");
        if (bug == ElboBug.NotImplemented) throw new NotImplementedException("negative_elbo");
        var t = bug switch
        {
            ElboBug.OneTimePerBatch => full([x.size(0), 1], random.Integers(0, schedule.T, [1]).item()),
            ElboBug.TimeFromOne => random.Integers(1, schedule.T, [x.size(0), 1]),
            _ => random.Integers(0, schedule.T, [x.size(0), 1]),
        };
        var epsilon = bug == ElboBug.ShiftedRange
            ? random.Normal(x.shape)
            : random.Normal([x.size(0) * x.size(1)]).reshape(x.size(0), x.size(1));
        if (bug == ElboBug.ShiftedRange) t = random.Integers(1, schedule.T + 1, [x.size(0)]) - 1f;
        var s = new FormulaSchedule(schedule, float32);
        int n = x.size(0), d = x.size(1);
        var steps = t.ToArray().Select(v => (int)v).ToArray();
        var alphaBar = steps.Select(k => bug == ElboBug.AlphaBarPrevious ? s.Previous(k) : s.AlphaBar[k]).ToArray();
        var a = tensor(alphaBar.Select(v => (float)s.Sqrt(v)).ToArray(), n, 1);
        var b = tensor(alphaBar.Select(v => (float)(bug == ElboBug.NoiseNotSquareRooted ? s.R(1 - v) : s.Sqrt(s.R(1 - v)))).ToArray(), n, 1);
        var zt = a * x + b * epsilon;
        var time = bug == ElboBug.TimeNotNormalised ? t.reshape(n, 1) : t.reshape(n, 1) / (float)schedule.T;
        var r = epsilon - network.Forward(zt, time);
        var squared = r * r;
        var perSample = squared.sum(1);
        return bug switch
        {
            ElboBug.MeanOverDimensions => perSample / (float)d,
            // The true ELBO's term weight with σ_t² = β_t, written from Ho et al. eq. (12) independently of the check's helper.
            ElboBug.TrueElboWeighting => perSample * tensor(steps.Select(k => (float)(s.Beta[k] * s.Beta[k] / (2 * s.Beta[k] * s.Alpha[k] * (1 - s.AlphaBar[k])))).ToArray(), n),
            ElboBug.BatchMeanVector => full([n], perSample.mean().item()),
            ElboBug.Scalar => perSample.mean(),
            ElboBug.Column => squared.sum(1, keepdim: true),
            ElboBug.PerDimension => squared,
            ElboBug.NaN => tensor(perSample.ToArray().Select((v, i) => i == 3 ? float.NaN : v).ToArray(), n),
            _ => perSample,
        };
    }

    public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) => throw new NotImplementedException("sample");
}
