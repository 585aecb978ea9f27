using Grader.Checks.OdeSde.Snapshots;
using Grader.Contracts.OdeSde;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.OdeSde;

/// <summary>
/// The ODE and SDE density models of sheet 003 (KU Deep Learning 2024, assignment 4): which checks grade tasks 1.3,
/// 1.4 and 2.3, with weights and visibility. The exact log-likelihood belongs to 1.3 (the first run's "final log
/// likelihood"), the integrators and the ODE training to 1.4 (which introduces euler, rk2, rk4 and trains on the
/// mixture), the ELBO and the SDE training to 2.3. Each task's visible checks (public inputs) carry at most a fifth to
/// a half of its weight; the rest is decided on inputs drawn from the tutor's seed. Hidden checks are declared by id.
/// </summary>
public static class OdeSdePack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "OdeSde",
        [typeof(IOdeSolver), typeof(IOdeLogLikelihood), typeof(IExpectedLogLikelihood), typeof(IOdeTrainingParts), typeof(ISdeElbo), typeof(ISdeTrainingParts)],
        [
            new("003/1.3/ode-gaussian-data", [typeof(IOdeLogLikelihood), typeof(IExpectedLogLikelihood)],
            [
                Visible(new LogLikelihoodMatchesReference()),
                Hidden("ode.ku.log-likelihood-on-unseen-inputs", "sheet 003, tasks 1.1–1.3 (ODE.ipynb, compute_log_likelihood_ode): log p(y) = log p₀(x₀) − ∫₀¹ ∂f/∂x(x_t, t) dt, a density in y"),
                Visible(new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian), 0.5),
                Hidden("ode.ku.expected-log-likelihood-gaussian-unseen", "sheet 003, task 1.3: the true expected log likelihood that the dataset generator returns", 0.5),
            ]),
            new("003/1.4/ode-laplace-mixture", [typeof(IOdeSolver), typeof(IExpectedLogLikelihood), typeof(IOdeTrainingParts)],
            [
                Visible(new SolverStepMatchesTableau(), 0.5),
                Hidden("ode.ku.solver-step-matches-tableau-unseen", "sheet 003, task 1.4 (ODE.ipynb, integrate_step): euler, rk2 and rk4", 0.5),
                Hidden("ode.ku.solver-converges-with-its-order", "sheet 003, task 1.4: euler, rk2 and rk4 are methods of order 1, 2 and 4"),
                Visible(new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture), 0.5),
                Hidden("ode.ku.expected-log-likelihood-laplace-mixture-unseen", "sheet 003, task 1.4: the true expected log likelihood that the dataset generator returns", 0.5),
                Visible(new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Laplace), 0.25),
                Hidden("ode.ku.expected-log-likelihood-laplace-unseen", "sheet 003, task 1.4: the true expected log likelihood that the dataset generator returns, for one Laplace component", 0.25),
                Hidden("ode.ku.laplace-mixture-training-quality", "sheet 003, task 1.4: run training with mixture of Laplace training data", 2),
            ]),
            new("003/2.3/sde-training", [typeof(ISdeElbo), typeof(ISdeTrainingParts)],
            [
                Visible(new ElboMatchesReference()),
                Hidden("sde.ku.elbo-on-unseen-inputs", "sheet 003, tasks 2.1–2.3 (SDE.ipynb, compute_elbo_sde), with t ~ U(0, 1) drawn per example"),
                Hidden("sde.ku.elbo-is-an-unbiased-bound", "sheet 003, tasks 2.1 and 2.5: the ELBO with random t is an unbiased estimate of a lower bound of log p(y)"),
                Hidden("sde.ku.training-quality", "sheet 003, task 2.3: run training", 2),
            ]),
        ],
        PackFolders.Standard("OdeSde", OdeSdeSnapshots.Folder));
}
