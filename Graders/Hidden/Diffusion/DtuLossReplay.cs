using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The grader's side of the DTU toy-data loop's loss check (issue 66): the steps <see cref="IDtuTrainingRun"/> recorded
/// (<see cref="DtuRecordedStep"/>: the batch, the draws, every network call, the values returned) replayed through the
/// REFERENCE's negative ELBO (<see cref="ReferenceDtuDdpm.NegativeElbo"/>), with a random source that gives back the
/// recorded draws and a network that gives back the recorded output of the call made at the reference's z_t and t/T.
/// The formula lives here, in Grader.Checks.Hidden, which students do not get; the loop beside the hand-in holds none.
/// </summary>
/// <remarks>
/// <para>Per recorded step, three comparisons, each with a float32 bound:</para>
/// <list type="bullet">
/// <item><b>The network's input</b>: some call of the hand-in's must have been made at the reference's
/// z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, t/T, elementwise within <see cref="InputTolerance"/>·(1 + |z|) and 1e-6 for t/T. The bound
/// covers a hand-in that forms ᾱ as a float32 cumulative product (relative error ≤ T·u/2 ≈ 3e-5 at T = 1000, and
/// 1 − ᾱ_0 = 1e-4 formed from a float32 ᾱ: 3e-4 relative, 3e-6 absolute after the square root). ᾱ one step off moves
/// z by ≥ 1e-3 on every row with 10 ≤ t ≤ 800 (√ᾱ by β_t/2 relative, √(1 − ᾱ) far more at small t): a batch of ≥ 16
/// rows holds such rows on all but a vanishing fraction of steps.</item>
/// <item><b>The values</b>: the hand-in's per-sample values against the reference's on the same ε̂, within
/// <see cref="ValueTolerance"/>·(1 + |value|): both sum d float32 squares of the same numbers (4·d·u ≈ 5e-7 for d = 2).
/// A loss scaled by any factor ≠ 1 ± 1e-5, or with an extra term, differs.</item>
/// <item><b>The gradient</b>: ∂(batch mean)/∂ε̂ the loop recorded for the calls at the reference's inputs, summed, against
/// the reference's, and every other call's ≈ 0, relative norm ≤ <see cref="GradientTolerance"/> (the same float32
/// backward of a mean of squares). A term that adds a gradient and no value (v − v.detach()) differs.</item>
/// </list>
/// </remarks>
public static class DtuLossReplay
{
    /// <summary>Bound on |z_hand-in − z_reference| / (1 + |z_reference|), elementwise (see the remarks).</summary>
    public const double InputTolerance = 1e-4;

    /// <summary>Bound on |value − reference| / (1 + |reference|), per sample, for d ≤ 20 (the toy data's d = 2).</summary>
    public const double ValueTolerance = 1e-5;

    /// <summary>
    /// The value bound for data of dimension <paramref name="d"/>: <see cref="ValueTolerance"/>, or for large d (3.5's
    /// images, d = 196) 4·(d + 2)·u with u = 2⁻²⁴: each side sums d float32 squares of float32 differences, whose
    /// rounding is at most (d − 1 + 2)·u of the sum in any summation order (a sum of non-negative terms), so the two
    /// differ by at most 2·(d + 1)·u of the value; twice that covers a hand-in computing in another order or width.
    /// ≈ 4.7e-5 at d = 196: a loss scaled by any factor ≠ 1 ± 5e-5 still differs.
    /// </summary>
    public static double ValueToleranceFor(int d) => Math.Max(ValueTolerance, 4.0 * (d + 2) * Math.Pow(2, -24));

    /// <summary>Bound on the relative norm gap of ∂loss/∂ε̂.</summary>
    public const double GradientTolerance = 1e-3;

    /// <summary>The first recorded step whose loss is not the reference's negative ELBO (the message for the student), or null with the largest relative value deviation seen.</summary>
    public static (string? Problem, double MaxValueDeviation) Verify(IReadOnlyList<DtuRecordedStep> steps, NoiseSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(schedule);
        if (steps.Count == 0) return ("the grader's loop recorded no step of your training (a grader defect).", double.NaN);
        var reference = new ReferenceDtuDdpm();
        double worst = 0;
        foreach (var step in steps.OrderBy(s => s.Step))
        {
            using var scope = memory_scope();
            var random = new ReplayedDraws(step.Draws);
            var network = new ReplayedNetwork(step.Calls);
            Tensor expected;
            try
            {
                expected = reference.NegativeElbo(step.X0.clone(), schedule, network, random);
            }
            catch (ReplayMiss miss)
            {
                return ($"{GraderTraining.OnStep(step.Step)} {miss.Message}", worst);
            }

            var tolerance = ValueToleranceFor(step.X0.dim() == 2 ? step.X0.size(1) : 1);
            var seen = step.Elbo.contiguous().ToArray();
            var want = expected.detach().contiguous().ToArray();
            if (seen.Length != want.Length) return ($"{GraderTraining.OnStep(step.Step)} NegativeElbo returned {(seen.Length < want.Length ? "fewer" : "more")} values than the batch has samples (one per sample, shape [N]).", worst);
            for (var i = 0; i < want.Length; i++)
            {
                var deviation = Math.Abs((double)seen[i] - want[i]) / (1 + Math.Abs(want[i]));
                worst = Math.Max(worst, deviation);
                if (!(deviation <= tolerance))
                    return ($"{GraderTraining.OnStep(step.Step)} your NegativeElbo gave {seen[i]:G7} for a sample where the negative ELBO of your own network's output is {want[i]:G7} (‖ε − ε̂‖² with the grader's draws; relative difference {deviation:G3} > {tolerance:G2}).", worst);
            }

            var referenceGradient = autograd.grad(expected.mean(), network.Leaf!).contiguous().ToArray();
            var (gap, other) = network.GradientGap(referenceGradient);
            if (!(gap <= GradientTolerance) || !(other <= GradientTolerance))
                return ($"{GraderTraining.OnStep(step.Step)} the gradient of your loss with respect to the network's output is not the negative ELBO's ({Math.Max(gap, other):G3} of its norm apart): the values must come from ‖ε − ε̂‖² alone, with nothing that adds a gradient.", worst);
        }

        return (null, worst);
    }

    private sealed class ReplayMiss(string message) : Exception(message);

    /// <summary>Gives back the recorded draws for the same method, range and number of values.</summary>
    private sealed class ReplayedDraws(IReadOnlyList<DtuRecordedDraw> draws) : IRandomSource
    {
        public Tensor Integers(int low, int high, int[] shape) => Find("Integers", low, high, shape);

        public Tensor Normal(int[] shape) => Find("Normal", 0, 0, shape);

        private Tensor Find(string method, int low, int high, int[] shape)
        {
            var count = shape.Aggregate(1L, (p, s) => p * s);
            var draw = draws.FirstOrDefault(d => d.Method == method && d.Low == low && d.High == high && d.Values.numel() == count)
                       ?? throw new ReplayMiss($"your NegativeElbo did not draw {(method == "Integers" ? "t as random.Integers(0, T, …)" : "ε as random.Normal(…)")} as Algorithm 1 does (one t on 0 … T − 1 and one ε of x's shape per sample): {Drew(method, low, high, count)}.");
            return tensor(draw.Values.contiguous().ToArray(), shape);
        }

        /// <summary>
        /// What the hand-in drew instead of the reference's draw, in Algorithm 1's terms: no figure of the draw (its
        /// count is the batch's size, its range T), only how the hand-in's draws differ from it.
        /// </summary>
        private string Drew(string method, int low, int high, long count)
        {
            var same = draws.Where(d => d.Method == method).ToList();
            var what = method == "Integers" ? "t" : "ε";
            if (same.Count == 0) return $"it drew no {what} from random.{method}";
            if (method == "Integers" && same.All(d => d.Low != low || d.High != high)) return "it drew t on another range than 0 … T − 1";
            var onRange = same.Where(d => d.Low == low && d.High == high).ToList();
            if (onRange.All(d => d.Values.numel() < count))
                return onRange.Any(d => d.Values.numel() == 1) ? $"it drew one {what} for the whole batch" : $"it drew fewer {what} values than the batch needs";
            return $"it drew more {what} values than the batch needs, or drew them in pieces instead of {(method == "Integers" ? "one draw of one t per sample" : "one draw of x's shape")}";
        }
    }

    /// <summary>Gives back the recorded output of the call made at the reference's inputs.</summary>
    private sealed class ReplayedNetwork(IReadOnlyList<DtuRecordedCall> calls) : IEpsilonNetwork
    {
        private readonly List<int> _matched = [];

        public Tensor? Leaf { get; private set; }

        public Tensor Forward(Tensor zt, Tensor t)
        {
            if (Leaf is not null) throw new ReplayMiss("the reference called the network twice (a grader defect).");
            var z = zt.detach().contiguous().ToArray();
            var tau = t.detach().reshape(-1).contiguous().ToArray();
            double nearest = double.PositiveInfinity;
            for (var k = 0; k < calls.Count; k++)
            {
                var c = calls[k];
                var cz = c.Zt.contiguous().ToArray();
                var ct = c.Time.contiguous().ToArray();
                if (cz.Length != z.Length || ct.Length != tau.Length) continue;
                double gap = 0;
                for (var i = 0; i < z.Length; i++) gap = Math.Max(gap, Math.Abs((double)cz[i] - z[i]) / (1 + Math.Abs(z[i])));
                var timeOk = ct.Zip(tau).All(p => Math.Abs((double)p.First - p.Second) <= 1e-6);
                if (timeOk) nearest = Math.Min(nearest, gap);
                if (timeOk && gap <= InputTolerance) _matched.Add(k);
            }

            if (_matched.Count == 0)
                throw new ReplayMiss(calls.Count == 0
                    ? "your NegativeElbo did not call the network."
                    : double.IsPositiveInfinity(nearest)
                        ? "your NegativeElbo did not call the network with t/T for the grader's t (the network takes t/T, shape [N, 1])."
                        : $"your NegativeElbo called the network at inputs up to {nearest:G3} (relative) away from z_t = √ᾱ_t x + √(1 − ᾱ_t) ε for the grader's x, t and ε (ᾱ_t = ∏_{{s ≤ t}} (1 − β_s), the code index t included).");
            Leaf = calls[_matched[0]].EpsilonHat.contiguous().clone().requires_grad_(true);
            return Leaf;
        }

        /// <summary>The relative gap of the matched calls' summed ∂loss/∂ε̂ from the reference's, and the other calls' norm relative to it.</summary>
        public (double Gap, double Other) GradientGap(float[] reference)
        {
            double norm = reference.Sum(v => (double)v * v), diff = 0, other = 0;
            var sum = new double[reference.Length];
            for (var k = 0; k < calls.Count; k++)
            {
                var g = calls[k].LossGradient.contiguous().ToArray();
                if (_matched.Contains(k))
                    for (var i = 0; i < sum.Length; i++) sum[i] += g[i];
                else
                    other += g.Sum(v => (double)v * v);
            }

            for (var i = 0; i < sum.Length; i++) diff += (sum[i] - reference[i]) * (sum[i] - reference[i]);
            return norm == 0 ? (diff == 0 ? 0 : double.PositiveInfinity, other == 0 ? 0 : double.PositiveInfinity) : (Math.Sqrt(diff / norm), Math.Sqrt(other / norm));
        }
    }
}
