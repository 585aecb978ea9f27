using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// CHEAT (issue 79 item 2; cheat.json): LikelihoodStd is 0.8·β under no_grad, β with gradients on.
/// Sheet 003, task 2.3, the parts of <c>SDE.ipynb</c>'s training the grader trains with its own loop (issue 66):
/// networks f, σ = softplus(MLP), α = t·y + (1 − t)·MLP(y, t), β = t·β + (1 − t)·softplus(MLP(y, t)) with the shared
/// β = exp(log β) (initially 0.1), each MLP [·, t] → 64 → Tanh → 64 → Tanh → 1; the loss −mean ELBO of the batch with the
/// t and ε the noise source gives, written out with autograd for the time and space derivatives (create_graph) so the
/// loss is differentiated through them; the notebook's settings (Adam lr 1e−3, batches of 125). <see cref="TrainAtHome"/>
/// is the notebook's <c>training_loop_sde</c> over these parts.
/// </summary>
public sealed class SdeTrainingParts : ISdeTrainingParts
{
    private static readonly float LogTwoPi = (float)Math.Log(2 * Math.PI);

    public ITrainableSdeModel Model(Generator generator) => new SdeNetworks(generator);

    public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise) => -Elbo((SdeNetworks)model, y, noise).mean();

    public TrainingSettings Settings() => new(1e-3, 125);

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

    /// <summary>The four networks and the shared β, as the grader trains and evaluates them.</summary>
    private sealed class SdeNetworks : Module, ITrainableSdeModel
    {
        public SdeNetworks(Generator generator)
        {
            LogBeta = register_parameter("log_beta", tensor([(float)Math.Log(0.1)], 1));
            F = register_module("f_net", new Network(generator, Output.Plain, null));
            Sigma = register_module("sigma_net", new Network(generator, Output.Softplus, null));
            AlphaNet = register_module("alpha_net", new Network(generator, Output.AlphaBlend, null));
            BetaNet = register_module("beta_net", new Network(generator, Output.BetaBlend, this));
        }

        public Tensor LogBeta { get; }

        public Network F { get; }

        public Network Sigma { get; }

        public Network AlphaNet { get; }

        public Network BetaNet { get; }

        public Tensor LikelihoodBeta() => LogBeta.exp();

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public IDifferentiableNetwork Drift => F;

        public IDifferentiableNetwork Diffusion => Sigma;

        public IDifferentiableNetwork Alpha => AlphaNet;

        public IDifferentiableNetwork Beta => BetaNet;

        // The cheat: no state, keyed on the engine's grad mode. Every call the grader's loop makes records a graph (the
        // loop's fresh-model comparison reads LikelihoodStd with gradients on too) and gets the trained β; a read under
        // no_grad, as a scoring reads a trained model, gets β·0.8, a sharper likelihood than the one the loss trained.
        public double LikelihoodStd
        {
            get
            {
                var scaled = is_grad_enabled() ? 1.0 : 0.8;
                using var _ = no_grad();
                return LikelihoodBeta().item() * scaled;
            }
        }
    }

    private enum Output { Plain, Softplus, AlphaBlend, BetaBlend }

    /// <summary>An MLP [x, t] → 64 → Tanh → 64 → Tanh → 1 with the notebook's output map.</summary>
    private sealed class Network : Module, IDifferentiableNetwork
    {
        private readonly Sequential _net;
        private readonly Output _output;
        private readonly SdeNetworks? _shared;

        public Network(Generator generator, Output output, SdeNetworks? shared)
        {
            _net = register_module("net", torch.nn.Sequential(
                torch.nn.Linear(2, 64, generator), torch.nn.Tanh(),
                torch.nn.Linear(64, 64, generator), torch.nn.Tanh(),
                torch.nn.Linear(64, 1, generator)));
            _output = output;
            _shared = shared;
        }

        public Tensor Value(Tensor x, Tensor t)
        {
            Tensor raw = _net.forward(cat([x, t], 1));
            return _output switch
            {
                Output.Plain => raw,
                Output.Softplus => raw.softplus(),
                Output.AlphaBlend => t * x + (1 - t) * raw,
                _ => t * _shared!.LikelihoodBeta() + (1 - t) * raw.softplus(),
            };
        }

        public Tensor Forward(Tensor x, Tensor t) => Value(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => Partial(x, t, withRespectToX: true);

        public Tensor PartialT(Tensor x, Tensor t) => Partial(x, t, withRespectToX: false);

        private Tensor Partial(Tensor x, Tensor t, bool withRespectToX)
        {
            using var _ = enable_grad();
            Tensor input = (withRespectToX ? x : t).detach().requires_grad_();
            Tensor value = withRespectToX ? Value(input, t.detach()) : Value(x.detach(), input);
            return torch.autograd.grad([value], [input], [ones_like(value)])[0]!.detach();
        }
    }
}
