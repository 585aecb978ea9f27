namespace Grader.Checks.Catalog;

// Sheet 000: Heidelberg "Machine Learning for Physicists" 2023/24, sheet 10. Points are printed per part.
public sealed partial class CourseCatalog
{
    private static Sheet Sheet000() => new(
        Id: "000",
        FileName: "000_86d6e07e5e2a3eb7.txt",
        Title: "Sheet 10: Hands-on diffusion models, event generation with INNs, quickies",
        Course: new Course("heidelberg-ml4physics-2023", "Heidelberg University", "Machine Learning for Physicists", "2023/24"),
        Total: 21,
        Bonus: 0,
        PrintsPoints: true,
        Note: "Points printed per part; the sheet prints no total: 21 is their sum (exercise 1: 10, 2: 6, 3: 5). "
            + "Within a part the split into checked and tutor-graded points is the grader's: the implementation is "
            + "checked, plots and explanations are manual items.");

    private static IEnumerable<TaskSpec> Sheet000Tasks() =>
    [
        .. HeidelbergExerciseOne("000", a: new(2, 1), d: new(2, 1), e: new(2, 0.5)),

        // Flows: checks not written yet.
        Task("000", "2 (a)", "000/2a/flow-loss", "Derive the loss of a normalizing flow from a log-likelihood loss (exam-like)",
            points: 1, autoPoints: 0,
            [
                Item("derivation", 1, "Change of variables, log p(x) = log p_z(f(x)) + log|det ∂f/∂x|, so the loss is the negative log-likelihood −log p_z(f(x)) − log|det J| (½‖z‖² − log|det J| + const for a standard normal latent)."),
            ]),
        Task("000", "2 (b)", "000/2b/inn-jacobian", "Explain how INNs compute Jacobians in O(n) instead of O(n³)",
            points: 2, autoPoints: 0,
            [
                Item("explain", 2, "Coupling blocks split the input and transform one half conditioned on the other, so the Jacobian is triangular: its log-determinant is the sum of the log-scales, O(n); the permutations between blocks have |det| = 1."),
            ]),
        Task("000", "2 (c)", "000/2c/inn-training", "Construct and train an INN on the event generation data set; visualise the generated events",
            points: 2, autoPoints: 1,
            [
                Item("distributions", 1, "Histograms of the generated events against the data (the observables of sheet 9) with a comment on where they agree and where not."),
            ],
            note: "Auto share intended for the flow checks (coupling block invertible, log-det correct, samples of the trained INN close to the data); not written yet.",
            checksPending: true),
        Task("000", "2 (d)", "000/2d/inn-likelihoods", "Compute the INN's likelihoods; visualise the 10% of events with the largest likelihoods",
            points: 1, autoPoints: 0.5,
            [
                Item("top-likelihood-plot", 0.5, "Distributions of the 10% events with the largest likelihood, with a comment on where they lie."),
            ],
            note: "Auto share intended for a flow check of the log-likelihood by change of variables; not written yet.",
            checksPending: true),

        Task("000", "3 (a)", "000/3a/loss-functions", "A loss function for regression and for classification (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1, "(i) Regression: e.g. mean squared error; (ii) classification: e.g. cross-entropy.")]),
        Task("000", "3 (b)", "000/3b/autodiff-modes", "Forward versus reverse automatic differentiation; which one backpropagation uses (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1, "Forward mode carries derivatives from the inputs along with the values (one pass per input direction); reverse mode records the graph and propagates adjoints from the output back (one pass per output). Backpropagation is reverse mode.")]),
        Task("000", "3 (c)", "000/3c/supervised-unsupervised", "Supervised versus unsupervised learning, with an example of each (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1, "Supervised methods learn from labelled pairs (x, y), e.g. a classifier; unsupervised methods from x alone, e.g. clustering, density estimation or a generative model.")]),
        Task("000", "3 (d)", "000/3d/point-clouds", "What point cloud data is, its challenges, and one architecture that tackles them (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1, "A set of points (e.g. particles or hits with features) of variable size and no natural order; challenges: permutation invariance, variable cardinality, sparsity; an architecture: e.g. Deep Sets / PointNet, graph networks or transformers.")]),
        Task("000", "3 (e)", "000/3e/generative-losses", "Three generative architectures and their losses in the most basic form (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1, "Three architectures with their basic losses, e.g. VAE (negative ELBO: reconstruction + KL), GAN (the min–max binary cross-entropy), normalizing flow (negative log-likelihood with the log-determinant), diffusion (ε-prediction MSE).")]),
    ];
}
