namespace Grader.Checks.Catalog;

// Sheet 000: Heidelberg "Machine Learning for Physicists" 2023/24, sheet 10. Points are printed per part.
public sealed partial class CourseCatalog
{
    private static Sheet Sheet000() => new(
        Id: "000",
        FileName: "000_86d6e07e5e2a3eb7.txt",
        Title: "Sheet 10: Hands-on diffusion models, event generation with INNs, quickies",
        Institution: "Heidelberg University",
        Course: "Machine Learning for Physicists",
        Year: "2023/24",
        Total: 21,
        Bonus: 0,
        PrintsPoints: true,
        Note: "Points printed per part; the sheet prints no total: 21 is their sum (exercise 1: 10, 2: 6, 3: 5). "
            + "Within a part the split into checked and tutor-graded points is the grader's: the implementation is "
            + "checked, plots and explanations are manual items.");

    private static IEnumerable<TaskSpec> Sheet000Tasks() =>
    [
        // checks: IReverseStep (one step of the notebook's σ² = β̃ reverse process against the reference, injected z);
        //         IDiffusionTraining (train on the V data set under a step budget, score 1000 samples).
        Task("000", "1 (a)", "000/1a/train-and-sample", "Train on the 'V' data set; true vs predicted noise; sample 1000 points and show the backward trajectory",
            points: 2, autoPoints: 1,
            [
                Item("noise-scatter", 0.5, "Scatter plots of true versus predicted noise, one per data dimension, coloured by the diffusion time step, with a comment on where the prediction is good (large t, where x_t is mostly noise) and where it is poor (small t)."),
                Item("trajectory-frames", 0.5, "The backward trajectory of 1000 samples: the first, the last and two intermediate frames, from Gaussian noise to the V."),
            ]),

        // checks: ILatentInterpolation (500 evenly spaced latents from (−1, 2) to (−1, −2)), run through the reverse
        //         process of IReverseStep.
        Task("000", "1 (b)", "000/1b/interpolation", "Linear interpolation of 500 latents between (−1, 2) and (−1, −2), reverse process, explain the result",
            points: 2, autoPoints: 1,
            [
                Item("trajectory-plot", 0.5, "The backward trajectory of the 500 interpolated latents, neighbouring points connected."),
                Item("explain", 0.5, "Explain the result: the reverse process adds independent noise to every sample at every step, so neighbouring latents end at unrelated points of the V and the connected line is a tangle, not a path along the data."),
            ]),

        // checks: ISameNoiseSampler (the σ² = β̃ reverse process with one noise vector per step shared by all samples).
        Task("000", "1 (c)", "000/1c/same-noise", "Identical noise in the reverse process for all samples; repeat (b)",
            points: 2, autoPoints: 1.5,
            [
                Item("repeat", 0.5, "Repeats (b) with the shared noise: the trajectory plot, and that neighbouring latents now stay neighbours, so the interpolation becomes a continuous path."),
            ]),

        // checks: IDdimStep (one DDIM step, eq. 12 with σ from eq. 16, η = 0 and η > 0, against the reference).
        Task("000", "1 (d)", "000/1d/ddim", "Deterministic DDIM reverse process on 1000 samples and on the interpolation of (b); compare",
            points: 2, autoPoints: 1,
            [
                Item("visualise", 0.5, "The DDIM reverse process shown on 1000 samples as in (a) and on the interpolation from (b)."),
                Item("compare", 0.5, "Compares with the stochastic and the shared-noise samplers: DDIM is deterministic, so trajectories are smooth and the interpolation stays ordered; says how the sample quality compares."),
            ]),

        // checks: ILatentInterpolation (500 latents from (−2, 0) to (2, 0)) through IReverseStep, ISameNoiseSampler and IDdimStep.
        Task("000", "1 (e)", "000/1e/second-interpolation", "Repeat (b)–(d) for the interpolation between (−2, 0) and (2, 0); is it as expected, how to improve it",
            points: 2, autoPoints: 0.5,
            [
                Item("expected", 1, "The three trajectories for the new interpolation, and whether the result is as expected: where the path goes from one arm of the V to the other and whether points land off the data in between (the segment passes through the origin, an atypical latent for N(0, I))."),
                Item("improve", 0.5, "An idea to improve the interpolation, e.g. spherical interpolation (slerp) that keeps the latents at a typical norm."),
            ]),

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
            note: "Auto share intended for the flow checks (coupling block invertible, log-det correct, samples of the trained INN close to the data); not written yet."),
        Task("000", "2 (d)", "000/2d/inn-likelihoods", "Compute the INN's likelihoods; visualise the 10% of events with the largest likelihoods",
            points: 1, autoPoints: 0.5,
            [
                Item("top-likelihood-plot", 0.5, "Distributions of the 10% events with the largest likelihood, with a comment on where they lie."),
            ],
            note: "Auto share intended for a flow check of the log-likelihood by change of variables; not written yet."),

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
