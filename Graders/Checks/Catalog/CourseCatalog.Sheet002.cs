namespace Grader.Checks.Catalog;

// Sheet 002: TUM "Advanced Machine Learning: Deep Generative Models", end-term exam 2023, with sample solution and
// rubric. Credits are printed per problem; per part, the seed keeps some correction boxes ("0 1", "0 1 2") and the
// rubric's ✓ items. Box rule, read from problem 1: a box stands just before the part it grades.
public sealed partial class CourseCatalog
{
    private const string TumExamRule =
        " The exam's rule: where a part does not say \"Justify\", \"Derive\" or \"Prove\", the correct answer alone suffices; the ✓ items are how partial answers earn credit.";

    private static Sheet Sheet002() => new(
        Id: "002",
        FileName: "002_88b534adebe9b841.txt",
        Title: "End-term exam CIT4230003 (31 July 2023) with sample solution and correction notes",
        Course: new Course("tum-deep-generative-models-2023", "Technical University of Munich", "Advanced Machine Learning: Deep Generative Models", "2023"),
        Total: 28,
        Bonus: 0,
        PrintsPoints: true,
        Note: "28 credits printed, and per problem: P1 5, P2 9, P3 8, P4 6. Per part, credits are read from the correction "
            + "boxes where the seed keeps them (P1 a, b; P2 c; P4 b, c, d) and inferred from the problem's total and the "
            + "rubric's ✓ items elsewhere; each such task says how in its note.");

    private static IEnumerable<TaskSpec> Sheet002Tasks() =>
    [
        // Flows: FlowsPack (the answers as executable questions: a verdict and a collision checked on the sheet's map; an f⁻¹ of determinant 1).
        Task("002", "P1 (a)", "002/p1a/rank-one-sigmoid-flow", "Is z = σ(aᵀa x), x ∈ ℝ², a valid normalizing flow? Justify",
            points: 2, autoPoints: 1,
            [
                Item("justification", 1),
            ],
            note: "2 credits from the box \"0 1 2\" before a). The rubric has 3 ✓ (no; not invertible; reason); the split 1 + 1 is inferred. Auto, ½ credit each: "
                + "✓ for no (the answer's verdict), and ✓ for pointing out that it is not invertible (two different inputs the grader's exact evaluation of the map sends to the same output; "
                + "any true collision counts), each checked for two fixed a and for others drawn per run. Manual: the reason."),
        Task("002", "P1 (b)", "002/p1b/polynomial-flow", "Is z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) a valid normalizing flow? Justify",
            points: 2, autoPoints: 1,
            [
                Item("justification", 1),
            ],
            note: "2 credits from the box \"0 1 2\" before b). The rubric has 3 ✓ (no; not invertible; counterexample); the split 1 + 1 is inferred. Auto, ½ credit each: "
                + "✓ for no, and ✓ for pointing out that it is not invertible, shown by two different inputs with the same output (decided exactly; any true collision counts), "
                + "each checked for the sheet's map and for maps of the same form with other powers, z = ((x₃ + x₂)^p, x₁^q·x₂ + x₃, e^{x₃}), drawn per run. "
                + "Manual: the explanation of the counterexample."),
        Task("002", "P1 (c)", "002/p1c/volume-preserving", "A flow whose inverse has Jacobian determinant 1: effect on the flow, by the change of variables and an example",
            points: 1, autoPoints: 0.5,
            [
                Item("volume-preserving", 0.5),
            ],
            note: "No box legible for c); 1 credit inferred as P1's 5 credits minus a) and b) (2 + 2). Its 2 ✓ are ½ credit each. Auto: ✓ for giving an example, "
                + "a parametrisation f⁻¹ (with f) whose Jacobian determinant is 1 at every point the grader tries and which f inverts. Manual: the change-of-variables argument."),

        // checks: VaePack (T, M, C against the exact maps on draws per run; C's samples by KS; its pathwise gradients; the two KL terms of (d)).
        Task("002", "P2 (a)", "002/p2a/standard-log-normal", "A deterministic T: ℝ → ℝ_{>0} turning ε ~ N(0, 1) into a sample of log N(0, 1)",
            points: 2.5, autoPoints: 0.5,
            [
                Item("derivation", 2),
            ],
            note: "No box legible for a); 2.5 credits inferred. P2 has 9 credits; c) has 1 (box \"0 1\"); the remaining 8 are split over a), b), d) in proportion "
                + "to their ✓ counts 4 : 5 : 4 (2.46, 3.08, 2.46) and rounded to half credits: 2.5, 3, 2.5. Auto share: ✓ for the correct transformation T(ε) = exp(ε), "
                + "checked as a function, ½ credit." + TumExamRule),
        Task("002", "P2 (b)", "002/p2b/log-normal-affine", "A deterministic M_{μ,σ²}: ℝ_{>0} → ℝ_{>0} turning z ~ log N(0, 1) into a sample of log N(μ, σ²)",
            points: 3, autoPoints: 0.5,
            [
                Item("derivation", 2.5),
            ],
            note: "No box legible for b); 3 credits inferred as for a) (8 credits over 4 : 5 : 4 ✓, rounded to half credits). "
                + "Auto share: ✓ for the correct transformation M(z) = z^σ·exp(μ), ½ credit." + TumExamRule),
        Task("002", "P2 (c)", "002/p2c/log-normal-reparametrisation", "A deterministic C_{μ,σ²}: ℝ → ℝ_{>0} turning ε ~ N(0, 1) into a sample of log N(μ, σ²)",
            points: 1, autoPoints: 0.5,
            [
                Item("composition", 0.5),
            ],
            note: "1 credit from the box \"0 1\" in c); its 2 ✓ are ½ credit each. Auto share: ✓ for the correct transformation "
                + "C(ε) = exp(σε + μ), checked as a function, by its samples and by its pathwise gradients." + TumExamRule),
        Task("002", "P2 (d)", "002/p2d/log-normal-prior", "Log-normal prior in a VAE: why a normal q_φ(z) is impractical; an alternative and how to backpropagate through its sampling",
            points: 2.5, autoPoints: 0.5,
            [
                Item("rubric", 2),
            ],
            note: "No box legible for d); 2.5 credits inferred as for a) (8 credits over 4 : 5 : 4 ✓, rounded to half credits). Auto share: "
                + "the ✓ for concluding that the KL divergence is infinite, checked as the KL of a normal q_φ against the prior (+∞), with the KL of the "
                + "log-normal q_φ that replaces it (finite, against quadrature), ½ credit; the argument stays manual (2 credits for its ✓)."),

        // checks: GanPack (P3 (b): D* by optimality and against the reference; V(D*) = JSD − log 2 and the JSD by quadrature).
        Task("002", "P3 (a)", "002/p3a/gan-objective", "Meaning of E₁, of E₂, and what is adversarial about the GAN objective",
            points: 3, autoPoints: 0,
            [
                Item("e1", 1),
                Item("e2", 1),
                Item("adversarial", 1),
            ],
            note: "No box legible in P3. P3's 8 credits match its 8 ✓ (a: 3, b: 5), so one credit per ✓ is inferred."),
        Task("002", "P3 (b)", "002/p3b/jensen-shannon", "Show that the GAN loss with the optimal discriminator is JSD(p*, p_θ) + c",
            points: 5, autoPoints: 2,
            [
                Item("change-of-expectation", 1),
                Item("derivation", 2),
            ],
            note: "No box legible in P3; 5 credits inferred from P3's 8 credits and the ✓ count (1 per ✓). Auto share: "
                + "✓ for plugging in the optimal discriminator D*(x) = p*(x)/(p*(x) + p_θ(x)), checked on known densities, and the third ✓ of (3.3)→(3.7), "
                + "the constant c = −log 2, checked numerically; 1 credit each."),

        // checks: none (theory).
        Task("002", "P4 (a)", "002/p4a/why-elbo", "Why optimize the ELBO instead of the data log-likelihood",
            points: 2, autoPoints: 0,
            [
                Item("intractable", 1),
                Item("marginalisation", 1),
            ],
            note: "No box stands before a). The seed shows a box \"0 1\" before b), one before c), and a \"0 1\" and a \"0 1 2\" box before d). Read with "
                + "P1's rule (the box just before a part is its box): b) 1, c) 1, d) 2, so a) = 6 − 4 = 2 credits, inferred; it matches a)'s 2 ✓ at one "
                + "credit each. The extra \"0 1\" before d) is left unexplained: taken as a)'s box, P4 would total 5, not the printed 6."),

        // checks: IBetaScheduleValidity (rejects every schedule with some β_n > 1; property-based, and on training-length schedules drawn per run).
        Task("002", "P4 (b)", "002/p4b/beta-above-one", "Why does training fail if β_n > 1",
            points: 1, autoPoints: 0.5,
            [
                Item("where", 0.5),
            ],
            note: "1 credit from the box \"0 1\" before b); its 2 ✓ are ½ credit each. The ✓ for a reason why the model fails has a checkable form: "
                + "a validity test (IBetaScheduleValidity) that rejects schedules with β_n > 1, on short generated schedules and on schedules of the length a model is trained with, drawn per run; "
                + "the ✓ for where exactly it fails is manual."),

        // checks: IBetaScheduleValidity (rejects every schedule with some β_n = 1; property-based, and on training-length schedules drawn per run).
        Task("002", "P4 (c)", "002/p4c/beta-equal-one", "Why does training fail if β_n = 1",
            points: 1, autoPoints: 0.5,
            [
                Item("where", 0.5),
            ],
            note: "1 credit from the box \"0 1\" before c); its 2 ✓ are ½ credit each. The ✓ for a reason why the model fails has a checkable form: "
                + "a validity test (IBetaScheduleValidity) that rejects schedules with β_n = 1, on short generated schedules and on schedules of the length a model is trained with, drawn per run; "
                + "the ✓ for where exactly it fails is manual."),

        // checks: IBetaScheduleAnswer, one check per schedule with a quarter of the answer's weight (✓ for flagging 2, ✓ for 4, −✓ for flagging 1 or 3);
        //         IInvalidBetaSchedules, the same per schedule on questions of the four forms with other constants and N, drawn per run;
        //         IBetaScheduleValidity on the four schedules and generated ones, hidden (the tutor's side states the rule).
        Task("002", "P4 (d)", "002/p4d/invalid-schedules", "Which of four β schedules are invalid? Justify",
            points: 2, autoPoints: 1,
            [
                Item("reasons", 1),
            ],
            note: "2 credits from the box \"0 1 2\" before d); its 4 positive ✓ are ½ credit each. Auto: ✓ for identifying schedule 2 and ✓ for schedule 4 as "
                + "invalid, with the rubric's −✓ for identifying schedule 1 or 3 falsely as invalid, on the sheet's question and on questions of the same four forms with other "
                + "constants and N drawn per run; manual: the two reasons."),
    ];
}
