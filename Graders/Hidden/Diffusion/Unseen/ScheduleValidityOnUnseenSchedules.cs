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
/// Expected: the sheet's answer (<see cref="ScheduleValidityProperty.Rule"/>, every β_n strictly in (0, 1)),
/// computed at the run. Exact: every valid β lies in [10⁻⁵, 0.999], far inside (0, 1) even in float32, and every defect
/// stays outside (0, 1) in float32 too (the next double above 1 rounds to 1), so a correct hand-in cannot fail under any
/// seed. A hand-in that tests the bound only on schedules as short as the self-check's fails.
/// </summary>
public sealed class ScheduleValidityOnUnseenSchedules : HandinCheck<IBetaScheduleValidity>
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
