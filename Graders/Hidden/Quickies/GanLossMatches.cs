using Grader.Contracts.Quickies;
using static Grader.Checks.Hidden.Quickies.LossComparison;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (e), sheet 000, the GAN (minimax form): the hand-in's discriminator loss equals −mean log D(x) − mean
/// log(1 − D(G(z))) and its generator loss mean log(1 − D(G(z))), D = sigmoid(logit), computed in double, on
/// <see cref="Calls"/> calls with N, M ≤ 12 logits uniform on [−4, 4] drawn from the run's seed, and in each batch a
/// confident discriminator's logits, |ℓ| uniform on [6, 12]: one confidently wrong (a data point at −|ℓ|, a generated
/// sample at +|ℓ|) and, in a batch of two or more, one confidently right (<see cref="CaseClasses"/>). So a loss right only on moderate logits (one
/// that clamps them to [−5, 5] "for safety") fails both losses every run: the wrong one moves its batch mean by
/// ≥ (|ℓ| − 5)/M ≈ 1/M or more, over 30 times the tolerance below, which is at most (M + 8)·u·e^{12}/M. Scale: the mean over
/// the logits of |ℓ| + 1 + e^{|ℓ|} (the last for log(1 − sigmoid(ℓ)) taken naively, whose cancellation costs
/// u·(1 + e^ℓ)); terms = max(N, M). The non-saturating generator loss −mean log D(G(z)) is named.
/// </summary>
public sealed class GanLossMatches() : RepeatedCallsCheck<IGanLoss>(
    "quickies.heidelberg.gan-loss-matches",
    Calls, $"Both GAN losses match on {Calls} calls"), IDrawsCaseClasses
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 4;

    /// <summary>One call's inputs: the discriminator's logits on the data and on the generated samples.</summary>
    public sealed record LogitsCase(float[] Real, float[] Fake);

    /// <summary>
    /// One call's inputs: N, M ≤ 12 logits uniform on [−4, 4], and confident logits in every call, |ℓ| uniform on [6, 12]:
    /// the discriminator confidently wrong on one example of each batch (a data point at −|ℓ|, a generated one at +|ℓ|)
    /// and, where the batch has two or more, confidently right on another.
    /// </summary>
    public static LogitsCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = (int)g.NextInt(1, 13), m = (int)g.NextInt(1, 13);
        float[] real = Uniform(g, n, -4, 4), fake = Uniform(g, m, -4, 4);
        Confident(g, real, -1);
        Confident(g, fake, +1);
        return new LogitsCase(real, fake);
    }

    /// <summary>The logits that tell the losses from a loss right only on an undecided discriminator's.</summary>
    public static CaseClasses<LogitsCase> Classes { get; } = new(
        new CaseClass<LogitsCase>("confidently-wrong-logits",
            "the logits clamped to [−5, 5] before the sigmoid (\"for safety\"): right on moderate logits, off by up to |ℓ| − 5 per example on a confident discriminator's",
            l => l.Real.Any(v => v <= -6) && l.Fake.Any(v => v >= 6)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Replay(seed, Draw));

    protected override CheckResult? Call(HandinCall call, IGanLoss handin, Generator g, int c)
    {
        var (real, fake) = Draw(g, c);
        int n = real.Length, m = fake.Length;
        double realTerm = real.Average(l => Softplus(-l)), fakeTerm = fake.Average(l => Softplus(l)), fakeNonSaturating = fake.Average(l => Softplus(-l));
        double realScale = real.Average(Scale), fakeScale = fake.Average(Scale);
        const string dWhat = "DiscriminatorLoss(realLogits, fakeLogits)";
        if (CallAndCompare(call, dWhat, () => handin.DiscriminatorLoss(tensor(real, n), tensor(fake, m)), [], [realTerm + fakeTerm], [realScale + fakeScale], Math.Max(n, m), [],
                "The discriminator minimises −mean log D(x) over the data − mean log(1 − D(G(z))) over the generated samples, D = sigmoid(logit).") is { } failedD) return failedD;
        const string gWhat = "GeneratorLoss(fakeLogits)";
        return CallAndCompare(call, gWhat, () => handin.GeneratorLoss(tensor(fake, m)), [], [-fakeTerm], [fakeScale], m,
                [new Variant([fakeNonSaturating], "Your value is the non-saturating generator loss −mean log D(G(z)); the minimax game's generator minimises mean log(1 − D(G(z))).")],
                "In the minimax game the generator minimises mean log(1 − D(G(z))).");
    }

    /// <summary>Sets logits[0] to <paramref name="wrong"/>·|ℓ| and, if there are two or more, logits[1] to −<paramref name="wrong"/>·|ℓ′|, |ℓ|, |ℓ′| uniform on [6, 12] (the batch's order carries no meaning).</summary>
    private static void Confident(Generator g, float[] logits, int wrong)
    {
        logits[0] = (float)(wrong * (6 + 6 * g.NextDouble()));
        if (logits.Length > 1) logits[1] = (float)(-wrong * (6 + 6 * g.NextDouble()));
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static double Scale(float logit) => Math.Abs(logit) + 1 + Math.Exp(Math.Abs(logit));
}
