using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Cheat (a closed form of the law the sheet prints, for the SDE): the Correct example's loss (the sheet's negative ELBO,
/// unchanged) on a model that is not four networks but the exact solution for the printed mixture y ~ Σ w_k N(m_k, 2),
/// m_k = −8, −4, 0, 4, 8 (the Laplace's variance 2), with one parameter, the weights' tilt s (w_k ∝ exp(s·(k − 2))),
/// trained honestly by the grader's loop on the grader's loss. The construction (a linear-Gaussian forward process, whose
/// posterior of y given x_t is closed form for a Gaussian mixture):
/// <list type="bullet">
/// <item>the posterior path: x₁ = y + b·n and, backwards from t = 1, an Ornstein–Uhlenbeck noising with rate γ, so
/// x_t | y ~ N(a_t·y, β_t²), a_t = exp(−γ(1 − t)/2), β_t² = 1 − a_t²(1 − b²): α(y, t) = a_t·y, β(y, t) = β_t (β(y, 1) = b,
/// the likelihood's β, whose own parameter starts there; at t = 0 nearly N(0, 1), the prior);</item>
/// <item>σ = √γ, and f(x, t) = E[g_y(x, t) | x_t = x], the posterior path's drift g_y = ȧ_t·y + k_t·(x − a_t·y),
/// k_t = β̇_t/β_t − ½γ/β_t², averaged over y given x_t under the printed mixture (with c = 2 − 2b² so that y's law is the
/// printed one): a posterior-weighted sum of affine maps. The path law of x is then Markov (y reaches it through x₁
/// only), so the generative SDE from N(0, 1) is the posterior's time reversal and the ELBO is log p(y) of the printed
/// mixture up to b²/c and the start's e^(−γ) terms.</item>
/// </list>
/// No state (nothing written after the constructor), no side channel, partials by autograd: a pure function of its one
/// parameter and its inputs, so it crosses to the fresh host unchanged.
/// </summary>
public sealed class SdeTrainingParts : ISdeTrainingParts
{
    private static readonly float LogTwoPi = (float)Math.Log(2 * Math.PI);

    public ITrainableSdeModel Model(Generator generator) => new SdeNetworks(generator);

    public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise) => -Elbo((SdeNetworks)model, y, noise).mean();

    public TrainingSettings Settings() => new(3e-3, 125);

    /// <summary>
    /// The notebook's <c>training_loop_sde</c> over these parts, to run and plot at home (the grader runs its own, the same
    /// way): Adam (weight decay 1e−6), shuffled epochs in batches of the settings' size, fresh t and ε every step.
    /// </summary>
    public static (ITrainableSdeModel Model, List<double> Losses) TrainAtHome(Tensor data, int steps, Generator generator)
    {
        var parts = new SdeTrainingParts();
        var settings = parts.Settings();
        var model = parts.Model(generator);
        var optimizer = torch.optim.Adam(model.Parameters(), settings.LearningRate, weight_decay: 1e-6);
        var losses = new List<double>();
        int n = data.size(0);
        int[] order = [];
        int position = 0;
        using var grad = enable_grad();
        for (int step = 0; step < steps; step++)
        {
            if (position >= order.Length)
            {
                order = generator.Permutation(n);
                position = 0;
            }
            int take = Math.Min(settings.BatchSize, n - position);
            Tensor y = data.index_select(0, order.AsSpan(position, take).ToArray());
            position += take;

            optimizer.zero_grad();
            Tensor loss = parts.Loss(model, y, new KeyedElboNoise(generator.NextUInt64()));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }
        return (model, losses);
    }

    private static Tensor Elbo(SdeNetworks model, Tensor y, IElboNoiseSource noise)
    {
        int n = y.size(0);
        int[] shape = [n, 1];
        Tensor t = noise.Times(shape);
        Tensor b = model.LikelihoodBeta();

        Tensor one = ones_like(y);
        Tensor x1 = model.AlphaNet.Value(y, one) + model.BetaNet.Value(y, one) * noise.NoiseAtOne(shape);
        Tensor likelihood = ((y - x1).pow(2) / (b * b) + (b * b).log() + LogTwoPi) * -0.5f;

        Tensor zero = zeros_like(y);
        Tensor alpha0 = model.AlphaNet.Value(y, zero);
        Tensor beta0 = model.BetaNet.Value(y, zero);
        Tensor x0 = alpha0 + beta0 * noise.NoiseAtZero(shape);
        Tensor kl = ((x0 - alpha0) / beta0).pow(2) * -0.5f - (beta0 * beta0).log() * 0.5f + x0 * x0 * 0.5f;

        Tensor time = t.requires_grad_();
        Tensor alphaT = model.AlphaNet.Value(y, time);
        Tensor betaT = model.BetaNet.Value(y, time);
        Tensor dAlpha = torch.autograd.grad([alphaT], [time], [ones_like(alphaT)], create_graph: true)[0]!;
        Tensor dBeta = torch.autograd.grad([betaT], [time], [ones_like(betaT)], create_graph: true)[0]!;
        Tensor xt = alphaT + betaT * noise.NoiseAtTime(shape);
        Tensor sigma = model.Sigma.Value(xt, time);
        Tensor dSigma = torch.autograd.grad([sigma], [xt], [ones_like(sigma)], create_graph: true)[0]!;
        Tensor g = dAlpha + dBeta * (xt - alphaT) / betaT + sigma * dSigma - sigma * sigma * 0.5f * (xt - alphaT) / (betaT * betaT);
        Tensor driftMatching = (model.F.Value(xt, time) - g).pow(2) / (sigma * sigma) * 0.5f;
        return likelihood - kl - driftMatching;
    }

    /// <summary>The closed form's four networks and its likelihood β (a constant), as the grader trains and evaluates them.</summary>
    private sealed class SdeNetworks : Module, ITrainableSdeModel
    {
        /// <summary>The noising rate γ (σ² of the SDE) and the β the paths are built with (the likelihood's β starts there,
        /// where its own gradient is zero in expectation; b²/γ ≈ 2.6 of the grader's grid steps in t keeps β(y, t) smooth on it).</summary>
        public const float Gamma = 6f, B = 0.35f;

        private readonly Tensor _tilt;
        private readonly Tensor _logBeta;

        public SdeNetworks(Generator generator)
        {
            _tilt = register_parameter("tilt", zeros(1, 1));
            // The likelihood's β, B at first, trained with the tilt by the grader's loop.
            _logBeta = register_parameter("log_beta", tensor([(float)Math.Log(B)], 1));
            F = new ClosedForm(this, Role.Drift);
            Sigma = new ClosedForm(this, Role.Diffusion);
            AlphaNet = new ClosedForm(this, Role.Alpha);
            BetaNet = new ClosedForm(this, Role.Beta);
        }

        public ClosedForm F { get; }

        public ClosedForm Sigma { get; }

        public ClosedForm AlphaNet { get; }

        public ClosedForm BetaNet { get; }

        public Tensor LikelihoodBeta() => _logBeta.exp();

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public IDifferentiableNetwork Drift => F;

        public IDifferentiableNetwork Diffusion => Sigma;

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

        /// <summary>The printed mixture's log-weights, [1, 5], from the tilt.</summary>
        public Tensor LogWeights() => (_tilt * Offsets()).log_softmax(1);

        public static Tensor Offsets() => tensor(new float[] { -2, -1, 0, 1, 2 }, 1, 5);
    }

    private enum Role { Drift, Diffusion, Alpha, Beta }

    /// <summary>One of the closed form's networks (see the class's summary).</summary>
    private sealed class ClosedForm : IDifferentiableNetwork
    {
        private readonly SdeNetworks _model;
        private readonly Role _role;

        public ClosedForm(SdeNetworks model, Role role)
        {
            _model = model;
            _role = role;
        }

        public Tensor Value(Tensor x, Tensor t)
        {
            const float gamma = SdeNetworks.Gamma, b2 = SdeNetworks.B * SdeNetworks.B, c = 2f - 2f * b2;
            Tensor a = ((1 - t) * (-gamma / 2)).exp();
            Tensor beta2 = 1 - a * a * (1 - b2);
            switch (_role)
            {
                case Role.Diffusion: return x * 0f + (float)Math.Sqrt(gamma);
                case Role.Alpha: return a * x;
                case Role.Beta: return beta2.sqrt() + x * 0f;
            }
            Tensor means = SdeNetworks.Offsets() * 4f;
            Tensor aDot = a * (gamma / 2);
            Tensor k = (1 + a * a * (1 - b2)) * (-gamma / 2) / beta2;
            Tensor variance = a * a * c + beta2;
            Tensor centred = x - a * means;
            Tensor r = (_model.LogWeights() - centred.pow(2) / (variance * 2)).softmax(1);
            Tensor posteriorMean = (r * (means + a * c / variance * centred)).sum(1, keepdim: true);
            return aDot * posteriorMean + k * (x - a * posteriorMean);
        }

        public Tensor Forward(Tensor x, Tensor t) => Value(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => Partial(x, t, withRespectToX: true);

        public Tensor PartialT(Tensor x, Tensor t) => Partial(x, t, withRespectToX: false);

        private Tensor Partial(Tensor x, Tensor t, bool withRespectToX)
        {
            using var _ = enable_grad();
            Tensor input = (withRespectToX ? x : t).detach().requires_grad_();
            Tensor value = withRespectToX ? Value(input, t.detach()) : Value(x.detach(), input);
            return torch.autograd.grad([value], [input], [ones_like(value)], allow_unused: true)[0]?.detach() ?? zeros_like(input);
        }
    }
}
