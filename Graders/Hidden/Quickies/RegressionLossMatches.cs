using Grader.Contracts.Quickies;
using static Grader.Checks.Hidden.Quickies.LossComparison;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (a) (i), sheet 000: the hand-in's mean squared error equals mean((ŷ − y)²) computed in double, on
/// <see cref="Calls"/> calls with shapes [n], [n, m] and [n, m, k] (2 ≤ n, m, k ≤ 9) and one drawn freely among them
/// (sizes 1 to 9), values N(0, 1) and N(0, 2²), drawn from the run's seed: every run has examples of several numbers, so
/// a mean over the batch alone (a sum over each example's numbers) fails every run; with shapes drawn freely it passed on
/// about 2 % of seeds (<see cref="CaseClasses"/>). Scale mean((ŷ − y)²) (each difference and square within 3u relative), terms = the number of
/// elements. A sum instead of a mean is named.
/// </summary>
public sealed class RegressionLossMatches() : DrawnCallsCheck<IRegressionLoss, RegressionLossMatches.RegressionCase>(
    "quickies.heidelberg.regression-loss-matches",
    Calls, $"The mean squared error matches on {Calls} calls", Draw, Classes)
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 4;

    /// <summary>One call's inputs: the shape, the predictions and the targets.</summary>
    public sealed record RegressionCase(int[] Shape, float[] Prediction, float[] Target);

    /// <summary>
    /// Call <paramref name="c"/>'s inputs. Every run has the three cases: one number per example ([n]), several per
    /// example ([n, m]) and a third axis ([n, m, k]), each size at least 2; the fourth call's shape is drawn freely.
    /// </summary>
    public static RegressionCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        int rank = c < 3 ? c + 1 : (int)g.NextInt(1, 4);
        var shape = Enumerable.Range(0, rank).Select(_ => (int)g.NextInt(c < 3 ? 2 : 1, 10)).ToArray();
        int n = shape.Aggregate(1, (a, b) => a * b);
        return new RegressionCase(shape, Normal(g, n, 1), Normal(g, n, 2));
    }

    /// <summary>The shapes that tell the mean over all elements from a mean over the examples alone.</summary>
    public static CaseClasses<RegressionCase> Classes { get; } = new(
        new CaseClass<RegressionCase>("several-numbers-per-example",
            "the squared errors summed per example and averaged over the batch (dim 0) only: equal to the mean when each example is one number",
            r => r.Shape.Length >= 2 && r.Shape.Skip(1).Aggregate(1, (a, b) => a * b) >= 2));

    protected override CheckResult? Call(HandinCall call, IRegressionLoss handin, RegressionCase drawn)
    {
        var (shape, prediction, target) = drawn;
        int n = prediction.Length;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += ((double)prediction[i] - target[i]) * ((double)prediction[i] - target[i]);
        const string what = "MeanSquaredError(prediction, target)";
        return CallAndCompare(call, what, () => handin.MeanSquaredError(tensor(prediction, shape), tensor(target, shape)), [], [sum / n], [sum / n], n,
                [new Variant([sum], "Your value is the sum of the squared errors; the mean squared error averages them over all elements.")],
                "The mean squared error is the mean over all elements of (prediction − target)².");
    }
}
