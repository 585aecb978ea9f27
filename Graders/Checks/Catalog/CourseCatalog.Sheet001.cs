namespace Grader.Checks.Catalog;

// Sheet 001: Heidelberg "Machine Learning for Physicists" 2022/23, exercise sheet #10. Points are printed per part,
// except 1 (f); the diffusion tasks are those of sheet 000 with other points.
public sealed partial class CourseCatalog
{
    private static Sheet Sheet001() => new(
        Id: "001",
        FileName: "001_5ec9514c534e9e44.txt",
        Title: "Exercise sheet #10: Hands-on diffusion models, transformers with a transformer, ML in your life, bonus: subspace diffusion",
        Institution: "Heidelberg University",
        Course: "Machine Learning for Physicists",
        Year: "2022/23",
        Total: 20,
        Bonus: 33,
        PrintsPoints: true,
        Note: "Points printed per part; the sheet prints no total: 20 without bonus (exercise 1 (a)–(e): 15, 2: 3, 3: 2). "
            + "Bonus 33: 1 (f) 5 (not in the text of the seed; 5 pts in the sheet's PDF, research/seed-origins.md §1) "
            + "and 4 (a)–(c) 3 + 5 + 20. The checked/manual split within a part is the grader's, as for sheet 000.");

    private static IEnumerable<TaskSpec> Sheet001Tasks() =>
    [
        // checks: IReverseStep (one step of the notebook's σ² = β̃ reverse process against the reference, injected z);
        //         IDiffusionTraining (train on the V data set under a step budget, score 1000 samples).
        Task("001", "1 (a)", "001/1a/train-and-sample", "Train on the 'V' data set; true vs predicted noise; sample 1000 points and show the backward trajectory",
            points: 4, autoPoints: 2,
            [
                Item("noise-scatter", 1, "Scatter plots of true versus predicted noise, one per data dimension, coloured by the diffusion time step, with a comment on where the prediction is good (large t, where x_t is mostly noise) and where it is poor (small t)."),
                Item("trajectory-frames", 1, "The backward trajectory of 1000 samples: the first, the last and two intermediate frames, from Gaussian noise to the V."),
            ]),

        // checks: ILatentInterpolation (500 evenly spaced latents from (−1, 2) to (−1, −2)), run through the reverse
        //         process of IReverseStep.
        Task("001", "1 (b)", "001/1b/interpolation", "Linear interpolation of 500 latents between (−1, 2) and (−1, −2), reverse process, explain the result",
            points: 2, autoPoints: 1,
            [
                Item("trajectory-plot", 0.5, "The backward trajectory of the 500 interpolated latents, neighbouring points connected."),
                Item("explain", 0.5, "Explain the result: the reverse process adds independent noise to every sample at every step, so neighbouring latents end at unrelated points of the V and the connected line is a tangle, not a path along the data."),
            ]),

        // checks: ISameNoiseSampler (the σ² = β̃ reverse process with one noise vector per step shared by all samples).
        Task("001", "1 (c)", "001/1c/same-noise", "Identical noise in the reverse process for all samples; repeat (b)",
            points: 2, autoPoints: 1.5,
            [
                Item("repeat", 0.5, "Repeats (b) with the shared noise: the trajectory plot, and that neighbouring latents now stay neighbours, so the interpolation becomes a continuous path."),
            ]),

        // checks: IDdimStep (one DDIM step, eq. 12 with σ from eq. 16, η = 0 and η > 0, against the reference).
        Task("001", "1 (d)", "001/1d/ddim", "Deterministic DDIM reverse process on 1000 samples and on the interpolation of (b); compare",
            points: 4, autoPoints: 2,
            [
                Item("visualise", 1, "The DDIM reverse process shown on 1000 samples as in (a) and on the interpolation from (b)."),
                Item("compare", 1, "Compares with the stochastic and the shared-noise samplers: DDIM is deterministic, so trajectories are smooth and the interpolation stays ordered; says how the sample quality compares."),
            ]),

        // checks: ILatentInterpolation (500 latents from (−2, 0) to (2, 0)) through IReverseStep, ISameNoiseSampler and IDdimStep.
        Task("001", "1 (e)", "001/1e/second-interpolation", "Repeat (b)–(d) for the interpolation between (−2, 0) and (2, 0); is it as expected, how to improve it",
            points: 3, autoPoints: 1,
            [
                Item("expected", 1, "The three trajectories for the new interpolation, and whether the result is as expected: where the path goes from one arm of the V to the other and whether points land off the data in between (the segment passes through the origin, an atypical latent for N(0, I))."),
                Item("improve", 1, "An idea to improve the interpolation, e.g. spherical interpolation (slerp) that keeps the latents at a typical norm."),
            ]),

        // checks: none planned. The samplers of (a)–(e) do not depend on the data's dimension and are checked there;
        //         training on MNIST/CIFAR10 is outside the grader's budget.
        Task("001", "1 (f)", "001/1f/image-data", "Bonus: adapt the notebook to image data and repeat the previous tasks on MNIST or CIFAR10",
            points: 5, autoPoints: 0,
            [
                Item("images", 5, "The notebook adapted to images (data handling, model, visualisations) and the experiments of (a)–(e) repeated on MNIST or CIFAR10, with figures."),
            ],
            bonus: true,
            note: "The seed's text prints no points for (f); 5 pts (bonus) from the sheet's PDF (research/seed-origins.md §1)."),

        // Attention: checks not written yet.
        Task("001", "2", "001/2/multi-head-attention", "Implement a multi-head attention layer using ChatGPT only; demonstrate that the code runs",
            points: 3, autoPoints: 2,
            [
                Item("demonstration", 1, "The conversation with ChatGPT and a demonstration (tests) that the layer runs."),
            ],
            note: "Auto share intended for the attention checks (output against the reference for given weights, rows of attention weights summing to 1); not written yet."),

        Task("001", "3", "001/3/ml-in-your-life", "ML in your life: planned (or past) machine learning methods and their context",
            points: 2, autoPoints: 0,
            [Item("answer", 2, "Which methods are planned (or were used) for which problem, and in which context.")]),

        Task("001", "4 (a)", "001/4a/subspace-method", "Bonus: a method, distinct from Jing et al. (2022), for diffusion models between spaces of unequal dimension",
            points: 3, autoPoints: 0,
            [Item("method", 3, "A method, distinct from subspace diffusion (Jing et al. 2022), that lets a diffusion model work between spaces of unequal dimensionality, described well enough to implement.")],
            bonus: true),
        Task("001", "4 (b)", "001/4b/subspace-implementation", "Bonus: implement the approach of (a)",
            points: 5, autoPoints: 0,
            [Item("implementation", 5, "An implementation of the approach of (a), shown to run, with results.")],
            bonus: true),
        Task("001", "4 (c)", "001/4c/paper-draft", "Bonus: a paper draft on the method",
            points: 20, autoPoints: 0,
            [Item("draft", 20, "A paper draft on the method of (a) and (b).")],
            bonus: true),
    ];
}
