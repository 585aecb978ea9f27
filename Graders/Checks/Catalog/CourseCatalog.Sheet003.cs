namespace Grader.Checks.Catalog;

// Sheet 003: University of Copenhagen, Deep Learning 2024, assignment 4 (ODE and SDE likelihood models).
// The assignment prints no points: the catalog states equal weights, 2 per numbered sub-task.
public sealed partial class CourseCatalog
{
    private const string Sheet003Weight = "The assignment prints no points: stated weight, 2 per numbered sub-task (equal weights, 11 sub-tasks, sheet total 22).";

    private static Sheet Sheet003() => new(
        Id: "003",
        FileName: "003_58910ea304ad2b4d.txt",
        Title: "Assignment 4: ordinary and stochastic differential equation likelihood models",
        Course: new Course("copenhagen-deep-learning-2024", "University of Copenhagen", "Deep Learning", "2024"),
        Total: 22,
        Bonus: 0,
        PrintsPoints: false,
        Note: "No points printed. Stated weight: every numbered sub-task (1.1–1.5, 2.1–2.6) weighs 2, total 22; with equal "
            + "whole weights over 11 sub-tasks no rounder total is possible. Auto shares where the sub-task runs code whose result "
            + "the harness can compare (the OdeSde pack): 1.3 \"the expected log likelihood that the dataset generator returns and "
            + "the final log likelihood\" (the exact log-likelihood and the Gaussian's expected log-likelihood), 1.4 the mixture "
            + "of Laplace run (its expected log-likelihood, the integrators euler, rk2, rk4 and the training), 2.3 the SDE run "
            + "(the simulation-free ELBO and the training).");

    private static IEnumerable<TaskSpec> Sheet003Tasks() =>
    [
        // ODE (checks: OdeSdePack).
        Task("003", "1.1", "003/1.1/ode-equations", "Background: the generative model and the log-likelihood objective, equations only",
            points: 2, autoPoints: 0,
            [Item("equations", 2, "x₀ ~ p₀ (standard normal), dx = f(x, t) dt on t ∈ [0, 1], y = x₁; log p(y) = log p₀(x₀) − ∫₀¹ ∂f/∂x(x_t, t) dt with x_t integrated backwards from x₁ = y; the objective is the mean log-likelihood of the data. Just the equations.")],
            note: Sheet003Weight),
        Task("003", "1.2", "003/1.2/ode-program", "Analyse the program: the notebook's parts and their relation to the methodology",
            points: 2, autoPoints: 0,
            [Item("parts", 2, "Each used part of the notebook in 1–2 sentences (data generator with its true expected log-likelihood, drift network f(x, t), integrators, the augmented state [x, log p] integrated backwards, training loop, sampling and plots), related to the equations of 1.1; unused code not described.")],
            note: Sheet003Weight),
        Task("003", "1.3", "003/1.3/ode-gaussian-data", "Run training on the Gaussian data; plot; compare the final log-likelihood with the true expected one",
            points: 2, autoPoints: 1,
            [Item("report", 1, "The training data's distribution and parameters as the generator sets them (a Gaussian); the plot, included and described; whether the model learns the task; the true expected log-likelihood and the final one, whether they are close and whether that agrees with the plotted densities.")],
            note: Sheet003Weight + " Auto share 1 (the numbers the report must include: \"the expected log likelihood that the dataset generator returns and the final log likelihood\"): "
                + "the exact log-likelihood of the augmented ODE for the grader's drifts against the reference (public and unseen inputs, closed forms, a density), "
                + "and the Gaussian's expected log-likelihood. Manual 1: the distribution and its parameters, the plot, the comparison."),
        Task("003", "1.4", "003/1.4/ode-laplace-mixture", "Mixture-of-Laplace data; change the drift network; change the integrator (euler, rk2, rk4)",
            points: 2, autoPoints: 1,
            [Item("report", 1, "The same report as 1.3 for the Laplace mixture, an attempt at a better drift network, and the effect of the integrator (e.g. that an Euler-trained model can report a likelihood above the true value, a discretisation artefact that RK4 evaluation exposes).")],
            note: Sheet003Weight + " Auto share 1: the integrators (\"implements two Runge-Kutta methods (rk2 and rk4)\": one step against the tableaux, "
                + "and their orders of convergence), the mixture's expected log-likelihood, and the training on the mixture under the grader's budget "
                + "(hidden; the test log-likelihood against the data's expected one). Manual 1: the report, the network and integrator experiments."),
        Task("003", "1.5", "003/1.5/ode-complexity", "Complexity of the log-likelihood and of backpropagation in the number of integration steps T",
            points: 2, autoPoints: 0,
            [Item("answer", 2, "The log-likelihood costs O(T) evaluations of the drift and its derivative (four per step for rk4); backpropagation through the solver is also O(T) in time and keeps O(T) intermediate states in memory (unless an adjoint method is used).")],
            note: Sheet003Weight),

        // SDE (checks: OdeSdePack).
        Task("003", "2.1", "003/2.1/sde-equations", "Background: the generative model and the ELBO objective, equations only",
            points: 2, autoPoints: 0,
            [Item("equations", 2, "x₀ ~ N(0, 1), dx = f(x, t) dt + σ(x, t) dW, y ~ N(x₁, β²); the variational marginals q_t(x_t | y) = N(α(y, t), β(y, t)²); the ELBO: the reconstruction term, the prior term at t = 0 and −½ ∫₀¹ E[(f − g)²/σ²] dt. Just the equations.")],
            note: Sheet003Weight),
        Task("003", "2.2", "003/2.2/sde-program", "Analyse the program: the SDE notebook's parts and their relation to the methodology",
            points: 2, autoPoints: 0,
            [Item("parts", 2, "The parts not already in the ODE notebook (the networks for α, β, f and σ, the drift g implied by q_t, the ELBO with a random t per example, Euler–Maruyama sampling) in 1–2 sentences each, related to the equations of 2.1.")],
            note: Sheet003Weight),
        Task("003", "2.3", "003/2.3/sde-training", "Run training; plot; report the true expected log-likelihood and the final one",
            points: 2, autoPoints: 1,
            [Item("report", 1, "The plot, included and described; the true expected log-likelihood from the generator and the final ELBO.")],
            note: Sheet003Weight + " Auto share 1: the simulation-free ELBO with t and ε drawn through the grader's keyed source (exact against the "
                + "reference, what was drawn, unbiased and a bound on a process with a known marginal) and the training under the grader's budget "
                + "(hidden; the test ELBO against the data's expected log-likelihood). Manual 1: the plot and the reported numbers."),
        Task("003", "2.4", "003/2.4/sde-parameterisation", "Change the networks of the variational distribution and of f and σ; observed changes",
            points: 2, autoPoints: 0,
            [Item("report", 2, "Other parameterisations of q_t (α, β) and of f and σ (e.g. those given in the notebook) tried, with the changes seen in the ELBO and in the sample paths.")],
            note: Sheet003Weight),
        Task("003", "2.5", "003/2.5/sde-versus-ode", "Compare the ELBO values with the ODE case; visual fit; why the SDE objective fluctuates more",
            points: 2, autoPoints: 0,
            [Item("answer", 2, "The ELBO values against the ODE log-likelihoods (a lower bound, so not above the exact likelihood in expectation), a judgement of the visual fit, and the reason for the larger fluctuation: the objective is a Monte Carlo estimate with a random t (and x_t) per example.")],
            note: Sheet003Weight),
        Task("003", "2.6", "003/2.6/sde-complexity", "Complexity of the simulation-free ELBO compared with the ODE approach",
            points: 2, autoPoints: 0,
            [Item("answer", 2, "Simulation-free: no integration of the SDE, so a training step costs a constant number of network evaluations per example, independent of the number of time steps, against O(T) for the ODE likelihood and its backpropagation.")],
            note: Sheet003Weight),
    ];
}
