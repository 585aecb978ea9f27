using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Schedules;
using Grader.Contracts.Diffusion;
using Asked = (Grader.Contracts.Diffusion.BetaScheduleFormula Schedule, int N);

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 002, problem 4 (d), one rubric ✓ at a time as <see cref="InvalidSchedulesAnswerIsCorrect"/>, on questions drawn
/// from the check's seed: the hand-in's <see cref="IInvalidBetaSchedules.InvalidAmong"/> classifies the schedule of the
/// sheet's form <see cref="Schedule"/> right in each of <see cref="Questions"/> questions. Each question lists the four
/// forms (<see cref="BetaScheduleForm"/>) with drawn constants c and N ∈ [20, 2000]; question 2s + v (s = 0 … 3,
/// v = 0, 1) puts form k at place (k + s) mod 4, so every form stands at every place, and forms 1–3 are valid in exactly
/// one of the two questions with the same places (which one is drawn): any constant answer misses a form. Form 4,
/// −c·cos(πn/N), is invalid for every c &gt; 0. Expected: the sheet's rule (every β_n, n = 1 … N, strictly in (0, 1))
/// on the β_n the grader evaluates in double, at the run.
/// </summary>
/// <remarks>
/// <para>
/// The sheet's cases every run (<see cref="CaseClasses"/>, issue 45 item 4): one pair of questions (a drawn place shift)
/// has N ∈ [20, 60] and its invalid constants at the bounds: form 1 with c ∈ [1.195, 1.2] and form 3 with
/// c ∈ [1.725, 1.74] leave (0, 1) only at n = N (a loop that stops at N − 1 misses them), form 2 with the sheet's c = 1
/// has β₁ = 0 exactly and every other β_n in (0, 1) (a test that accepts β = 0 misses it). The other three pairs are
/// drawn as before, N ∈ [20, 2000].
/// </para>
/// <para>
/// Exact, with margins that keep float32 arithmetic on the same side: valid constants keep every β_n in
/// [9.9e-5, 0.93] (form 2: in [0.1, 1 − 5e-5]); invalid ones put a β_n at ≥ 1.09 or ≤ −0.2, or at exactly 0 (form 2 with
/// the sheet's c = 1, β₁ = 1 − 1/1) — or, for form 4, ≤ 0 over half the steps; the pair at the bounds puts β_N at
/// ≥ 1.0024 and keeps β_{N−1} ≤ 0.9989. So a correct hand-in cannot fail.
/// </para>
/// </remarks>
public sealed class InvalidSchedulesOnUnseenInputs : HandinCheck<IInvalidBetaSchedules>, IDrawsCaseClasses
{
    /// <summary>Questions per run: every form at every place, valid once and invalid once (forms 1–3).</summary>
    public const int Questions = 8;

    /// <param name="schedule">The form judged, as the sheet numbers it: 1 … 4.</param>
    public InvalidSchedulesOnUnseenInputs(int schedule)
        : base($"diffusion.tum.invalid-schedules-on-unseen-inputs.schedule-{schedule}")
    {
        if (schedule is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "P4 (d) has schedules 1 … 4");
        Schedule = schedule;
    }

    /// <summary>One check per form of P4 (d), in the order 1 … 4.</summary>
    public static IReadOnlyList<InvalidSchedulesOnUnseenInputs> PerSchedule { get; } = Enumerable.Range(1, 4).Select(k => new InvalidSchedulesOnUnseenInputs(k)).ToArray();

    /// <summary>The form judged: the sheet's schedule number, 1 … 4.</summary>
    public int Schedule { get; }

    /// <summary>One question: the schedules in their places and N.</summary>
    public sealed record Question(BetaScheduleFormula[] Schedules, int N);

    protected override CheckResult Check(CheckContext context, HandinCall call, IInvalidBetaSchedules handin)
    {
        var form = (BetaScheduleForm)(Schedule - 1);
        foreach (var question in Draw(context.NewGenerator(1)))
        {
            var place = Array.FindIndex(question.Schedules, s => s.Form == form) + 1;
            var asked = string.Join("; ", question.Schedules.Select((s, i) => $"{i + 1}. β_n = {Formula(s)}"));
            var what = $"InvalidAmong({asked}; N = {question.N})";
            if (call.Run(what, () => handin.InvalidAmong(question.Schedules.Select(s => s with { }).ToArray(), question.N), out var set) is { } threw) return threw;
            if (set is null) return call.Fail($"{HandinCall.Member(what)} returned null: give the set of the numbers of the invalid schedules.", expected: "a set of schedule numbers", seen: "null");

            var betas = Betas(question.Schedules[place - 1], question.N);
            var invalid = !ScheduleValidityProperty.Rule(betas);
            if (set.Contains(place) == invalid) continue;
            var shown = "{" + string.Join(", ", set.Order()) + "}";
            var schedule = new BetaScheduleCase(betas);
            var reason = ScheduleValidityProperty.Explain(schedule);
            return call.Fail(
                $"{what}: your answer {shown} {(invalid ? "misses" : "flags")} schedule {place}, β_n = {Formula(question.Schedules[place - 1])}, which is {(invalid ? "invalid" : "valid")}. {reason} Re-read {SheetRef}",
                expected: invalid ? $"{place} in the set" : $"{place} not in the set", seen: shown)
                .Concealed($"InvalidAmong: your answer {shown} {(invalid ? "misses" : "flags")} schedule {place}, β_n = {Formula(question.Schedules[place - 1] with { C = double.NaN })} " +
                           $"with a constant c and an N drawn for this grading run, which is {(invalid ? "invalid" : "valid")}: {ScheduleValidityProperty.Describe(schedule)}. " +
                           $"{ScheduleValidityProperty.Explain(schedule, showPlace: false)} Re-read {SheetRef}",
                    expected: invalid ? $"{place} in the set" : $"{place} not in the set", seen: shown);
        }
        return CheckResult.Pass(Id, $"Schedules of the form of the sheet's schedule {Schedule} are classified right in questions with other constants and N, drawn for this grading run.", SheetRef);
    }

    /// <summary>The questions of one run (see the class's doc).</summary>
    public static IReadOnlyList<Question> Draw(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var questions = new List<Question>();
        var atBounds = (int)g.NextInt(0, 4);
        for (var s = 0; s < 4; s++)
        {
            var validFirst = Enumerable.Range(0, 3).Select(_ => g.NextInt(0, 2) == 0).ToArray();
            for (var v = 0; v < 2; v++)
            {
                var schedules = new BetaScheduleFormula[4];
                for (var k = 0; k < 4; k++)
                {
                    var valid = k < 3 && validFirst[k] == (v == 0);
                    var form = (BetaScheduleForm)k;
                    var c = !valid && s == atBounds && k < 3 ? AtBound(g, form) : Constant(g, form, valid, v);
                    schedules[(k + s) % 4] = new BetaScheduleFormula(form, c);
                }
                questions.Add(new Question(schedules, (int)g.NextInt(20, s == atBounds ? MaxStepsAtBounds + 1 : 2001)));
            }
        }
        return questions;
    }

    /// <summary>The most steps N of the pair of questions at the bounds (so that β_{N−1} stays below 1 − 1e-3).</summary>
    private const int MaxStepsAtBounds = 60;

    /// <summary>
    /// An invalid constant at the bound, for N ∈ [20, <see cref="MaxStepsAtBounds"/>]: form 1's c·sin(n/N) and form 3's
    /// ln(1 + c·n/N) reach 1 only at n = N (β_N ≥ 1.0024, β_{N−1} ≤ 0.9989); form 2 takes the sheet's c = 1 (β₁ = 0
    /// exactly, β_n = 1 − 1/n ∈ (0, 1) for n ≥ 2).
    /// </summary>
    private static double AtBound(Generator g, BetaScheduleForm form) => form switch
    {
        BetaScheduleForm.Sine => Math.Round(1.195 + 0.005 * g.NextDouble(), 3),
        BetaScheduleForm.Logarithm => Math.Round(1.725 + 0.015 * g.NextDouble(), 3),
        _ => 1.0,
    };

    /// <summary>
    /// The classes of one form (the check's <see cref="Schedule"/>) that tell the sheet's rule from a near miss; each is
    /// drawn every run (<see cref="Draw"/>).
    /// </summary>
    private static CaseClasses<Asked> ClassesOf(BetaScheduleForm form)
    {
        static bool Valid(Asked q) => ScheduleValidityProperty.Rule(Betas(q.Schedule, q.N));
        static bool OnlyLastOut(Asked q)
        {
            var b = Betas(q.Schedule, q.N);
            return b[^1] >= 1 && ScheduleValidityProperty.Rule(b[..^1]);
        }

        return form switch
        {
            BetaScheduleForm.Sine => new(
                new CaseClass<Asked>("valid-constant", "n = 0 … N − 1 (sin 0 = 0 flags every c: mutant schedule-answer-n-from-zero)", Valid),
                new CaseClass<Asked>("invalid-constant", "the sheet's verdict (valid) whatever c is (cheat invalid-schedules-sheet-answer)", q => !Valid(q)),
                new CaseClass<Asked>("defect-only-at-last-step", "β_N left out (n = 1 … N − 1): c·sin(n/N) ≥ 1 only at n = N is taken for valid (mutant schedule-answer-last-step-not-tested)", OnlyLastOut)),
            BetaScheduleForm.OneMinusReciprocal => new(
                new CaseClass<Asked>("valid-constant", "the sheet's verdict (invalid) whatever c is (cheat invalid-schedules-sheet-answer), or n = 0 … N − 1 (1 − c/0 = −∞)", Valid),
                new CaseClass<Asked>("first-beta-exactly-zero", "β = 0 accepted (β < 0 as the only lower defect), or β₁ left out: the sheet's own schedule 2, β₁ = 1 − 1/1 = 0, taken for valid (mutant schedule-answer-accepts-beta-zero)",
                    q => Betas(q.Schedule, q.N) is var b && b[0] == 0 && ScheduleValidityProperty.Rule(b[1..]))),
            BetaScheduleForm.Logarithm => new(
                new CaseClass<Asked>("valid-constant", "n = 0 … N − 1 (ln 1 = 0 flags every c: mutant schedule-answer-n-from-zero)", Valid),
                new CaseClass<Asked>("invalid-constant", "the sheet's verdict (valid) whatever c is (cheat invalid-schedules-sheet-answer)", q => !Valid(q)),
                new CaseClass<Asked>("defect-only-at-last-step", "β_N left out (n = 1 … N − 1): ln(1 + c·n/N) ≥ 1 only at n = N is taken for valid (mutant schedule-answer-last-step-not-tested)", OnlyLastOut)),
            _ => new(
                new CaseClass<Asked>("constant-below-one", "only β_n < 1 tested: −c·cos(πn/N) stays below 1 when c < 1 and is taken for valid (mutant schedule-answer-upper-bound-only)",
                    q => q.Schedule.C < 1)),
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => ClassesOf((BetaScheduleForm)(Schedule - 1)).All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed)
    {
        var form = (BetaScheduleForm)(Schedule - 1);
        var asked = Draw(new CheckContext(_ => null, seed, "").NewGenerator(1)).Select(q => (q.Schedules.Single(s => s.Form == form), q.N));
        return ClassesOf(form).PresentIn(asked);
    }

    /// <summary>
    /// A constant c making the form valid or invalid with a margin. Form 4 is invalid for every c &gt; 0; its c is below 1
    /// in question v = 0 and above 1 in v = 1, so its last value β_N = c is not always ≥ 1 (a test of β_n &lt; 1 alone
    /// misses it in every run).
    /// </summary>
    private static double Constant(Generator g, BetaScheduleForm form, bool valid, int v)
    {
        double U(double lo, double hi) => Math.Round(lo + (hi - lo) * g.NextDouble(), 3);
        return form switch
        {
            BetaScheduleForm.Sine => valid ? U(0.3, 1.1) : U(1.3, 2.5),
            BetaScheduleForm.OneMinusReciprocal => valid ? U(0.1, 0.9) : g.NextInt(0, 3) == 0 ? 1.0 : U(1.2, 3),
            BetaScheduleForm.Logarithm => valid ? U(0.2, 1.5) : U(2, 4),
            _ => v == 0 ? U(0.3, 0.9) : U(1.1, 2),
        };
    }

    /// <summary>β_1 … β_N of a formula, evaluated by the grader in double.</summary>
    public static double[] Betas(BetaScheduleFormula schedule, int N)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var c = schedule.C;
        return Enumerable.Range(1, N).Select(n => schedule.Form switch
        {
            BetaScheduleForm.Sine => c * Math.Sin((double)n / N),
            BetaScheduleForm.OneMinusReciprocal => 1 - c / n,
            BetaScheduleForm.Logarithm => Math.Log(1 + c * n / N),
            _ => -c * Math.Cos(Math.PI * n / N),
        }).ToArray();
    }

    /// <summary>The formula as the sheet writes it, with the constant (the letter c for a NaN constant).</summary>
    public static string Formula(BetaScheduleFormula schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var c = double.IsNaN(schedule.C) ? "c" : schedule.C.ToString("0.###", CultureInfo.InvariantCulture);
        return schedule.Form switch
        {
            BetaScheduleForm.Sine => $"{c}·sin(n/N)",
            BetaScheduleForm.OneMinusReciprocal => $"1 − {c}/n",
            BetaScheduleForm.Logarithm => $"ln(1 + {c}·n/N)",
            _ => $"−{c}·cos(πn/N)",
        };
    }
}
