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

        // Flows: FlowsPack (coupling block, INN, preprocessing, training; likelihoods and the most likely events).
        Task("000", "2 (a)", "000/2a/flow-loss", "Derive the loss of a normalizing flow from a log-likelihood loss (exam-like)",
            points: 1, autoPoints: 0,
            [
                Item("derivation", 1),
            ]),
        Task("000", "2 (b)", "000/2b/inn-jacobian", "Explain how INNs compute Jacobians in O(n) instead of O(n³)",
            points: 2, autoPoints: 0,
            [
                Item("explain", 2),
            ]),
        Task("000", "2 (c)", "000/2c/inn-training", "Construct and train an INN on the event generation data set; visualise the generated events",
            points: 2, autoPoints: 1,
            [
                Item("distributions", 1),
            ],
            note: "Auto: the coupling block (invertible both ways, log-determinant = log|det J|, equal to the reference), the INN of blocks and permutations, "
                + "the improved preprocessing and its inverse (each visible on snapshots and hidden on fresh inputs), the change of variables (a 2-D INN's density integrates to 1), "
                + "(the trained INN's held-out likelihood and generated histograms: a hidden check written but not bound until its budget and bounds are calibrated). Manual: the plots and their discussion."),
        Task("000", "2 (d)", "000/2d/inn-likelihoods", "Compute the INN's likelihoods; visualise the 10% of events with the largest likelihoods",
            points: 1, autoPoints: 0.5,
            [
                Item("top-likelihood-plot", 0.5),
            ],
            note: "Auto: −log p(x) per point under a flow (equal to the reference, visible and on fresh flows; it integrates to 1) and the 10 % most likely points "
                + "(exact up to float32 ties, visible and fresh). Manual: the plot and its comment."),

        // checks: QuickiesPack (3 (a) and 3 (e): each loss as code against the grader's double-precision value on inputs drawn per run).
        Task("000", "3 (a)", "000/3a/loss-functions", "A loss function for regression and for classification (exam-like)",
            points: 1, autoPoints: 0.5,
            [Item("answer", 0.5)],
            note: "The rubric's one point covers (i) and (ii). Auto: the two losses as code (the template's mean squared error and cross-entropy "
                + "from logits), ¼ point each; manual: the answer in words, ½ point."),
        Task("000", "3 (b)", "000/3b/autodiff-modes", "Forward versus reverse automatic differentiation; which one backpropagation uses (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1)]),
        Task("000", "3 (c)", "000/3c/supervised-unsupervised", "Supervised versus unsupervised learning, with an example of each (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1)]),
        Task("000", "3 (d)", "000/3d/point-clouds", "What point cloud data is, its challenges, and one architecture that tackles them (exam-like)",
            points: 1, autoPoints: 0,
            [Item("answer", 1)]),
        Task("000", "3 (e)", "000/3e/generative-losses", "Three generative architectures and their losses in the most basic form (exam-like)",
            points: 1, autoPoints: 0.5,
            [Item("answer", 0.5)],
            note: "The rubric's one point covers three architectures with their losses. Auto: three of them as code (the template's VAE negative ELBO, "
                + "GAN minimax losses and flow negative log-likelihood), ⅙ point each; manual: naming the architectures and their losses, ½ point."),
    ];
}
