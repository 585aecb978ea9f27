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
            [Item("equations", 2)],
            note: Sheet003Weight),
        Task("003", "1.2", "003/1.2/ode-program", "Analyse the program: the notebook's parts and their relation to the methodology",
            points: 2, autoPoints: 0,
            [Item("parts", 2)],
            note: Sheet003Weight),
        Task("003", "1.3", "003/1.3/ode-gaussian-data", "Run training on the Gaussian data; plot; compare the final log-likelihood with the true expected one",
            points: 2, autoPoints: 1,
            [Item("report", 1)],
            note: Sheet003Weight + " Auto share 1 (the numbers the report must include: \"the expected log likelihood that the dataset generator returns and the final log likelihood\"): "
                + "the exact log-likelihood of the augmented ODE for the grader's drifts against the reference (public and unseen inputs, closed forms, a density), "
                + "and the Gaussian's expected log-likelihood. Manual 1: the distribution and its parameters, the plot, the comparison."),
        Task("003", "1.4", "003/1.4/ode-laplace-mixture", "Mixture-of-Laplace data; change the drift network; change the integrator (euler, rk2, rk4)",
            points: 2, autoPoints: 1,
            [Item("report", 1)],
            note: Sheet003Weight + " Auto share 1: the integrators (\"implements two Runge-Kutta methods (rk2 and rk4)\": one step against the tableaux, "
                + "and their orders of convergence), the mixture's expected log-likelihood, and the training on the mixture under the grader's budget "
                + "(hidden; the test log-likelihood against the data's expected one). Manual 1: the report, the network and integrator experiments."),
        Task("003", "1.5", "003/1.5/ode-complexity", "Complexity of the log-likelihood and of backpropagation in the number of integration steps T",
            points: 2, autoPoints: 0,
            [Item("answer", 2)],
            note: Sheet003Weight),

        // SDE (checks: OdeSdePack).
        Task("003", "2.1", "003/2.1/sde-equations", "Background: the generative model and the ELBO objective, equations only",
            points: 2, autoPoints: 0,
            [Item("equations", 2)],
            note: Sheet003Weight),
        Task("003", "2.2", "003/2.2/sde-program", "Analyse the program: the SDE notebook's parts and their relation to the methodology",
            points: 2, autoPoints: 0,
            [Item("parts", 2)],
            note: Sheet003Weight),
        Task("003", "2.3", "003/2.3/sde-training", "Run training; plot; report the true expected log-likelihood and the final one",
            points: 2, autoPoints: 1,
            [Item("report", 1)],
            note: Sheet003Weight + " Auto share 1: the simulation-free ELBO with t and ε drawn through the grader's keyed source (exact against the "
                + "reference, what was drawn, unbiased and a bound on a process with a known marginal) and the training under the grader's budget "
                + "(hidden; the test ELBO against the data's expected log-likelihood). Manual 1: the plot and the reported numbers."),
        Task("003", "2.4", "003/2.4/sde-parameterisation", "Change the networks of the variational distribution and of f and σ; observed changes",
            points: 2, autoPoints: 0,
            [Item("report", 2)],
            note: Sheet003Weight),
        Task("003", "2.5", "003/2.5/sde-versus-ode", "Compare the ELBO values with the ODE case; visual fit; why the SDE objective fluctuates more",
            points: 2, autoPoints: 0,
            [Item("answer", 2)],
            note: Sheet003Weight),
        Task("003", "2.6", "003/2.6/sde-complexity", "Complexity of the simulation-free ELBO compared with the ODE approach",
            points: 2, autoPoints: 0,
            [Item("answer", 2)],
            note: Sheet003Weight),
    ];
}
