using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>The derived bounds hold for actual float32 evaluations of the formulas they bound.</summary>
public sealed class Float32BoundTests
{
    private static readonly double[] Betas = ScheduleSpec.Linear(1000).Betas();

    [Test]
    public void TheAlphaBarBoundCoversAFloat32RunningProduct()
    {
        var bounds = new ScheduleBounds(Betas);
        var exact = DiffusionSnapshots.AlphaBar(Betas);
        var product = 1f;
        for (var t = 0; t < Betas.Length; t++)
        {
            product *= 1f - (float)Betas[t];
            Assert.That(Math.Abs(product - exact[t]), Is.LessThanOrEqualTo(bounds.AlphaBar(t).Error), $"t = {t}");
            Assert.That(Math.Abs((1f - product) - (1 - exact[t])), Is.LessThanOrEqualTo(bounds.OneMinusAlphaBar(t).Error), $"1 − ᾱ at t = {t}");
        }

        Assert.That(bounds.OneMinusAlphaBar(0).Error / (1 - exact[0]), Is.GreaterThan(1e-4), "1 − ᾱ₀ = β₀ carries ≈ u/β₀ in float32");
    }

    [Test]
    public void TheStepBoundCoversTheNotebooksFloat32Step()
    {
        var schedule = new FormulaSchedule(new NoiseSchedule(ScheduleSpec.Linear(250).Betas()), float32: true);
        var exact = new FormulaSchedule(new NoiseSchedule(ScheduleSpec.Linear(250).Betas()), float32: false);
        var bounds = new ScheduleBounds(ScheduleSpec.Linear(250).Betas());
        var random = new Random(5);
        foreach (var t in new[] { 0, 1, 2, 10, 100, 249 })
        {
            var bound = StepBounds.DdpmStep(bounds, t, posteriorVariance: true);
            for (var k = 0; k < 200; k++)
            {
                float x = (float)(3 * (random.NextDouble() - 0.5)), e = (float)(3 * (random.NextDouble() - 0.5)), z = (float)(3 * (random.NextDouble() - 0.5));
                var f32 = Step(schedule, t, x, e, z);
                var f64 = Step(exact, t, x, e, z);
                Assert.That(Math.Abs(f32 - f64), Is.LessThanOrEqualTo(bound.ErrorAt(x, e, z)), $"t = {t}, x = {x}, ε̂ = {e}, z = {z}");
            }
        }
    }

    /// <summary>The notebook's step in the schedule's own precision.</summary>
    private static double Step(FormulaSchedule s, int t, double x, double e, double z)
    {
        var x0 = s.R(s.R(s.Sqrt(s.R(1 / s.AlphaBar[t])) * x) - s.R(s.Sqrt(s.R(s.R(1 / s.AlphaBar[t]) - 1)) * e));
        var c0 = s.R(s.R(s.Beta[t] * s.Sqrt(s.Previous(t))) / s.R(1 - s.AlphaBar[t]));
        var c1 = s.R(s.R(s.R(1 - s.Previous(t)) * s.Sqrt(s.Alpha[t])) / s.R(1 - s.AlphaBar[t]));
        var mean = s.R(s.R(c0 * x0) + s.R(c1 * x));
        return t == 0 ? mean : s.R(mean + s.R(s.Sqrt(s.BetaTilde(t)) * z));
    }
}
