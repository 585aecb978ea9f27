namespace Grader.Checks.Catalog;

// Sheet 001: Heidelberg "Machine Learning for Physicists" 2022/23, exercise sheet #10. Points are printed per part,
// except 1 (f); the diffusion tasks (a)–(e) are those of sheet 000 with other points, (f) is sheet 001's own.
public sealed partial class CourseCatalog
{
    private static Sheet Sheet001() => new(
        Id: "001",
        FileName: "001_5ec9514c534e9e44.txt",
        Title: "Exercise sheet #10: Hands-on diffusion models, transformers with a transformer, ML in your life, bonus: subspace diffusion",
        Course: new Course("heidelberg-ml4physics-2022", "Heidelberg University", "Machine Learning for Physicists", "2022/23"),
        Total: 20,
        Bonus: 33,
        PrintsPoints: true,
        Note: "Points printed per part; the sheet prints no total: 20 without bonus (exercise 1 (a)–(e): 15, 2: 3, 3: 2). "
            + "Bonus 33: 1 (f) 5 (not in the text of the seed; 5 pts in the sheet's PDF, research/seed-origins.md §1) "
            + "and 4 (a)–(c) 3 + 5 + 20. The checked/manual split within a part is the grader's, as for sheet 000.");

    private static IEnumerable<TaskSpec> Sheet001Tasks() =>
    [
        .. HeidelbergExerciseOne("001", a: new(4, 2), d: new(4, 2), e: new(3, 1)),

        // checks: IImageDiffusion (hidden): the processes of (a), (b)/(c) and (d) on image batches [N, C, H, W], each run
        //         with the closed-form denoiser of images drawn for the run and the grader's noise, against the reference.
        Task("001", "1 (f)", "001/1f/image-data", "Bonus: adapt the notebook to image data and repeat the previous tasks on MNIST or CIFAR10",
            points: 5, autoPoints: 2,
            [
                Item("model-and-training", 1.5),
                Item("figures", 1.5),
            ],
            bonus: true,
            note: "The seed's text prints no points for (f); 5 pts (bonus) from the sheet's PDF (research/seed-origins.md §1). Auto share 2: "
                + "the data handling and the processes of (a), (b)/(c) and (d) on images (checked exactly with the closed-form denoiser "
                + "of images the student has not seen, the images returned in [0, 1]); two fifths, because the sheet's work in (f) is "
                + "adapting and training the model (GPU minutes, outside the grader's budget) and the figures, which stay manual."),

        // checks: AttentionPack (the output and weights against the reference, on the snapshot's calls and on calls drawn
        //         per run; each row of weights a distribution; the gradients; permutations, masks, heads' independence).
        Task("001", "2", "001/2/multi-head-attention", "Implement a multi-head attention layer using ChatGPT only; demonstrate that the code runs",
            points: 3, autoPoints: 2,
            [
                Item("demonstration", 1),
            ],
            note: "The sheet prints 3 pts for the part and no rubric. Auto: the layer itself (2 pts: its output, attention weights and "
                + "gradients for given weights and masks, and the laws of attention); manual: the ChatGPT conversation and the demonstration "
                + "that the code runs (1 pt)."),

        Task("001", "3", "001/3/ml-in-your-life", "ML in your life: planned (or past) machine learning methods and their context",
            points: 2, autoPoints: 0,
            [Item("answer", 2)]),

        Task("001", "4 (a)", "001/4a/subspace-method", "Bonus: a method, distinct from Jing et al. (2022), for diffusion models between spaces of unequal dimension",
            points: 3, autoPoints: 0,
            [Item("method", 3)],
            bonus: true),
        Task("001", "4 (b)", "001/4b/subspace-implementation", "Bonus: implement the approach of (a)",
            points: 5, autoPoints: 0,
            [Item("implementation", 5)],
            bonus: true),
        Task("001", "4 (c)", "001/4c/paper-draft", "Bonus: a paper draft on the method",
            points: 20, autoPoints: 0,
            [Item("draft", 20)],
            bonus: true),
    ];
}
