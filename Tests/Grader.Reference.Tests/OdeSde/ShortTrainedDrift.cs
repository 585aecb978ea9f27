using Grader.Reference.Data;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// One short ODE training, made once per test process and read by two tests (issue 69: the training is ≈ 3/4 of each
/// test's CPU): 24 steps of the grading recipe (rk4, batch 125, Adam 1e-2; three epochs of 1000 points of the notebook's
/// Laplace mixture), its 1000 fresh held-out points, and the held-out log p (rk4, the drift's own autograd trace) before
/// and, per point, after. <see cref="OdeTrainingTests.A_short_run_improves_the_held_out_log_likelihood"/> reads that it
/// learned; <see cref="GriddedDriftTests.A_trained_drift_read_through_the_grid_scores_as_the_direct_solve"/> reads the
/// trained drift through the grid against the direct solve after. Neither test changes the drift (both read it under
/// <c>no_grad</c>), and the assembly's tests run one at a time.
/// </summary>
/// <param name="Drift">The trained drift.</param>
/// <param name="Test">The 1000 held-out points, [1000, 1].</param>
/// <param name="Before">The held-out mean log p at initialisation.</param>
/// <param name="After">The held-out log p of each point after the training (the direct solve).</param>
/// <param name="Training">The training's losses and time.</param>
internal sealed record ShortTrainedDrift(DriftNetwork Drift, Tensor Test, double Before, double[] After, Grader.Reference.Diffusion.TrainingResult Training)
{
    private static readonly Lazy<ShortTrainedDrift> Once = new(Train);

    /// <summary>The training, made on first use.</summary>
    public static ShortTrainedDrift Value => Once.Value;

    private static ShortTrainedDrift Train()
    {
        var set = TrainingSetWithLogLikelihood.LaplaceMixture();
        var train = set.Generate(1000, new Generator(11)).Data;
        var test = set.Generate(1000, new Generator(12)).Data;
        var g = new Generator(13);
        var drift = new DriftNetwork(g);
        double before;
        using (torch.no_grad()) before = OdeLogLikelihood.Mean(drift, test, OdeMethod.Rk4).item();
        var training = OdeTraining.Train(drift, train, OdeTrainingPreset.Grading with { Steps = 24 }, g);
        double[] after;
        using (torch.no_grad()) after = OdeLogLikelihood.Compute(drift, test, OdeMethod.Rk4).ToDoubleArray();
        return new ShortTrainedDrift(drift, test, before, after, training);
    }
}
