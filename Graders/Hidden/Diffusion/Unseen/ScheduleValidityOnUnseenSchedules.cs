using System.Collections.ObjectModel;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Schedules;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 002, problem 4 (b) or (c): the claim of <see cref="ScheduleValidityAgreesWithReference"/> for one kind of defect
/// (β &gt; 1 or β = 1), on schedules drawn from the check's seed and shaped like the schedules a model is trained with:
/// <see cref="Count"/> schedules of N ∈ [51, 2000] steps (longer than any the visible check sends), each linear
/// (β₁ log-uniform on [10⁻⁵, 10⁻³], β_N uniform on [0.005, 0.05]), quadratic (√β linear between the same ends) or
/// cosine (Nichol &amp; Dhariwal 2021, s = 0.008, clipped at 0.999). Half stay as drawn (valid); half carry defects of the
/// part's kind only, two schedules of each pattern:
/// <list type="bullet">
/// <item>(b): one β_n ∈ (1, 2) at a drawn n; the schedule's tail raised above 1 (a linear schedule to β_N ∈ (1, 1.5]);
/// two β_n ∈ (1, 2), so ᾱ changes sign twice and ends positive; one β_n just above 1 (the next double).</item>
/// <item>(c): β_n = 1 at a drawn inner n; β_N = 1 (the last step all noise); β₁ = 1; β_n = 1 at two drawn n.</item>
/// </list>
/// Every run, one valid schedule holds the smallest positive double (2⁻¹⁰⁷⁴) and another the largest double below 1,
/// each at a drawn n (<see cref="CaseClasses"/>): "strictly between 0 and 1" is the sheet's bound, so a test against a
/// small positive threshold, or on β rounded to float32 (where both round to an edge), fails every run.
/// Expected: the sheet's answer (<see cref="ScheduleValidityProperty.Rule"/>, every β_n strictly in (0, 1)),
/// computed at the run in double on the doubles the hand-in receives. Exact: every other valid β lies in [10⁻⁵, 0.999],
/// and every defect stays outside (0, 1) (the next double above 1 included), so a correct hand-in cannot fail under any
/// seed. A hand-in that tests the bound only on schedules as short as the self-check's fails.
/// </summary>
public sealed class ScheduleValidityOnUnseenSchedules : HandinCheck<IBetaScheduleValidity>, IDrawsCaseClasses
{
    /// <summary>Schedules per run: half valid, half with the part's defects (two of each of four patterns).</summary>
    public const int Count = 16;

    /// <summary>The fewest steps of a drawn schedule: one more than the longest the visible check generates.</summary>
    public const int MinSteps = BetaScheduleGen.MaxLength + 1;

    /// <summary>The most steps of a drawn schedule.</summary>
    public const int MaxSteps = 2000;

    private readonly ScheduleDefect _defect;

    /// <param name="defect"><see cref="ScheduleDefect.AboveOne"/> (P4 (b)) or <see cref="ScheduleDefect.EqualOne"/> (P4 (c)).</param>
    public ScheduleValidityOnUnseenSchedules(ScheduleDefect defect)
        : base(
            "diffusion.tum.schedule-validity-on-unseen-inputs" + (defect == ScheduleDefect.AboveOne ? ".beta-above-one" : ".beta-equal-one"))
    {
        if (defect is not (ScheduleDefect.AboveOne or ScheduleDefect.EqualOne))
            throw new ArgumentOutOfRangeException(nameof(defect), defect, "P4 (b) (β > 1) or P4 (c) (β = 1)");
        _defect = defect;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IBetaScheduleValidity validity)
    {
        var schedules = Draw(context.NewGenerator(1), _defect);
        foreach (var (kind, betas) in schedules)
        {
            var expected = ScheduleValidityProperty.Rule(betas);
            var what = $"IsValid(a {kind} schedule of {betas.Length} steps)";
            if (call.Run(what, () => validity.IsValid(ReadOnly(betas)), out var seen) is { } threw) return threw;
            if (seen == expected) continue;
            var schedule = new BetaScheduleCase(betas);
            var explanation = ScheduleValidityProperty.Explain(schedule);
            return call.Fail(
                $"IsValid says {Verdict(seen)} for a {kind} schedule of {betas.Length} steps; the sheet's answer is {Verdict(expected)}. {explanation} Re-read {SheetRef}",
                expected: Verdict(expected), seen: Verdict(seen))
                .Concealed($"IsValid says {Verdict(seen)} for {ScheduleValidityProperty.Describe(schedule)} ({kind}, as long as a model is trained with); the sheet's answer is {Verdict(expected)}. " +
                           $"{ScheduleValidityProperty.Explain(schedule, showPlace: false)} Re-read {SheetRef}",
                    expected: Verdict(expected), seen: Verdict(seen));
        }
        return CheckResult.Pass(Id, "IsValid agrees with the sheet on valid and invalid schedules of the length a model is trained with, drawn for this grading run.", SheetRef);
    }

    /// <summary>The schedules of one run, in a drawn order: (what kind, β₁ … β_N).</summary>
    public static IReadOnlyList<(string Kind, double[] Betas)> Draw(Generator g, ScheduleDefect defect)
    {
        ArgumentNullException.ThrowIfNull(g);
        var schedules = new List<(string, double[])>();
        for (var i = 0; i < Count / 2; i++) schedules.Add(Base(g));
        // The edges of (0, 1): the smallest positive double in one valid schedule, the largest below 1 in another.
        schedules[0].Item2[(int)g.NextInt(0, schedules[0].Item2.Length)] = double.Epsilon;
        schedules[1].Item2[(int)g.NextInt(0, schedules[1].Item2.Length)] = Math.BitDecrement(1.0);
        for (var pattern = 0; pattern < 4; pattern++)
            for (var copy = 0; copy < 2; copy++)
            {
                var (kind, betas) = Base(g);
                int N = betas.Length;
                int At(int lo, int hi) => (int)g.NextInt(lo, hi + 1);
                if (defect == ScheduleDefect.AboveOne)
                {
                    switch (pattern)
                    {
                        case 0: betas[At(0, N - 1)] = 1 + Open(g); break;
                        case 1: kind = "linear"; betas = Linear(N, LogUniform(g, 1e-5, 1e-3), 1 + 0.5 * Open(g)); break;
                        case 2:
                            var first = At(0, N - 2);
                            betas[first] = 1 + Open(g);
                            betas[At(first + 1, N - 1)] = 1 + Open(g);
                            break;
                        default: betas[At(0, N - 1)] = Math.BitIncrement(1.0); break;
                    }
                }
                else
                {
                    switch (pattern)
                    {
                        case 0: betas[At(1, N - 2)] = 1; break;
                        case 1: betas[N - 1] = 1; break;
                        case 2: betas[0] = 1; break;
                        default:
                            var first = At(0, N - 2);
                            betas[first] = 1;
                            betas[At(first + 1, N - 1)] = 1;
                            break;
                    }
                }
                schedules.Add((kind, betas));
            }

        // Shuffle (Fisher–Yates), so a schedule's place says nothing about its verdict.
        for (var i = schedules.Count - 1; i > 0; i--)
        {
            var j = (int)g.NextInt(0, i + 1);
            (schedules[i], schedules[j]) = (schedules[j], schedules[i]);
        }
        return schedules;
    }

    /// <summary>The classes every run draws: the edges of (0, 1) in valid schedules, and the defects nearest to them.</summary>
    private static CaseClasses<double[]> ClassesOf(ScheduleDefect defect)
    {
        var edges = new[]
        {
            new CaseClass<double[]>("smallest-positive-beta", "β > δ for a small δ > 0, or the test on β rounded to float32 (2⁻¹⁰⁷⁴ rounds to 0): a valid schedule judged invalid",
                b => b.Contains(double.Epsilon) && ScheduleValidityProperty.Rule(b)),
            new CaseClass<double[]>("largest-beta-below-one", "β < 1 − δ, or the test on β rounded to float32 (1 − 2⁻⁵³ rounds to 1): a valid schedule judged invalid",
                b => b.Contains(Math.BitDecrement(1.0)) && ScheduleValidityProperty.Rule(b)),
        };
        CaseClass<double[]>[] defects = defect == ScheduleDefect.AboveOne
            ? [new("beta-one-ulp-above-one", "β ≤ 1 + δ, or the test on float32 (the next double above 1 rounds to 1)", b => b.Contains(Math.BitIncrement(1.0)))]
            : [new("first-beta-one", "a test of β₂ … β_N only", b => b[0] == 1), new("last-beta-one", "a test of β₁ … β_{N−1} only", b => b[^1] == 1)];
        return new([.. edges, .. defects]);
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => ClassesOf(_defect).All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) =>
        ClassesOf(_defect).PresentIn(Draw(new CheckContext(_ => null, seed, "").NewGenerator(1), _defect).Select(s => s.Betas));

    /// <summary>A valid schedule as models are trained with: linear, quadratic or cosine, N ∈ [<see cref="MinSteps"/>, <see cref="MaxSteps"/>].</summary>
    private static (string Kind, double[] Betas) Base(Generator g)
    {
        var N = (int)g.NextInt(MinSteps, MaxSteps + 1);
        double first = LogUniform(g, 1e-5, 1e-3), last = 0.005 + 0.045 * g.NextDouble();
        return g.NextInt(0, 3) switch
        {
            0 => ("linear", Linear(N, first, last)),
            1 => ("quadratic", Linear(N, Math.Sqrt(first), Math.Sqrt(last)).Select(r => r * r).ToArray()),
            _ => ("cosine", Cosine(N)),
        };
    }

    private static double[] Linear(int N, double first, double last) =>
        Enumerable.Range(0, N).Select(i => first + (last - first) * i / (N - 1)).ToArray();

    /// <summary>β_n = min(1 − ᾱ_n/ᾱ_{n−1}, 0.999) with ᾱ(t) = cos²((t/N + s)/(1 + s)·π/2), s = 0.008.</summary>
    private static double[] Cosine(int N)
    {
        const double s = 0.008;
        double F(int n) => Math.Pow(Math.Cos(((double)n / N + s) / (1 + s) * Math.PI / 2), 2);
        return Enumerable.Range(1, N).Select(n => Math.Min(1 - F(n) / F(n - 1), 0.999)).ToArray();
    }

    /// <summary>A double in (0, 1): never 0, so 1 + Open is above 1.</summary>
    private static double Open(Generator g) => Math.Max(g.NextDouble(), 1e-6);

    private static double LogUniform(Generator g, double lo, double hi) => Math.Exp(Math.Log(lo) + (Math.Log(hi) - Math.Log(lo)) * g.NextDouble());

    private static ReadOnlyCollection<double> ReadOnly(double[] betas) => Array.AsReadOnly((double[])betas.Clone());

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";
}
