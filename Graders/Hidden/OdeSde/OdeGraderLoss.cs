using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The grader's loss of one batch of sheet 003's ODE training (issue 79 item 1), on the grader's side of the channel
/// (<see cref="IOdeGraderLoss"/>): −mean log p(y), log p(y) = log N(x₀; 0, 1) − ∫₀¹ ∂f/∂x dt, by Euler backwards from
/// t = 1 on <c>linspace(0, 1, 100)</c> — the formula <see cref="OdeTrainingVerification.Evaluate"/> checks the hand-in's
/// loss against — with the state, the trace and the adjoint carried in double from the drift's float32 values. The
/// loop in the host asks it for each call's (x, t) and gives it (f, ∂f/∂x, ∂²f/∂x²); after the 99 calls it returns the
/// discrete adjoint: with λ = d loss/d x, λ at x₀ is x₀/B, and backwards over the calls k (input x_k, next state
/// x_k − h·f_k) the upstream of f_k is −h·λ(x_k − h f_k), that of ∂f/∂x_k is h/B, and λ(x_k) = λ(x_k − h f_k)·(1 − h·∂f/∂x_k)
/// + (h/B)·∂²f/∂x²_k. One instance serves one training (its batches one after the other).
/// </summary>
public sealed class OdeGraderLoss : IOdeGraderLoss
{
    private const int Steps = OdeTrainingVerification.TimePoints - 1;
    private const double H = 1.0 / Steps;

    private double[] _x = [];
    private readonly List<(double[] F, double[] D, double[] Dd)> _calls = [];

    /// <summary>The loss of the last finished batch (−mean log p, in double), NaN before the first.</summary>
    public double LastValue { get; private set; } = double.NaN;

    public Tensor Begin(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        // The host's arguments are the hand-in's side of the channel: a batch larger than the loop allows would make the
        // record of the calls and the upstream gradients (99 rows of B each) the grader's memory to spend.
        if (y.dim() != 2 || y.size(1) != 1 || y.size(0) < 1 || y.size(0) > OdeGraderTraining.BatchSizes.Max)
            throw new ArgumentException($"OdeGraderLoss: the batch must be [1 ≤ B ≤ {OdeGraderTraining.BatchSizes.Max}, 1], got [{string.Join(", ", y.shape)}]");
        _x = [.. y.detach().contiguous().ToArray().Select(v => (double)v)];
        _calls.Clear();
        return Call(Steps);
    }

    public Tensor Next(Tensor outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var b = _x.Length;
        if (_calls.Count >= Steps || outputs.numel() != 3L * b) throw new ArgumentException("OdeGraderLoss: the call's outputs must be [B, 3] for a call that was asked for.");
        var v = outputs.detach().contiguous().ToArray();
        var (f, d, dd) = (new double[b], new double[b], new double[b]);
        for (var i = 0; i < b; i++)
        {
            (f[i], d[i], dd[i]) = (v[3 * i], v[3 * i + 1], v[3 * i + 2]);
            _x[i] -= H * f[i];
        }

        _calls.Add((f, d, dd));
        if (_calls.Count < Steps) return Call(Steps - _calls.Count);
        var loss = 0.0;
        for (var i = 0; i < b; i++)
        {
            var trace = _calls.Sum(c => c.D[i]) * H;
            loss += (0.5 * _x[i] * _x[i] + 0.5 * Math.Log(2 * Math.PI) + trace) / b;
        }

        LastValue = loss;
        return zeros([0, 2]);
    }

    public Tensor Upstream()
    {
        var b = _x.Length;
        if (_calls.Count != Steps) throw new InvalidOperationException("OdeGraderLoss: Upstream before the batch's last call.");
        var lambda = _x.Select(x0 => x0 / b).ToArray();
        var upstream = new float[Steps * b * 2];
        for (var k = Steps - 1; k >= 0; k--)
        {
            var (_, d, dd) = _calls[k];
            for (var i = 0; i < b; i++)
            {
                upstream[(k * b + i) * 2] = (float)(-H * lambda[i]);
                upstream[(k * b + i) * 2 + 1] = (float)(H / b);
                lambda[i] = lambda[i] * (1 - H * d[i]) + H / b * dd[i];
            }
        }

        return tensor(upstream, Steps, b, 2);
    }

    /// <summary>The inputs of the call at grid index <paramref name="k"/> (t = k/99): the current state and the time, [B, 2].</summary>
    private Tensor Call(int k)
    {
        var b = _x.Length;
        var t = k == Steps ? 1f : (float)((double)k / Steps);
        var inputs = new float[2 * b];
        for (var i = 0; i < b; i++) (inputs[2 * i], inputs[2 * i + 1]) = ((float)_x[i], t);
        return tensor(inputs, b, 2);
    }
}
