namespace Grader.Checks.Catalog;

/// <summary>
/// Heidelberg exercise 1, "Hands-on Diffusion Models" (a)–(e): the same text on the 2023/24 sheet (000) and the 2022/23
/// sheet (001), with other points for (a), (d) and (e). One definition, so the two sheets cannot drift apart.
/// </summary>
public sealed partial class CourseCatalog
{
    /// <summary>A part's points as printed and the share its checks earn.</summary>
    private readonly record struct PartPoints(double Points, double Auto);

    /// <summary>
    /// Exercise 1 (a)–(e) of a Heidelberg sheet. (b) and (c) carry 2 points on both sheets; in (a) and (d) the manual
    /// share is split evenly over the two items; in (e) the "expected" item has 1 point and "improve" the rest.
    /// </summary>
    private static IEnumerable<TaskSpec> HeidelbergExerciseOne(string sheet, PartPoints a, PartPoints d, PartPoints e) =>
    [
        // checks: IReverseStep (one step of the notebook's σ² = β̃ reverse process against the reference, injected z);
        //         IDiffusionTraining (train on the V data set under a step budget, score 1000 samples).
        Task(sheet, "1 (a)", $"{sheet}/1a/train-and-sample", "Train on the 'V' data set; true vs predicted noise; sample 1000 points and show the backward trajectory",
            points: a.Points, autoPoints: a.Auto,
            [
                Item("noise-scatter", (a.Points - a.Auto) / 2),
                Item("trajectory-frames", (a.Points - a.Auto) / 2),
            ]),

        // checks: ILatentInterpolation (500 evenly spaced latents from (−1, 2) to (−1, −2)), run through the reverse
        //         process of IReverseStep.
        Task(sheet, "1 (b)", $"{sheet}/1b/interpolation", "Linear interpolation of 500 latents between (−1, 2) and (−1, −2), reverse process, explain the result",
            points: 2, autoPoints: 1,
            [
                Item("trajectory-plot", 0.5),
                Item("explain", 0.5),
            ]),

        // checks: ISameNoiseSampler (the σ² = β̃ reverse process with one noise vector per step shared by all samples).
        Task(sheet, "1 (c)", $"{sheet}/1c/same-noise", "Identical noise in the reverse process for all samples; repeat (b)",
            points: 2, autoPoints: 1.5,
            [
                Item("repeat", 0.5),
            ]),

        // checks: IDdimStep (one DDIM step, eq. 12 with σ from eq. 16, η = 0 and η > 0, against the reference).
        Task(sheet, "1 (d)", $"{sheet}/1d/ddim", "Deterministic DDIM reverse process on 1000 samples and on the interpolation of (b); compare",
            points: d.Points, autoPoints: d.Auto,
            [
                Item("visualise", (d.Points - d.Auto) / 2),
                Item("compare", (d.Points - d.Auto) / 2),
            ]),

        // checks: ILatentInterpolation (500 latents from (−2, 0) to (2, 0)) through IReverseStep, ISameNoiseSampler and IDdimStep.
        Task(sheet, "1 (e)", $"{sheet}/1e/second-interpolation", "Repeat (b)–(d) for the interpolation between (−2, 0) and (2, 0); is it as expected, how to improve it",
            points: e.Points, autoPoints: e.Auto,
            [
                Item("expected", 1),
                Item("improve", e.Points - e.Auto - 1),
            ]),

    ];
}
