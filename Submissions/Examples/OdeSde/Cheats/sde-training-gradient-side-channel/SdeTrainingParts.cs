using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// CHEAT (issue 79, a gradient side channel below the tolerance, sheet 003 2.3): a model far too weak to learn the data
/// (the static-memory cheat's: f(x, t) = c, σ a constant, α(y, t) = t·y, β(y, t) = t·b + (1 − t)) plus 54 histogram
/// logits h (bins of 0.5 on [−13.25, 13.25]) and a gate, parameters the weak model never reads. The loss's value is
/// exactly the sheet's negative ELBO of the model's outputs, plus q − q.detach(), a term of value zero whose gradient is
/// s·(π_j − n_j/B) on h_j (π = softmax(4h), n_j the batch's points in bin j; s sets the term's norm to 10⁻⁴ of the honest
/// gradient's) and −10⁻⁴ (less the weight decay's share) on the gate. The formula's gradient never reaches h or the gate; Adam scales each coordinate by its
/// own gradient size, so when the HAND-IN's loss steps the optimiser, h climbs to the batches' log frequencies and the
/// gate by exactly the learning rate a step. Once the gate passes <see cref="Open"/> (the last 6 of 800 steps at the
/// learning rate 3e-3, so a recorded step the replay differentiates rarely falls after it) all four networks answer with the monotone transport from N(0, 1) to the histogram mixture
/// Σ_j π_j N(c_j, 0.6²) (the static-memory cheat's closed form: straight-path drift, σ = 0.01, the posterior along the
/// path), a density of the training data learnt through a side channel 10⁻⁴ of the honest gradient (the replay allows
/// 0.05, the exact-gradient comparison since issue 79 1e-3). No state outside the parameters: a fresh model, a fresh
/// host answer alike. Since issue 79 the grader's loss steps Adam: h and the gate never move and the weak model is graded.
/// </summary>
public sealed class SdeTrainingParts : ISdeTrainingParts
{
    private static readonly float LogTwoPi = (float)Math.Log(2 * Math.PI);

    /// <summary>The gate's value from which the closed form answers.</summary>
    public const float Open = 2.38f;

    public ITrainableSdeModel Model(Generator generator) => new WeakModel();

    public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise)
    {
        var own = (WeakModel)model;
        int n = y.size(0);
        Tensor t = noise.Times([n, 1]);
        // The honest ELBO on the weak model's graph (its gradient sizes the side channel), and the formula on the networks'
        // outputs as the grader reads them: the weak model's own while the gate is closed, the closed form's after.
        Tensor honest = -Elbo(own, y, t, noise).mean();
        Tensor formula = own.IsOpen ? -OpenElbo(own, y, t, noise).mean() + 0f * honest : honest;
        var counts = new float[WeakModel.Bins];
        foreach (var v in y.detach().contiguous().ToArray())
        {
            var j = (int)Math.Round((v - WeakModel.Low) / WeakModel.Width);
            if (j >= 0 && j < WeakModel.Bins) counts[j] += 1f / n;
        }

        var weights = own.Weights().ToArray();
        var direction = new float[WeakModel.Bins];
        for (var j = 0; j < WeakModel.Bins; j++) direction[j] = (float)weights[j] - counts[j];
        var honestNorm = Math.Sqrt(torch.autograd.grad([honest], [own.LogBeta, own.Shift, own.Rho], allow_unused: true)
            .Sum(g => g is null ? 0 : g.detach().pow(2).sum().item()));
        var size = (float)(1e-4 * honestNorm / Math.Sqrt(direction.Sum(c => (double)c * c) + 1e-30));
        // The gate's gradient, after Adam's weight decay adds 1e-6·gate, is exactly −1e-4 every step: Adam then steps it by
        // exactly the learning rate, so it passes Open on step 794 of 800 (3e-3 a step).
        var gateValue = own.GateValue.detach().contiguous().ToArray()[0];
        var q = (own.Heights * tensor(direction, WeakModel.Bins)).sum() * size - own.GateValue.sum() * (1e-4f + 1e-6f * gateValue);
        return formula + (q - q.detach());
    }

    /// <summary>The grader's largest learning rate: the gate opens near the end of 800 steps.</summary>
    public TrainingSettings Settings() => new(3e-3, 125);

    /// <summary>The notebook's ELBO of each point of the batch, on the weak model's autograd values (as the Correct example's).</summary>
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

    /// <summary>The same ELBO on the networks' answers and reported partials (the closed form's, no graph).</summary>
    private static Tensor OpenElbo(WeakModel model, Tensor y, Tensor t, IElboNoiseSource noise)
    {
        int n = y.size(0);
        int[] shape = [n, 1];
        float b = (float)model.LikelihoodStd;
        Tensor one = ones_like(y), zero = zeros_like(y);
        Tensor x1 = model.Alpha.Forward(y, one) + model.Beta.Forward(y, one) * noise.NoiseAtOne(shape);
        Tensor likelihood = ((y - x1).pow(2) / (b * b) + (float)Math.Log(b * b) + LogTwoPi) * -0.5f;
        Tensor alpha0 = model.Alpha.Forward(y, zero), beta0 = model.Beta.Forward(y, zero);
        Tensor e0 = noise.NoiseAtZero(shape);
        Tensor x0 = alpha0 + beta0 * e0;
        Tensor kl = e0.pow(2) * -0.5f - beta0.log() + x0 * x0 * 0.5f;
        Tensor alphaT = model.Alpha.Forward(y, t), betaT = model.Beta.Forward(y, t);
        Tensor et = noise.NoiseAtTime(shape);
        Tensor xt = alphaT + betaT * et;
        Tensor sigma = model.Diffusion.Forward(xt, t);
        Tensor g = model.Alpha.PartialT(y, t) + model.Beta.PartialT(y, t) * et + sigma * model.Diffusion.PartialX(xt, t) - sigma * sigma * 0.5f * et / betaT;
        Tensor driftMatching = (model.Drift.Forward(xt, t) - g).pow(2) / (sigma * sigma) * 0.5f;
        return (likelihood - kl - driftMatching).detach();
    }

    /// <summary>The weak model (c, ρ, log b) and the parameters it never reads while the gate is closed (the histogram's logits, the gate).</summary>
    private sealed class WeakModel : Module, ITrainableSdeModel
    {
        public const int Bins = 54;
        public const float Low = -13.25f, Width = 0.5f, Kernel = 0.6f;

        public WeakModel()
        {
            LogBeta = register_parameter("log_beta", tensor([(float)Math.Log(0.1)], 1));
            Shift = register_parameter("shift", tensor([0f], 1));
            Rho = register_parameter("rho", tensor([0f], 1));
            Heights = register_parameter("heights", zeros(Bins));
            GateValue = register_parameter("gate", zeros(1));
            F = new Network(this, Kind.Drift);
            SigmaNet = new Network(this, Kind.Diffusion);
            AlphaNet = new Network(this, Kind.Alpha);
            BetaNet = new Network(this, Kind.Beta);
        }

        public Tensor LogBeta { get; }

        public Tensor Shift { get; }

        public Tensor Rho { get; }

        public Tensor Heights { get; }

        public Tensor GateValue { get; }

        public Network F { get; }

        public Network SigmaNet { get; }

        public Network AlphaNet { get; }

        public Network BetaNet { get; }

        /// <summary>Whether the gate is open (read from its value, no graph).</summary>
        public bool IsOpen => GateValue.detach().contiguous().ToArray()[0] > Open;

        /// <summary>π = softmax(4h), the histogram's weights (values): Adam moves h by at most the learning rate a step, so the factor 4 lets 800 steps span the log frequencies.</summary>
        public double[] Weights()
        {
            var h = Heights.detach().contiguous().ToArray();
            var max = h.Max();
            var e = h.Select(v => Math.Exp(4 * (v - max))).ToArray();
            var sum = e.Sum();
            return [.. e.Select(v => v / sum)];
        }

        /// <summary>The closed form of the histogram mixture, built from the current values.</summary>
        public Transport Closed() => new([.. Enumerable.Range(0, Bins).Select(j => (double)(Low + j * Width))], Weights(), Kernel);

        public Tensor LikelihoodBeta() => LogBeta.exp();

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public IDifferentiableNetwork Drift => F;

        public IDifferentiableNetwork Diffusion => SigmaNet;

        public IDifferentiableNetwork Alpha => AlphaNet;

        public IDifferentiableNetwork Beta => BetaNet;

        /// <summary>The likelihood's β: the weak model's b, or the closed form's 0.1 with the gate open (b drifts at the learning rate 3e-3).</summary>
        public double LikelihoodStd
        {
            get
            {
                if (IsOpen) return 0.1;
                using var _ = no_grad();
                return LikelihoodBeta().item();
            }
        }
    }

    private enum Kind { Drift, Diffusion, Alpha, Beta }

    /// <summary>One of the four networks: the weak model's value (on the autograd graph) or, with the gate open, the closed form.</summary>
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

        public Tensor Forward(Tensor x, Tensor t) => model.IsOpen ? Closed(x, t, 0) + 0f * Value(x, t) : Value(x, t);

        public Tensor PartialX(Tensor x, Tensor t)
        {
            if (model.IsOpen) return Closed(x, t, 1);
            return kind == Kind.Alpha ? t.detach().clone() : zeros_like(x);
        }

        public Tensor PartialT(Tensor x, Tensor t)
        {
            if (model.IsOpen) return Closed(x, t, 2);
            using var _ = no_grad();
            return kind switch
            {
                Kind.Alpha => x.detach().clone(),
                Kind.Beta => (model.LikelihoodBeta() - 1) * ones_like(x),
                _ => zeros_like(x),
            };
        }

        /// <summary>The closed form's value (0), ∂/∂x (1) or ∂/∂t (2) at every row.</summary>
        private Tensor Closed(Tensor x, Tensor t, int what)
        {
            var transport = model.Closed();
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
    /// The monotone transport T from N(0, 1) to the histogram mixture q(y) = Σ_j w_j N(y; c_j, h²),
    /// as a table over y (step 1/256): a(y) = Φ⁻¹(Q(y)) (Q the density's distribution function, so T(a(y)) = y) and
    /// log T′(a)⁻¹ = log q(y) − log φ(a(y)). Straight paths x_t = (1 − t)a + t·T(a) never cross (T is increasing), so
    /// the velocity field f(x, t) = T(a) − a is well defined and carries N(0, 1) at t = 0 to q at t = 1.
    /// </summary>
    private sealed class Transport
    {
        private const double Step = 1.0 / 256, Sigma = 0.01;

        private readonly double _from;
        private readonly double[] _y, _a, _logRatio;

        public Transport(double[] memory, double[] weights, double h)
        {
            _from = memory.Min() - 30 * h;
            int nodes = (int)Math.Ceiling((memory.Max() + 30 * h - _from) / Step) + 1;
            _y = new double[nodes];
            _a = new double[nodes];
            _logRatio = new double[nodes];
            double logNorm = Math.Log(h * Math.Sqrt(2 * Math.PI));
            for (int i = 0; i < nodes; i++)
            {
                double y = _from + i * Step, max = double.NegativeInfinity, lower = 0;
                foreach (var c in memory) max = Math.Max(max, -(y - c) * (y - c) / (2 * h * h));
                double sum = 0;
                for (int j = 0; j < memory.Length; j++)
                {
                    double z = (y - memory[j]) / h;
                    sum += weights[j] * Math.Exp(-z * z / 2 - max);
                    lower += weights[j] * 0.5 * Erfc(-z / Math.Sqrt(2));
                }
                double a;
                if (lower < 0.5) a = InverseNormal(Math.Max(lower, 1e-300));
                else
                {
                    double upper = 0;
                    for (int j = 0; j < memory.Length; j++) upper += weights[j] * 0.5 * Erfc((y - memory[j]) / h / Math.Sqrt(2));
                    a = -InverseNormal(Math.Max(upper, 1e-300));
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
