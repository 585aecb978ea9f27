using Grader.Checks.Diffusion.Snapshots;
using Grader.Contracts.Diffusion;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Diffusion;

/// <summary>
/// The diffusion family: which checks grade which task of sheets 000, 001 (Heidelberg exercise 1), 002 (TUM problem 4)
/// and 004 (DTU week 3), with their weights and visibility. Hidden checks are declared by id; the tutor side
/// (Grader.Checks.Hidden) implements them. Every check belongs to exactly one task of a sheet, so a bug costs points
/// only where it belongs (sheets 000 and 001 pose the same exercise 1 and bind it alike). Every task with an exact check on
/// the shipped snapshot inputs has a hidden counterpart on inputs drawn for the tutor's run (ids ending
/// <c>-on-unseen-inputs</c>), so the public inputs carry at most half of a task's weight.
/// </summary>
public static class DiffusionPack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "Diffusion",
        [
            typeof(IReverseStep), typeof(ILatentInterpolation), typeof(ISameNoiseSampler), typeof(IDdimStep),
            typeof(IDiffusionTrainingParts), typeof(IDtuTrainingParts), typeof(IBetaScheduleValidity), typeof(IBetaScheduleAnswer), typeof(IInvalidBetaSchedules), typeof(IDtuDdpm), typeof(IMnistDdpm), typeof(IImageDiffusion), typeof(IDtuKlTerm), typeof(IDtuForwardMarginal),
        ],
        [
            .. HeidelbergExerciseOne("000"),
            .. HeidelbergExerciseOne("001"),
            // Sheet 001 only (sheet 000 has no 1 (f)): the processes of (a)–(d) on images, hidden (exact, with the closed-form denoiser of images drawn for the run).
            new("001/1f/image-data", [typeof(IImageDiffusion)],
            [
                Hidden("diffusion.heidelberg.images.reverse-process-with-oracle", "sheet 001, ex. 1 (f): the reverse process of (a) on image data, the images shown in [0, 1]"),
                Hidden("diffusion.heidelberg.images.same-noise-interpolation-with-oracle", "sheet 001, ex. 1 (f): the interpolation of (b) through the process of (c) on image data"),
                Hidden("diffusion.heidelberg.images.ddim-with-oracle", "sheet 001, ex. 1 (f): the deterministic DDIM process of (d) on image data"),
            ]),
            new("002/p4b/beta-above-one", [typeof(IBetaScheduleValidity)],
            [
                Visible(new ScheduleValidityAgreesWithReference(ScheduleDefect.AboveOne)),
                Hidden("diffusion.tum.schedule-validity-on-unseen-inputs.beta-above-one", "sheet 002, problem 4 (b): why does model training fail if β_n > 1?"),
            ]),
            new("002/p4c/beta-equal-one", [typeof(IBetaScheduleValidity)],
            [
                Visible(new ScheduleValidityAgreesWithReference(ScheduleDefect.EqualOne)),
                Hidden("diffusion.tum.schedule-validity-on-unseen-inputs.beta-equal-one", "sheet 002, problem 4 (c): why does model training fail if β_n = 1?"),
            ]),
            new("002/p4d/invalid-schedules", [typeof(IBetaScheduleAnswer), typeof(IInvalidBetaSchedules), typeof(IBetaScheduleValidity)],
            [
                // The sheet's own question is graded in the tutor's run only: a visible check would give its answer away.
                .. Enumerable.Range(1, 4).Select(k => Hidden($"diffusion.tum.invalid-schedules-answer-is-correct.schedule-{k}", "sheet 002, problem 4 (d): which of these beta schedules are invalid?", 0.5)),
                .. Enumerable.Range(1, 4).Select(k => Hidden($"diffusion.tum.invalid-schedules-on-unseen-inputs.schedule-{k}", "sheet 002, problem 4 (d): which of these beta schedules are invalid?", 0.5)),
                Hidden("diffusion.tum.schedule-validity-agrees-with-reference.beta-not-positive", "sheet 002, problem 4 (b)–(d) (and sheet 004, ex. 3.1): which β schedules can a diffusion model be trained with?"),
            ]),
            new("004/3.1/forward-becomes-standard-normal", [typeof(IDtuForwardMarginal)],
            [
                Hidden("diffusion.dtu.forward-marginal-matches-closed-form", "sheet 004, ex. 3.1: q(z_T | x) = N(√ᾱ_T x, (1 − ᾱ_T) I) of eq. (1), ᾱ_T = ∏(1 − β_s), → N(0, I) as T → ∞"),
            ]),
            new("004/3.3/kl-term", [typeof(IDtuKlTerm)],
            [
                Hidden("diffusion.dtu.kl-term-matches-closed-form", "sheet 004, ex. 3.3: L_{t−1} = KL(q(z_{t−1} | z_t, x) ‖ p(z_{t−1} | z_t)) of eqs. (5)–(7)"),
            ]),
            new("004/3.4/negative-elbo", [typeof(IDtuDdpm)],
            [
                Visible(new NegativeElboMatchesReference()),
                Hidden("diffusion.dtu.negative-elbo-on-unseen-inputs", "sheet 004, ex. 3.4: Ho et al. (2020) Algorithm 1 and eq. (14), on inputs of the tutor's run"),
                Hidden("diffusion.dtu.negative-elbo-draws-follow-algorithm-1", "sheet 004, ex. 3.4: Ho et al. (2020) Algorithm 1 — t ~ Uniform({1, …, T}) (code indices 0 … T − 1) and ε ~ N(0, I), for each sample"),
            ]),
            new("004/3.4/sample", [typeof(IDtuDdpm)],
            [
                Visible(new DtuSampleMatchesReference()),
                Hidden("diffusion.dtu.sample-on-unseen-inputs", "sheet 004, ex. 3.4, DDPM.sample: Ho et al. (2020) Algorithm 2 with σ_t² = β_t, on inputs of the tutor's run"),
                Hidden("diffusion.dtu.sampler-follows-oracle-law", "sheet 004, ex. 3.4, DDPM.sample: Ho et al. (2020) Algorithm 2 with σ_t² = β_t"),
            ]),
            new("004/3.4/toy-data", [typeof(IDtuTrainingParts), typeof(IDtuDdpm)],
            [
                Hidden("diffusion.dtu.toy-data-training-quality", "sheet 004, ex. 3.4: test the DDPM on TwoGaussians and Chequerboard"),
            ]),
            new("004/3.5/mnist", [typeof(IMnistDdpm), typeof(IDtuTrainingParts), typeof(IDtuDdpm)],
            [
                Hidden("diffusion.dtu.image-sample-with-oracle", "sheet 004, ex. 3.5: the DDPM of ex. 3.4 on MNIST, the samples transformed back to [0, 1] before displaying them"),
                Hidden("diffusion.dtu.image-training-quality", "sheet 004, ex. 3.5: learn a DDPM on MNIST with the parts of ex. 3.4 (model, negative ELBO) on the grader's loop"),
            ]),
        ],
        PackFolders.Standard("Diffusion", DiffusionSnapshots.Folder));

    /// <summary>
    /// The weight of each of the two checks of DDIM with η &gt; 0 in 1 (d), against 1 for each of the three checks of the
    /// deterministic step the sheet asks for: together 1/7 of the task.
    /// </summary>
    public const double EtaExtensionWeight = 0.25;

    /// <summary>Heidelberg exercise 1 (a)–(e), the same text on sheets 000 and 001: the reverse step exactly, its variance statistically, training on V; the interpolations; shared noise; DDIM.</summary>
    private static TaskBinding[] HeidelbergExerciseOne(string sheet) =>
    [
        new($"{sheet}/1a/train-and-sample", [typeof(IReverseStep), typeof(IDiffusionTrainingParts)],
        [
            Visible(new ReverseStepMatchesReference()),
            Hidden("diffusion.heidelberg.reverse-step-on-unseen-inputs", "ex. 1 (a): the notebook's reverse step, on inputs of the tutor's run"),
            Hidden("diffusion.heidelberg.reverse-step-has-posterior-variance", "ex. 1 (a): the reverse step with the posterior mean μ̃_t and variance β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Ho et al. eqs. 6–7)"),
            Hidden("diffusion.heidelberg.v-training-quality", "ex. 1 (a): train the ε-network on the V data set"),
        ]),
        new($"{sheet}/1b/interpolation", [typeof(ILatentInterpolation), typeof(IReverseStep)],
        [
            Visible(new InterpolationIsLinearInLatentSpace()),
            Hidden("diffusion.heidelberg.interpolation-on-unseen-inputs", "ex. 1 (b): a linear interpolation of latents, on end points of the tutor's run"),
            Hidden("diffusion.heidelberg.interpolation-trajectory-is-smooth.1b", "ex. 1 (b): a linear interpolation of latents, both end points included"),
            Hidden("diffusion.heidelberg.interpolation-through-reverse-processes.1b", "ex. 1 (b): the interpolation through the reverse process of 1 (a); explain the result"),
        ]),
        new($"{sheet}/1c/same-noise", [typeof(ISameNoiseSampler)],
        [
            Visible(new SameNoiseTrajectoryMatchesReference()),
            Hidden("diffusion.heidelberg.same-noise-trajectory-on-unseen-inputs", "ex. 1 (c): the reverse process with the same noise for every sample, on inputs of the tutor's run"),
            Hidden("diffusion.heidelberg.same-noise-is-shared", "ex. 1 (c): the reverse process of 1 (a) with the identical noise for all samples"),
        ]),
        new($"{sheet}/1d/ddim", [typeof(IDdimStep)],
        [
            Visible(new DdimStepMatchesReference()),
            Hidden("diffusion.heidelberg.ddim-step-on-unseen-inputs", "ex. 1 (d): the deterministic DDIM step, on inputs of the tutor's run"),
            Hidden("diffusion.heidelberg.ddim-eta-zero-is-deterministic", "ex. 1 (d): the deterministic DDIM (Song et al. 2021, eq. 12 with σ_t = 0)"),
            // Beyond the sheet, lightly weighted: DDIM with η > 0 (eq. 16).
            Visible(new DdimStepMatchesReference(withNoise: true), EtaExtensionWeight),
            Hidden("diffusion.heidelberg.ddim-noise-response", "ex. 1 (d), beyond the sheet: DDIM eq. 12 with σ_t(η) from eq. 16 for η > 0", EtaExtensionWeight),
        ]),
        new($"{sheet}/1e/second-interpolation", [typeof(ILatentInterpolation), typeof(IReverseStep), typeof(ISameNoiseSampler), typeof(IDdimStep)],
        [
            Hidden("diffusion.heidelberg.interpolation-trajectory-is-smooth.1e", "ex. 1 (e): a linear interpolation of latents, both end points included"),
            Hidden("diffusion.heidelberg.interpolation-through-reverse-processes.1e", "ex. 1 (e): the second interpolation through the reverse processes of (b)–(d)"),
        ]),
    ];
}
