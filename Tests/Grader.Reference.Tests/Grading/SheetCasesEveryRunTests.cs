using System.Collections.Concurrent;
using Grader.Checks.Attention;
using Grader.Checks.Flows.Tum;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Attention;
using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.Gan;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.Hidden.Quickies;
using Grader.Checks.OdeSde;
using Grader.Checks.Hidden.Vae;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// "Fresh inputs cover the sheet's cases every run" (issue 26, part 5): a check on inputs drawn for the run states the
/// cases its task has and draws values within each, so a bug that shows only in one case is caught on every seed, not
/// on the seeds whose draw happened to contain the case. Each test runs a check on a mutant that shows only in one such
/// case, over 60 seeds, and asserts it fails on every one; and the correct example passes on the same seeds. The old
/// draw's miss rate on the same mutant is in each test's comment (measured before the change).
/// </summary>
public class SheetCasesEveryRunTests
{
    private const int Seeds = 60;
    private static readonly string Root = RepositoryRoot.Path;

    /// <summary>fixtures/snapshots of the repository.</summary>
    internal static string SnapshotRoot { get; } = Path.Combine(Root, "fixtures", "snapshots");

    /// <summary>The example hand-in in Submissions/Examples/<paramref name="folder"/>, compiled as a student's.</summary>
    internal static Func<Type, object?> Compile(string folder)
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", folder)));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!).Resolve;
    }

    /// <summary>Runs <paramref name="check"/> on the mutant and on the correct example of <paramref name="family"/> over <see cref="Seeds"/> seeds.</summary>
    private static void CaughtOnEverySeed(string family, string mutant, ICheck check, int seeds = Seeds) =>
        CaughtOnEverySeed(family, mutant, Compile($"{family}/Mutants/{mutant}"), check, seeds);

    /// <summary>As <see cref="CaughtOnEverySeed(string, string, ICheck, int)"/> for the cheat <paramref name="cheat"/> (laid over the correct example).</summary>
    private static void CheatCaughtOnEverySeed(string family, string cheat, ICheck check, int seeds = Seeds)
    {
        var source = HandinSource.FromFolder(Path.Combine(Root, "Submissions", "Examples", family, "Correct"))
            .WithOverlay(Path.Combine(Root, "Submissions", "Examples", family, "Cheats", cheat));
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        CaughtOnEverySeed(family, cheat, new HandinInstance(compiled.Assembly!).Resolve, check, seeds);
    }

    /// <summary>Each family's correct example, compiled once for every test of the class.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<(HandinSource Source, Func<Type, object?> Resolve)>> Correct = new();

    private static (HandinSource Source, Func<Type, object?> Resolve) CorrectOf(string family) => Correct.GetOrAdd(family, f => new(() =>
    {
        var source = HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", f, "Correct"));
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        return (source, new HandinInstance(compiled.Assembly!).Resolve);
    })).Value;

    private static void CaughtOnEverySeed(string family, string mutant, Func<Type, object?> bad, ICheck check, int seeds)
    {
        var (source, good) = CorrectOf(family);
        // A passed run on the correct example FamilyCorrectExampleSeedsTests made already (same check, seed and hidden) is taken from there.
        var onCorrect = PassedVerdicts.For(source, check);
        int reused = PassedVerdicts.Reused;
        var snapshots = SnapshotRoot;
        var missed = new List<ulong>();
        var falseFails = new List<string>();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var s = HandinGrader.CheckSeed(seed, check.Id);
            if (check.Run(new CheckContext(bad, s, snapshots) { Hidden = true }).Passed) missed.Add(seed);
            var correct = onCorrect.Run(new CheckContext(good, s, snapshots) { Hidden = true });
            if (!correct.Passed) falseFails.Add($"seed {seed}: {correct.Message}");
        }
        TestContext.Out.WriteLine($"{check.Id} on {family}/{mutant}: missed on {missed.Count} of {seeds} seeds ({string.Join(", ", missed)}); the correct example failed on {falseFails.Count} ({PassedVerdicts.Reused - reused} of its runs taken from an earlier test).");
        missed.Should().BeEmpty($"{mutant} shows in a case the check draws every run");
        falseFails.Should().BeEmpty();
    }

    /// <summary>
    /// Attention: the causal mask with padding. Old draw (6 calls, causal and padding by coin): the mutant that drops the
    /// padding mask under the causal mask was missed on 10 of the same 60 seeds (2, 7, 13, 17, 21, 27, 30, 33, 35, 46).
    /// </summary>
    [Test]
    public void Attention_fresh_inputs_test_causal_with_padding_every_run() =>
        CaughtOnEverySeed("Attention", "causal-mask-drops-padding", new OutputMatchesReference(AttentionPack.FreshInputsId, new FreshAttentionCases()));

    /// <summary>
    /// Attention: scores beyond float32's e^x. Before the large-score call, the softmax without the row max was caught
    /// only by chance (heads-are-independent's perturbations) and missed on seeds 83 and 98 of 1 … 200 (`seeds` benchmark).
    /// </summary>
    [Test]
    public void Attention_fresh_inputs_have_scores_beyond_float32s_exponential_every_run() =>
        CaughtOnEverySeed("Attention", "softmax-overflows", new OutputMatchesReference(AttentionPack.FreshInputsId, new FreshAttentionCases()));

    /// <summary>
    /// GAN: the JSD by samples with unequal sample counts. Old draw (200 samples of each density, always equal): the
    /// mutant that pools both samples into one mean equals the estimate whenever n = m, so it passed on every seed.
    /// </summary>
    [Test]
    public void Jensen_shannon_by_samples_has_unequal_counts_every_run() =>
        CaughtOnEverySeed("Gan", "jsd-samples-pooled", new JensenShannonMatchesQuadrature());

    /// <summary>
    /// Flows: the most likely events for fractions other than the sheet's 10 %. Old draw (always 0.1): the mutant that
    /// hard-codes 10 % passed on every seed.
    /// </summary>
    [Test]
    public void Most_likely_events_are_asked_for_other_fractions_every_run() =>
        CaughtOnEverySeed("Flows", "most-likely-fixed-tenth", new MostLikelyEventsOnFreshInputs());

    /// <summary>
    /// Flows: a count fraction·n that is whole but comes out just below it in double (issue 66, item 4). Old draw (three
    /// cases of k/20 and n = 20·m, 6 of the 494 pairs below their whole value): the mutant that rounds the count down
    /// was caught in about 3 % of runs.
    /// </summary>
    /// <remarks>
    /// And the mirror case (a count rounded up where fraction·n comes out just above its whole value: 0.55 · 100 =
    /// 55.00000000000001); the old draw (four cases) caught the mutant that rounds up on 7 of 200 seeds (3.5 %). Every run has both cases by
    /// construction (CaseClassesEveryRunTests checks the draw on its seeds), so CI runs two seeds and
    /// <see cref="Most_likely_events_count_is_whole_every_run_20_seeds"/> twenty.
    /// </remarks>
    [TestCase("most-likely-count-rounded-down")]
    [TestCase("most-likely-count-rounded-up")]
    public void Most_likely_events_have_a_count_just_off_its_whole_value_in_double_every_run(string mutant) =>
        CaughtOnEverySeed("Flows", mutant, new MostLikelyEventsOnFreshInputs(), seeds: 2);

    /// <summary>The 20-seed sweep of <see cref="Most_likely_events_have_a_count_just_off_its_whole_value_in_double_every_run"/>.</summary>
    [Explicit("20-seed sweep; CI runs 2 seeds")]
    [TestCase("most-likely-count-rounded-down")]
    [TestCase("most-likely-count-rounded-up")]
    public void Most_likely_events_count_is_whole_every_run_20_seeds(string mutant) =>
        CaughtOnEverySeed("Flows", mutant, new MostLikelyEventsOnFreshInputs(), seeds: 20);

    /// <summary>
    /// VAE: a normal q with negligible mass below 0 in the KL check. Old draw (μ_q uniform on [−1, 3], four calls): the
    /// mutant that is +∞ only where the mass exceeds 1e-6 passed on 51 of the same 60 seeds.
    /// </summary>
    [Test]
    public void Normal_kl_has_a_q_with_negligible_mass_below_zero_every_run() =>
        CaughtOnEverySeed("Vae", "normal-kl-finite-when-mass-negligible", new NormalKlIsInfinite());

    /// <summary>
    /// SDE: β(y, 1) ≠ b in the exact ELBO on unseen inputs. Old draw (every case with the notebook's β(y, 1) = b): the
    /// mutant that takes the likelihood's width from β(y, 1) gives the same numbers and passed on every seed.
    /// </summary>
    [Test]
    public void Elbo_has_a_beta_at_one_other_than_the_likelihood_width_every_run() =>
        CaughtOnEverySeed("OdeSde", "elbo-likelihood-width-from-beta", new ElboOnUnseenInputs());

    /// <summary>
    /// TUM 1 (b): the powers include p and q both odd. Old draw (p uniform on 1 … 7 for the two odd-q pairs): the mutant
    /// that takes odd/odd for a valid flow passed whenever both drawn p were even, (3/7)² ≈ 18 % of seeds.
    /// </summary>
    [Test]
    public void Polynomial_flow_powers_include_an_odd_odd_pair_every_run() =>
        CaughtOnEverySeed("Flows", "polynomial-valid-when-both-powers-odd", new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FlowsTutorPack.FreshPowers));

    /// <summary>
    /// TUM 1 (b): the powers include an odd q every run (class odd-power-of-x1). The collision x₁ ↦ −x₁ (the cheat that
    /// returns the sample solution's pair for every p, q) is right for the sheet's q = 4 (the visible check passes it) and
    /// for every even q.
    /// </summary>
    [Test]
    public void Polynomial_flow_powers_include_an_odd_power_of_x1_every_run() =>
        CheatCaughtOnEverySeed("Flows", "polynomial-sheet-counterexample",
            new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FlowsTutorPack.FreshPowers, FlowsTutorPack.FreshPowerClasses));

    /// <summary>
    /// TUM 1 (a): a vector whose det(aᵀa) rounds to non-zero in double every run (class determinant-rounds-to-nonzero).
    /// The verdict read off that determinant is right at both visible vectors (it rounds to exactly 0 there).
    /// </summary>
    [Test]
    public void Sigmoid_flow_vectors_include_a_determinant_that_rounds_to_nonzero_every_run() =>
        CaughtOnEverySeed("Flows", "sigmoid-valid-when-determinant-nonzero",
            new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FlowsTutorPack.FreshA, FlowsTutorPack.FreshAVerdictClasses));

    /// <summary>TUM 1 (a): a vector with a₁ ≠ a₂ every run (class unequal-entries): x′ = (a₁, −a₂) collides only where a₁ = a₂.</summary>
    [Test]
    public void Sigmoid_flow_vectors_include_unequal_entries_every_run() =>
        CaughtOnEverySeed("Flows", "sigmoid-wrong-collision",
            new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FlowsTutorPack.FreshA, FlowsTutorPack.FreshACollisionClasses));

    /// <summary>TUM 1 (c): a negative point every run (class negative-point): f⁻¹(x) = |x| + b has determinant 1 for x &gt; 0.</summary>
    [Test]
    public void Unit_determinant_points_include_a_negative_point_every_run() =>
        CaughtOnEverySeed("Flows", "unit-determinant-absolute-value",
            new UnitDeterminantInverseIsCorrect(".fresh", FlowsTutorPack.FreshPoints, FlowsTutorPack.FreshPointClasses));

    /// <summary>
    /// Flows: the muon mass shell in the inverse preprocessing. Old draw (feature rows standard normal ×1.2, so pT₁ mostly
    /// far above the cut, where E − |p| = m²/(E + |p|) is inside the float32 tolerance): massless muons passed on every seed.
    /// </summary>
    [Test]
    public void Inverse_preprocessing_tests_the_muon_mass_shell_every_run() =>
        CaughtOnEverySeed("Flows", "preprocessing-muons-massless", new PreprocessingMatchesReferenceOnFreshInputs());

    /// <summary>
    /// OdeSde 1.4: the mixture with an even number of components. Old draw (three data sets, K free on 2 … 7): the mutant
    /// whose means take (K − 1)/2 in integer division is right for odd K and passed whenever all three K were odd, 1 in 8.
    /// </summary>
    [Test]
    public void Laplace_mixture_has_an_even_component_count_every_run() =>
        CaughtOnEverySeed("OdeSde", "mixture-means-integer-division",
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer));

    /// <summary>
    /// OdeSde 1.4: a (K, s) where np.arange's length flips under rounding (issue 79 item 5). Old draw (three data sets, K
    /// on 2 … 7, s uniform on [1, 6)): the port with a float loop bound, which adds a (K+1)-th mean on 5–18 % of the
    /// spacings for K = 4, 6, 7, met such a pair in about 2 runs of 7; every run now draws one per port. One seed here
    /// (the draw holds the case by construction: CaseClassesEveryRunTests), twenty in the explicit sweep below.
    /// </summary>
    [Test]
    public void Laplace_mixture_has_a_spacing_where_arange_flips_every_run() =>
        CaughtOnEverySeed("OdeSde", "mixture-means-arange-float-loop",
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer), seeds: 1);

    /// <summary>The 20-seed sweep of <see cref="Laplace_mixture_has_a_spacing_where_arange_flips_every_run"/>.</summary>
    [Test]
    [Explicit("20-seed sweep of the arange mutant; CI runs one seed")]
    public void Laplace_mixture_has_a_spacing_where_arange_flips_every_run_20_seeds() =>
        CaughtOnEverySeed("OdeSde", "mixture-means-arange-float-loop",
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer), seeds: 20);

    /// <summary>
    /// OdeSde 1.1–1.3: rk4 told from rk2. Old draw (12 … 120 grid points): rk2 in place of rk4 differs by less than the
    /// float32 tolerance, and the mutant passed the check on 14 of 20 seeds (1, 3–9, 11, 14–16, 19, 20; caught only where
    /// the rk4 affine case happened to be coarse); a curved drift on 3 … 6 points now tells them
    /// apart. The check solves a drift network's density on a grid (about 2 s a run), and every run has the curved case by
    /// construction (CaseClassesEveryRunTests checks the draw), so CI runs two seeds (issue 69) and
    /// <see cref="Log_likelihood_tells_rk4_from_rk2_every_run_20_seeds"/> twenty.
    /// </summary>
    [Test]
    public void Log_likelihood_tells_rk4_from_rk2_every_run() =>
        CaughtOnEverySeed("OdeSde", "likelihood-rk4-runs-rk2", new LogLikelihoodOnUnseenInputs(), seeds: 2);

    /// <summary>The 20-seed sweep of <see cref="Log_likelihood_tells_rk4_from_rk2_every_run"/>.</summary>
    [Test]
    [Explicit("20-seed sweep (about 3 s of CPU a seed: the mutant and the correct example); CI runs 2 seeds")]
    public void Log_likelihood_tells_rk4_from_rk2_every_run_20_seeds() =>
        CaughtOnEverySeed("OdeSde", "likelihood-rk4-runs-rk2", new LogLikelihoodOnUnseenInputs(), seeds: 20);

    /// <summary>
    /// TUM P4 (b), (c): the edges of (0, 1). Old draw (valid β in [10⁻⁵, 0.999]): the mutant that tests β rounded to
    /// float32 agreed with the sheet on every drawn schedule and passed on every seed.
    /// </summary>
    [TestCase(ScheduleDefect.AboveOne)]
    [TestCase(ScheduleDefect.EqualOne)]
    public void Schedules_hold_the_edges_of_the_unit_interval_every_run(ScheduleDefect defect) =>
        CaughtOnEverySeed("Diffusion", "schedule-validity-in-float32", new ScheduleValidityOnUnseenSchedules(defect));

    /// <summary>
    /// Quickie 3 (a) (ii): logits beyond float32's e^x, and a target whose softmax underflows. Old draw (logits N(0, 2²)):
    /// both mutants passed on every seed.
    /// </summary>
    [TestCase("cross-entropy-without-max-shift")]
    [TestCase("cross-entropy-log-of-softmax")]
    public void Cross_entropy_has_logits_beyond_float_range_every_run(string mutant) =>
        CaughtOnEverySeed("Quickies", mutant, new ClassificationLossMatches());

    /// <summary>
    /// Quickie 3 (e): a latent of several dimensions. Old draw (K free on 1 … 4, three calls): the KL averaged over the
    /// latent dimensions equals the sum when K = 1 and passed when all three K were 1, 1 in 64.
    /// </summary>
    [Test]
    public void Vae_loss_has_several_latent_dimensions_every_run() =>
        CaughtOnEverySeed("Quickies", "vae-kl-mean-over-latent-dims", new VaeLossMatches());

    /// <summary>
    /// Quickie 3 (e), the flow loss: several latent dimensions. Old draw (D free on 1 … 6, four calls): the normaliser
    /// ½ ln 2π in place of (D/2) ln 2π passed when all four D were 1, 1 run in 1,296; call 0 now has D ≥ 2.
    /// </summary>
    [Test]
    public void Flow_loss_has_several_latent_dimensions_every_run() =>
        CaughtOnEverySeed("Quickies", "flow-normaliser-one-dimensional", new FlowLossMatches());

    /// <summary>Quickie 3 (a) (i): examples of several numbers (the cheat that averages over the batch axis only).</summary>
    [Test]
    public void Regression_loss_has_examples_of_several_numbers_every_run() =>
        CheatCaughtOnEverySeed("Quickies", "mse-mean-over-first-axis", new RegressionLossMatches());

    /// <summary>Quickie 3 (e), the GAN losses: a confidently wrong discriminator in every call (the cheat that clamps the logits).</summary>
    [Test]
    public void Gan_loss_has_confident_logits_every_run() =>
        CheatCaughtOnEverySeed("Quickies", "gan-loss-logits-clamped", new GanLossMatches());

    /// <summary>
    /// GAN P3 (b): densities that are 0 where the other is not (the 1-D pair with disjoint supports, the 2-D pair
    /// overlapping on half of the grid) in every run: p·ln(p/m) without 0·ln 0 = 0 is NaN there.
    /// </summary>
    [Test]
    public void Jensen_shannon_on_a_grid_has_a_density_zero_where_the_other_is_not_every_run() =>
        CaughtOnEverySeed("Gan", "jsd-zero-density-not-skipped", new JensenShannonMatchesQuadrature());

    /// <summary>VAE P2 (d): a q with large mass below 0 (the KL written for the log-normal q, finite for every q).</summary>
    [Test]
    public void Normal_kl_has_a_q_with_large_mass_below_zero_every_run() =>
        CaughtOnEverySeed("Vae", "normal-kl-finite", new NormalKlIsInfinite());

    /// <summary>OdeSde 1.4: time-dependent fields in every case (rk2's midpoint stage read at the step's start).</summary>
    [Test]
    public void Solver_step_has_time_dependent_fields_every_run() =>
        CaughtOnEverySeed("OdeSde", "rk2-midpoint-at-start", new SolverStepOnUnseenInputs());

    /// <summary>Heidelberg 1 (a): the last reverse step (code index 0) in every run (the step that returns x_t unchanged there).</summary>
    [Test]
    public void Reverse_step_has_the_last_step_every_run() =>
        CaughtOnEverySeed("Diffusion", "reverse-step-skips-last-step", new ReverseStepOnUnseenInputs());

    /// <summary>Heidelberg 1 (d): the DDIM step at code index 0 in every run (ᾱ_{t−1} = ᾱ_0 there instead of 1, and the skipped step).</summary>
    [TestCase("ddim-last-step-alphabar")]
    [TestCase("ddim-skips-last-step")]
    public void Ddim_step_has_the_last_step_every_run(string mutant) =>
        CaughtOnEverySeed("Diffusion", mutant, new DdimStepOnUnseenInputs());

    /// <summary>
    /// Heidelberg 1 (a), the step's law: the chain's first step t = T − 1 (the posterior mean with √ᾱ_t for √α_t) and the
    /// last, t = 0 (noise added there). Old check (t = 1 only): both mutants passed on every seed.
    /// </summary>
    [TestCase("reverse-step-mean-sqrt-alphabar")]
    [TestCase("reverse-step-noise-at-last-step")]
    public void Reverse_step_law_is_tested_at_both_ends_every_run(string mutant) =>
        CaughtOnEverySeed("Diffusion", mutant, new ReverseStepHasPosteriorVariance(), seeds: 20);

    /// <summary>
    /// Heidelberg 1 (b) on unseen inputs: a latent of three dimensions (segment 0). Old draw (d free on {2, 3} for three
    /// segments): the interpolation written for two coordinates passed when all three were two-dimensional, 1 run in 8.
    /// </summary>
    [Test]
    public void Interpolation_has_a_three_dimensional_latent_every_run() =>
        CaughtOnEverySeed("Diffusion", "interpolation-two-coordinates-only", new InterpolationOnUnseenInputs());

    /// <summary>Heidelberg 1 (b) on unseen inputs: segments that move every coordinate (the step along the last axis only).</summary>
    [Test]
    public void Interpolation_moves_every_coordinate_every_run() =>
        CaughtOnEverySeed("Diffusion", "interpolation-last-coordinate-only", new InterpolationOnUnseenInputs());

    /// <summary>DTU 3.4: code index 0 among the drawn t of every batch (x not noised there).</summary>
    [Test]
    public void Negative_elbo_draws_the_first_step_every_run() =>
        CaughtOnEverySeed("Diffusion", "elbo-no-noise-at-first-step", new NegativeElboOnUnseenInputs());

    /// <summary>
    /// TUM P4 (d): forms 1 and 3 leaving (0, 1) only at n = N, form 2 with the sheet's c = 1 (β₁ = 0 exactly), form 4 with
    /// c &lt; 1. Old draw (invalid constants far past the bounds): a loop that stops at N − 1 passed forms 1 and 3 on every
    /// seed; β = 0 accepted passed form 2 whenever none of its four invalid constants was 1, (2/3)⁴ ≈ 20 % of seeds.
    /// </summary>
    [TestCase("schedule-answer-last-step-not-tested", 1)]
    [TestCase("schedule-answer-last-step-not-tested", 3)]
    [TestCase("schedule-answer-accepts-beta-zero", 2)]
    [TestCase("schedule-answer-upper-bound-only", 4)]
    public void Invalid_schedule_questions_sit_at_the_bounds_every_run(string mutant, int schedule) =>
        CaughtOnEverySeed("Diffusion", mutant, new InvalidSchedulesOnUnseenInputs(schedule));

    /// <summary>
    /// Attention: two or more heads in the first call. Old draw (H uniform on {1, 2, 3, 4} per call, seven calls): the
    /// near misses that agree with the layer when H = 1 passed when every call drew H = 1, 4⁻⁷ of runs.
    /// </summary>
    [TestCase("heads-split-wrong-order")]
    [TestCase("shared-head-weights")]
    [TestCase("sqrt-model-dim-scaling")]
    public void Attention_fresh_inputs_have_several_heads_every_run(string mutant) =>
        CaughtOnEverySeed("Attention", mutant, new OutputMatchesReference(AttentionPack.FreshInputsId, new FreshAttentionCases()));

    // Third stop (hcasesB): the Flows, GAN and VAE checks that declare their case classes (CaseClassesEveryRunTests).

    /// <summary>
    /// VAE P2 (c): σ far from 1, μ far from σ and μ far from 0 in every run (calls 0 and 1 of
    /// <see cref="LogNormalMapComparison.DrawCall"/>). Before, μ and σ were free in every call (almost sure, not certain).
    /// </summary>
    [TestCase("c-variance-for-sigma")]
    [TestCase("c-mu-sigma-swapped")]
    [TestCase("c-mu-dropped")]
    public void C_has_sigma_far_from_one_and_mu_far_from_sigma_and_zero_every_run(string mutant) =>
        CaughtOnEverySeed("Vae", mutant, new CMatchesReference());

    /// <summary>VAE P2 (b): the same classes for M (ln z = ε).</summary>
    [TestCase("m-variance-for-sigma")]
    [TestCase("m-mu-sigma-swapped")]
    [TestCase("m-mu-dropped")]
    public void M_has_sigma_far_from_one_and_mu_far_from_sigma_and_zero_every_run(string mutant) =>
        CaughtOnEverySeed("Vae", mutant, new MMatchesReference());

    /// <summary>VAE P2 (d): σ_q above and below σ_p in every run (KL[p ‖ q] equals KL[q ‖ p] when σ_q = σ_p).</summary>
    [Test]
    public void Log_normal_kl_has_unequal_scales_every_run() =>
        CaughtOnEverySeed("Vae", "kl-wrong-direction", new LogNormalKlMatchesQuadrature());

    /// <summary>VAE P2 (c)–(d): σ far from 1 (the gradient for ln σ) and ε of both signs (the sign of ε lost) in every run.</summary>
    [TestCase("gradient-log-sigma")]
    [TestCase("gradient-sigma-sign-lost")]
    public void Pathwise_gradient_has_sigma_far_from_one_and_negative_epsilon_every_run(string mutant) =>
        CaughtOnEverySeed("Vae", mutant, new PathwiseGradientMatchesAnalytic());

    /// <summary>
    /// GAN P3 (b), V(D): the indicator discriminator on disjoint supports (0·ln 0 left to IEEE arithmetic; the logs
    /// swapped) and D = 0 where p* &gt; 0 (a floored log) in every run.
    /// </summary>
    [TestCase("value-zero-density-not-skipped")]
    [TestCase("value-log-floored")]
    [TestCase("value-logs-swapped")]
    public void Gan_objective_has_discriminators_at_zero_and_one_every_run(string mutant) =>
        CaughtOnEverySeed("Gan", mutant, new ObjectiveMatchesQuadrature());

    /// <summary>
    /// GAN P3 (b), D*: p* = 0 &lt; p_θ (the disjoint pair), both densities 0 (the gap pair, new: before, such a cell was
    /// drawn only where a mixture's tail fell below 10⁻³⁰) and D* far from ½ in every run.
    /// </summary>
    [TestCase("optimal-discriminator-half-where-data-zero")]
    [TestCase("optimal-discriminator-unguarded")]
    [TestCase("discriminator-swapped")]
    public void Optimal_discriminator_has_empty_cells_every_run(string mutant) =>
        CaughtOnEverySeed("Gan", mutant, new OptimalDiscriminatorMatchesReference());

    /// <summary>Flows 2 (d): several dimensions in the first flow (the one-dimensional normaliser) and several points (the batch mean).</summary>
    [TestCase("nll-normaliser-one-dimensional")]
    [TestCase("nll-batch-mean")]
    public void Flow_negative_log_likelihood_has_several_dimensions_every_run(string mutant) =>
        CaughtOnEverySeed("Flows", mutant, new NegativeLogLikelihoodMatchesReferenceOnFreshInputs());

    /// <summary>Flows 2 (c), the INN: several blocks, a mixing unlike its transpose and a rotation far from any permutation in the first chain.</summary>
    [TestCase("inn-last-block-only")]
    [TestCase("inn-permutation-transposed")]
    [TestCase("inn-mixing-as-index-permutation")]
    public void Inn_has_several_blocks_and_a_rotation_every_run(string mutant) =>
        CaughtOnEverySeed("Flows", mutant, new InvertibleNetworkMatchesReferenceOnFreshInputs());

    /// <summary>Flows 2 (c), the coupling block: an odd channel count and a saturated soft clamp in the first block.</summary>
    [TestCase("coupling-split-rounded-down")]
    [TestCase("coupling-clamp-missing")]
    public void Coupling_block_has_odd_channels_and_a_saturated_clamp_every_run(string mutant) =>
        CaughtOnEverySeed("Flows", mutant, new CouplingBlockMatchesReferenceOnFreshInputs());
}
