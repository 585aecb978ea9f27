using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Checks.Hidden.Quickies.LossComparison;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (e), sheet 000, the GAN (minimax form): the hand-in's discriminator loss equals −mean log D(x) − mean
/// log(1 − D(G(z))) and its generator loss mean log(1 − D(G(z))), D = sigmoid(logit), computed in double, on
/// <see cref="Calls"/> calls with N, M ≤ 12 logits uniform on [−4, 4] drawn from the run's seed. Scale: the mean over
/// the logits of |ℓ| + 1 + e^{|ℓ|} (the last for log(1 − sigmoid(ℓ)) taken naively, whose cancellation costs
/// u·(1 + e^ℓ)); terms = max(N, M). The non-saturating generator loss −mean log D(G(z)) is named.
/// </summary>
public sealed class GanLossMatches : ICheck
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 4;

    public string Id => "quickies.heidelberg.gan-loss-matches";

    public string SheetRef => "sheet 000, quickie 3 (e): the GAN's losses in their most basic form (the minimax game)";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IGanLoss>(context, out var handin) is { } unresolved) return unresolved;
        var g = context.NewGenerator();
        for (int c = 0; c < Calls; c++)
        {
            int n = (int)g.NextInt(1, 13), m = (int)g.NextInt(1, 13);
            float[] real = Uniform(g, n, -4, 4), fake = Uniform(g, m, -4, 4);
            double realTerm = real.Average(l => Softplus(-l)), fakeTerm = fake.Average(l => Softplus(l)), fakeNonSaturating = fake.Average(l => Softplus(-l));
            double realScale = real.Average(Scale), fakeScale = fake.Average(Scale);
            const string dWhat = "DiscriminatorLoss(realLogits, fakeLogits)";
            if (call.Run(dWhat, () => handin.DiscriminatorLoss(tensor(real, n), tensor(fake, m)), out var dLoss) is { } threwD) return threwD;
            if (Compare(call, dWhat, dLoss, [], [realTerm + fakeTerm], [realScale + fakeScale], Math.Max(n, m), [],
                    "The discriminator minimises −mean log D(x) over the data − mean log(1 − D(G(z))) over the generated samples, D = sigmoid(logit).") is { } failedD) return failedD;
            const string gWhat = "GeneratorLoss(fakeLogits)";
            if (call.Run(gWhat, () => handin.GeneratorLoss(tensor(fake, m)), out var gLoss) is { } threwG) return threwG;
            if (Compare(call, gWhat, gLoss, [], [-fakeTerm], [fakeScale], m,
                    [new Variant([fakeNonSaturating], "Your value is the non-saturating generator loss −mean log D(G(z)); the minimax game's generator minimises mean log(1 − D(G(z))).")],
                    "In the minimax game the generator minimises mean log(1 − D(G(z))).") is { } failedG) return failedG;
        }
        return CheckResult.Pass(Id, $"Both GAN losses match on {Calls} calls", SheetRef);
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static double Scale(float logit) => Math.Abs(logit) + 1 + Math.Exp(Math.Abs(logit));
}
