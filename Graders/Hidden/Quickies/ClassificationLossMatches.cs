using Grader.Contracts.Quickies;
using static Grader.Checks.Hidden.Quickies.LossComparison;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (a) (ii), sheet 000: the hand-in's cross-entropy from logits equals mean_n[log Σ_k exp(z_nk) − z_n,yₙ]
/// computed in double, on <see cref="Calls"/> calls with N ≤ 12 examples, K ≤ 10 classes (K ≥ 2), logits N(0, 2²) and
/// random targets drawn from the run's seed. Scale mean_n(max_k|z_nk| + |z_n,yₙ| + K) (the shift and sum of log-sum-exp,
/// or softmax then log with its K-term normaliser), terms = max(N, K). The softmax over the examples (dim 0) is named.
/// </summary>
public sealed class ClassificationLossMatches() : RepeatedCallsCheck<IClassificationLoss>(
    "quickies.heidelberg.classification-loss-matches",
    Calls, $"The cross-entropy matches on {Calls} calls")
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 4;

    protected override CheckResult? Call(HandinCall call, IClassificationLoss handin, Generator g, int c)
    {
        int n = (int)g.NextInt(2, 13), k = (int)g.NextInt(2, 11);
        var logits = Normal(g, n * k, 2);
        var targets = Enumerable.Range(0, n).Select(_ => (int)g.NextInt(0, k)).ToArray();
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
