namespace Grader.Checks.Catalog;

// Sheet 004: DTU 02460 Advanced Machine Learning, exercises week 3 (DDPM). The sheet prints no points: the catalog
// states equal weights, 2 per graded sub-task (3.4's two methods and its test on the toy data count as three).
public sealed partial class CourseCatalog
{
    private const string Sheet004Weight =
        "The sheet prints no points: stated weight, 2 per sub-task (equal weights; 3.1, 3.2, 3.3, 3.4 negative_elbo, 3.4 sample, 3.4 toy data, 3.5; sheet total 14).";

    private static Sheet Sheet004() => new(
        Id: "004",
        FileName: "004_bd6c9612d8948788.txt",
        Title: "Exercises week 3: denoising diffusion probabilistic models",
        Course: new Course("dtu-02460-2024", "Technical University of Denmark", "02460 Advanced Machine Learning", "2024"),
        Total: 14,
        Bonus: 0,
        PrintsPoints: false,
        Note: "No points printed. Stated weight: every sub-task weighs 2, total 14. The sub-tasks are the three theory "
            + "exercises, the two methods of 3.4 (DDPM.negative_elbo, DDPM.sample) and 3.4's test on the toy data sets "
            + "as separate tasks, so a wrong method loses only its own points, and 3.5; with equal whole weights over "
            + "7 sub-tasks no rounder total is possible.");

    private static IEnumerable<TaskSpec> Sheet004Tasks() =>
    [
        // checks: none (a proof). Which schedules are usable is graded under 002 P4 (b)–(d).
        Task("004", "3.1", "004/3.1/forward-becomes-standard-normal", "Show that q(z_T | x) becomes standard Gaussian as T → ∞ (for the sheet's schedules)",
            points: 2, autoPoints: 0,
            [Item("proof", 2)],
            note: Sheet004Weight),

        // checks: none (a derivation).
        Task("004", "3.2", "004/3.2/elbo-derivation", "Derive eq. (5) from eq. (3) of Ho et al. (2020), explaining every step of eqs. (17)–(22)",
            points: 2, autoPoints: 0,
            [Item("derivation", 2)],
            note: Sheet004Weight),

        // checks: none (a derivation).
        Task("004", "3.3", "004/3.3/kl-term", "Show that L_{t−1} = E[‖μ̃ − μ_θ‖²/(2σ_t²)] + C with C independent of θ",
            points: 2, autoPoints: 0,
            [Item("derivation", 2)],
            note: Sheet004Weight),

        // checks: IDtuDdpm.NegativeElbo (per-sample ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t)‖², t and ε drawn by the hand-in from the grader's keyed source, against the reference; what it drew, statistically).
        Task("004", "3.4", "004/3.4/negative-elbo", "DDPM.negative_elbo: the negative ELBO of Ho et al. eq. (14) by Algorithm 1",
            points: 2, autoPoints: 2,
            [],
            note: Sheet004Weight + " All auto: the method's result is compared exactly with the reference."),

        // checks: IDtuDdpm.Sample (Algorithm 2 with σ_t² = β_t and keyed noise, against the reference).
        Task("004", "3.4", "004/3.4/sample", "DDPM.sample(shape): Algorithm 2 of Ho et al. with σ_t² = β_t",
            points: 2, autoPoints: 2,
            [],
            note: Sheet004Weight + " All auto: the sampler is compared exactly with the reference for the grader's noise."),

        // checks: IDiffusionTraining (train on TwoGaussians and Chequerboard under a step budget, score the samples).
        Task("004", "3.4", "004/3.4/toy-data", "Test the DDPM on TwoGaussians and Chequerboard; improve the Chequerboard fit; compare with the week-2 flow",
            points: 2, autoPoints: 1,
            [
                Item("chequerboard-architecture", 0.5),
                Item("compare-flow", 0.5),
            ],
            note: Sheet004Weight + " Auto share 1: training under the grader's budget and the quality of the samples."),

        // checks: IMnistDdpm.SampleImages (ex. 3.4's sampler on flattened images with the exact denoiser of a set of
        //         images drawn for the run, the samples back in [0, 1] as images, against the reference; hidden);
        //         IMnistDdpm.Train (training on 2,000 Fashion-MNIST images of 14×14 under a budget of 1,000 steps, the
        //         network's denoising loss on held-out images; hidden).
        Task("004", "3.5", "004/3.5/mnist", "A DDPM on MNIST with a fully connected network and with the U-Net; compare with the VAE and the flow",
            points: 2, autoPoints: 1,
            [
                Item("fully-connected", 0.5),
                Item("compare", 0.5),
            ],
            note: Sheet004Weight + " Auto share 1: sampling images with the DDPM of 3.4 and returning them as images in [0, 1] "
                + "(0.5, checked exactly with the closed-form denoiser of images the student has not seen) and learning the DDPM "
                + "on images (0.5, the training under the grader's budget on a CPU-sized subset, judged by the network's "
                + "denoising loss on held-out images); half, because the sheet's own training (the U-Net, about 15 GPU minutes) "
                + "and the two questions stay manual."),
    ];
}
