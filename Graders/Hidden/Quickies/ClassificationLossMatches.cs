using Grader.Contracts.Quickies;
using static Grader.Checks.Hidden.Quickies.LossComparison;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (a) (ii), sheet 000: the hand-in's cross-entropy from logits equals mean_n[log Σ_k exp(z_nk) − z_n,yₙ]
/// computed in double, on <see cref="Calls"/> calls with N ≤ 12 examples, K ≤ 10 classes (K ≥ 2), logits N(0, 2²) and
/// random targets drawn from the run's seed; in every run one call has an example whose logits are all shifted up by
/// 120 … 1000 (beyond float32's e^x, which overflows above 88.7: a log-softmax without its max shift gives ∞ or NaN)
/// and one call an example whose target logit lies 110 … 300 below its row's max (its softmax underflows to 0 in
/// float32: log(softmax(z)) taken in two steps gives −∞) — <see cref="CaseClasses"/>. Scale mean_n(max_k|z_nk| + |z_n,yₙ| + K) (the shift and sum of log-sum-exp,
/// or softmax then log with its K-term normaliser), terms = max(N, K). The softmax over the examples (dim 0) is named.
/// </summary>
public sealed class ClassificationLossMatches() : DrawnCallsCheck<IClassificationLoss, ClassificationLossMatches.LogitsCase>(
    "quickies.heidelberg.classification-loss-matches",
    Calls, $"The cross-entropy matches on {Calls} calls", Draw, Classes)
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 4;

    /// <summary>One call's inputs: logits [N, K] row-major and the targets.</summary>
    public sealed record LogitsCase(int N, int K, float[] Logits, int[] Targets);

    /// <summary>Call <paramref name="c"/>'s inputs: call 0 has an example with every logit beyond e^x's float32 range, call 1 one whose target's softmax underflows.</summary>
    public static LogitsCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = (int)g.NextInt(2, 13), k = (int)g.NextInt(2, 11);
        var logits = Normal(g, n * k, 2);
        var targets = Enumerable.Range(0, n).Select(_ => (int)g.NextInt(0, k)).ToArray();
        int row = (int)g.NextInt(0, n);
        if (c == 0)
        {
            var shift = (float)(120 + 880 * g.NextDouble());
            for (int j = 0; j < k; j++) logits[row * k + j] += shift;
        }
        else if (c == 1)
        {
            var max = Enumerable.Range(0, k).Max(j => logits[row * k + j]);
            logits[row * k + targets[row]] = (float)(max - (110 + 190 * g.NextDouble()));
        }
        return new LogitsCase(n, k, logits, targets);
    }

    /// <summary>e^x overflows float32 above ln(float.MaxValue) ≈ 88.72 and underflows to 0 below ≈ −103.97.</summary>
    public static CaseClasses<LogitsCase> Classes { get; } = new(
        new CaseClass<LogitsCase>("logits-beyond-float-exp", "log Σ_k exp(z_k) without subtracting the max first: exp overflows to ∞ and the loss is ∞ or NaN",
            d => Enumerable.Range(0, d.N).Any(i => Enumerable.Range(0, d.K).All(j => d.Logits[i * d.K + j] > 88.8f))),
        new CaseClass<LogitsCase>("target-softmax-underflows", "log(softmax(z)[y]) in two steps: the softmax underflows to 0 and its log is −∞",
            d => Enumerable.Range(0, d.N).Any(i => Enumerable.Range(0, d.K).Max(j => d.Logits[i * d.K + j]) - d.Logits[i * d.K + d.Targets[i]] > 104)));

    protected override CheckResult? Call(HandinCall call, IClassificationLoss handin, LogitsCase drawn)
    {
        var (n, k, logits, targets) = drawn;
        double loss = 0, scale = 0, wrongAxis = 0;
        for (int i = 0; i < n; i++)
        {
            loss += LogSumExp(Enumerable.Range(0, k).Select(j => (double)logits[i * k + j])) - logits[i * k + targets[i]];
            wrongAxis += LogSumExp(Enumerable.Range(0, n).Select(r => (double)logits[r * k + targets[i]])) - logits[i * k + targets[i]];
            scale += Enumerable.Range(0, k).Max(j => Math.Abs(logits[i * k + j])) + Math.Abs(logits[i * k + targets[i]]) + k;
        }
        const string what = "CrossEntropy(logits, targets)";
        return CallAndCompare(call, what, () => handin.CrossEntropy(tensor(logits, n, k), targets), [], [loss / n], [scale / n], Math.Max(n, k),
                [new Variant([wrongAxis / n], "Your value is the cross-entropy with the softmax taken over the examples; each example's class probabilities are a softmax over its K logits.")],
                "The cross-entropy averages −log softmax(logits)[target] over the examples.");
    }

    private static double LogSumExp(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var max = v.Max();
        return max + Math.Log(v.Sum(x => Math.Exp(x - max)));
    }
}
