using Grader.Contracts.OdeSde;
using Grader.Remote.Training;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The grader's loss of one batch of sheet 003's SDE training (issue 79 item 1), on the grader's side of the channel
/// (<see cref="ISdeGraderLoss"/>), as <see cref="OdeGraderLoss"/> is for the ODE: −mean ELBO of the batch with the step's
/// draws (t, ε₁, ε₀, ε_t), the formula <see cref="SdeTrainingVerification.Evaluate"/> checks the hand-in's loss against,
/// carried in double from the networks' float32 values. Per row, with c = 1/B:
/// x₁ = α(y, 1) + β(y, 1)ε₁, likelihood L = −½((y − x₁)²/b² + log 2πb²); x₀ = α(y, 0) + β(y, 0)ε₀, KL = −½ε₀² − log β(y, 0)
/// + ½x₀²; x_t = α(y, t) + β(y, t)ε_t, g = ∂α/∂t + (∂β/∂t)ε_t + σ∂σ/∂x − ½σ²ε_t/β(y, t), r = f(x_t, t) − g, DM = ½r²/σ²;
/// loss = c·Σ(−L + KL + DM). The loop asks it for the points of α and β (y at t = 1, 0 and t: K = 3B rows), gives their
/// values and time partials, asks for the points of f and σ (x_t, t: M = B rows), gives their values and x-partials,
/// and takes back the loss's gradient with respect to every output it evaluated. The chain through x_t (an input the
/// loop made a leaf) is carried here: d loss/d x_t = ∂DM/∂f·∂f/∂x + ∂DM/∂σ·∂σ/∂x + ∂DM/∂(∂σ/∂x)·∂²σ/∂x², added to α(y, t)'s
/// upstream and, times ε_t, to β(y, t)'s. One instance serves one training (its batches one after the other).
/// </summary>
public sealed class SdeGraderLoss : ISdeGraderLoss
{
    private double[] _y = [], _t = [], _e1 = [], _e0 = [], _et = [];
    private double _b;
    private double[]? _posterior;

    /// <summary>The loss of the last finished batch (−mean ELBO, in double), NaN before the first.</summary>
    public double LastValue { get; private set; } = double.NaN;

    public Tensor Begin(Tensor y, Tensor draws, Tensor likelihoodStd)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(likelihoodStd);
        // The host's arguments are the hand-in's side of the channel: a batch larger than the loop allows would make the
        // grader's arrays its memory to spend.
        if (y.dim() != 2 || y.size(1) != 1 || y.size(0) < 1 || y.size(0) > SdeGraderTraining.BatchSizes.Max)
            throw new ArgumentException($"SdeGraderLoss: the batch must be [1 ≤ B ≤ {SdeGraderTraining.BatchSizes.Max}, 1], got [{string.Join(", ", y.shape)}]");
        var n = y.size(0);
        if (draws.numel() != 4L * n || likelihoodStd.numel() != 1)
            throw new ArgumentException("SdeGraderLoss: the draws must be [B, 4] (t, ε₁, ε₀, ε_t) and the likelihood's β one value.");
        _y = Values(y);
        var d = Values(draws);
        (_t, _e1, _e0, _et) = (Column(d, 0), Column(d, 1), Column(d, 2), Column(d, 3));
        _b = Values(likelihoodStd)[0];
        _posterior = null;
        var points = new float[3 * n * 2];
        for (var i = 0; i < n; i++)
        {
            (points[2 * i], points[2 * i + 1]) = ((float)_y[i], 1f);
            (points[2 * (n + i)], points[2 * (n + i) + 1]) = ((float)_y[i], 0f);
            (points[2 * (2 * n + i)], points[2 * (2 * n + i) + 1]) = ((float)_y[i], (float)_t[i]);
        }

        return tensor(points, 3 * n, 2);
    }

    public Tensor Next(Tensor posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var n = _y.Length;
        if (n == 0 || posterior.numel() != 12L * n) throw new ArgumentException("SdeGraderLoss: α, ∂α/∂t, β, ∂β/∂t must be [3B, 4] for the points Begin named.");
        _posterior = Values(posterior);
        var points = new float[2 * n];
        for (var i = 0; i < n; i++)
        {
            var (alpha, beta) = (_posterior[4 * (2 * n + i)], _posterior[4 * (2 * n + i) + 2]);
            (points[2 * i], points[2 * i + 1]) = ((float)(alpha + beta * _et[i]), (float)_t[i]);
        }

        return tensor(points, n, 2);
    }

    public Tensor Upstream(Tensor generative)
    {
        ArgumentNullException.ThrowIfNull(generative);
        var n = _y.Length;
        if (_posterior is not { } q || generative.numel() != 5L * n) throw new ArgumentException("SdeGraderLoss: f, ∂f/∂x, σ, ∂σ/∂x, ∂²σ/∂x² must be [B, 5] for the points Next named.");
        var g5 = Values(generative);
        double c = 1.0 / n, b = _b, loss = 0, db = 0;
        var up = new double[4 * 3 * n + 3 * n + 1];
        for (var i = 0; i < n; i++)
        {
            int one = 4 * i, zero = 4 * (n + i), at = 4 * (2 * n + i);
            // The likelihood term at x₁ = α(y, 1) + β(y, 1)ε₁.
            double x1 = q[one] + q[one + 2] * _e1[i], r1 = x1 - _y[i];
            loss += c * 0.5 * (r1 * r1 / (b * b) + Math.Log(2 * Math.PI * b * b));
            up[one] = c * r1 / (b * b);
            up[one + 2] = c * r1 / (b * b) * _e1[i];
            db += c * (1 / b - r1 * r1 / (b * b * b));
            // The prior (KL) term at x₀ = α(y, 0) + β(y, 0)ε₀.
            double beta0 = q[zero + 2], x0 = q[zero] + beta0 * _e0[i];
            loss += c * (-0.5 * _e0[i] * _e0[i] - Math.Log(beta0) + 0.5 * x0 * x0);
            up[zero] = c * x0;
            up[zero + 2] = c * (x0 * _e0[i] - 1 / beta0);
            // The drift matching term at x_t.
            double dAlpha = q[at + 1], betaT = q[at + 2], dBeta = q[at + 3], et = _et[i];
            double f = g5[5 * i], df = g5[5 * i + 1], s = g5[5 * i + 2], ds = g5[5 * i + 3], dds = g5[5 * i + 4];
            double g = dAlpha + dBeta * et + s * ds - 0.5 * s * s * et / betaT, r = f - g;
            loss += c * 0.5 * r * r / (s * s);
            double byF = r / (s * s), byG = -r / (s * s);
            double byS = -r * r / (s * s * s) + byG * (ds - s * et / betaT), byDs = byG * s, byBetaDirect = byG * 0.5 * s * s * et / (betaT * betaT);
            double byX = byF * df + byS * ds + byDs * dds;
            up[at] = c * byX;
            up[at + 1] = c * byG;
            up[at + 2] = c * (byX * et + byBetaDirect);
            up[at + 3] = c * byG * et;
            int gen = 12 * n + 3 * i;
            (up[gen], up[gen + 1], up[gen + 2]) = (c * byF, c * byS, c * byDs);
        }

        up[15 * n] = db;
        LastValue = loss;
        _posterior = null;
        return tensor([.. up.Select(v => (float)v)], up.Length);
    }

    private static double[] Values(Tensor t) => [.. t.detach().contiguous().ToArray().Select(v => (double)v)];

    private static double[] Column(double[] rows, int column) => [.. Enumerable.Range(0, rows.Length / 4).Select(i => rows[4 * i + column])];
}
