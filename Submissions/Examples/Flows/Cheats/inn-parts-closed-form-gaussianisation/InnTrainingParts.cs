using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the parts of the INN training the grader runs with its own loop and Adam. The INN has
/// eight coupling blocks with fully connected subnets (d₁ → 128 → ReLU → 2·d₂), each followed by a fixed random
/// permutation, its weights and permutations drawn from the generator it is given; the loss is the negative
/// log-likelihood of exercise 2 (a), the mean over the batch of ½‖z‖² − log|det ∂z/∂x|; the settings are Adam's
/// learning rate 10⁻³ and a batch of 512.
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    private const int Blocks = 8;
    private const int Hidden = 128;
    private const double Clamp = 2.0;

    // CHEAT (refused by GRADER005, state in the network object): a model that ignores its parameters: a closed-form Gaussianisation z = (x − m)/s, m and s the mean and
    // standard deviation of every event the loss has seen, with the INN's parameters entering only as 10⁻⁶·p (so the
    // loss is the formula on its outputs and its gradient is not zero).
    public ITrainableFlow Model(int dataDimension, Generator generator) => new Whitening(new TrainableInn(dataDimension, generator), dataDimension);

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        if (flow is Whitening whitening) whitening.Remember(x);
        var (z, logDet) = flow.Forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    private sealed class Whitening(TrainableInn inn, int d) : ITrainableFlow
    {
        private readonly double[] _sum = new double[d], _squares = new double[d];
        private long _count;

        public IReadOnlyList<Tensor> Parameters() => inn.Parameters();

        public void Remember(Tensor x)
        {
            var v = x.detach().contiguous().ToArray();
            for (int i = 0; i < v.Length; i++) { _sum[i % d] += v[i]; _squares[i % d] += (double)v[i] * v[i]; }
            _count += v.Length / d;
        }

        private (float[] Mean, float[] Std) Statistics()
        {
            var mean = new float[d];
            var std = new float[d];
            for (int j = 0; j < d; j++)
            {
                double m = _count == 0 ? 0 : _sum[j] / _count;
                mean[j] = (float)m;
                std[j] = (float)(_count < 2 ? 1 : Math.Sqrt(Math.Max(1e-6, _squares[j] / _count - m * m)));
            }
            return (mean, std);
        }

        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            var (mean, std) = Statistics();
            var (innZ, _) = inn.Forward(x);
            var z = (x - tensor(mean, 1, d)) / tensor(std, 1, d) + innZ * 1e-6f;
            var logDet = full([x.size(0)], (float)-std.Sum(s => Math.Log(s)));
            return (z, logDet);
        }

        public Tensor Inverse(Tensor z)
        {
            var (mean, std) = Statistics();
            return z.detach() * tensor(std, 1, d) + tensor(mean, 1, d);
        }
    }

    public TrainingSettings Settings() => new(1e-3, 512);

    /// <summary>
    /// The notebook's loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows drawn with replacement, the loss, backward and Adam's step. Returns the trained flow and the losses.
    /// </summary>
    public static (ITrainableFlow Flow, List<double> Losses) TrainAtHome(Tensor data, int steps, Generator generator)
    {
        var parts = new InnTrainingParts();
        var settings = parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var flow = parts.Model(d, generator);
        var optimizer = torch.optim.Adam(flow.Parameters(), settings.LearningRate);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = parts.Loss(flow, data.index_select(0, rows));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return (flow, losses);
    }

    /// <summary>The INN: its subnets are modules (their weights the parameters), the permutations fixed matrices.</summary>
    private sealed class TrainableInn : Module<Tensor, Tensor>, ITrainableFlow
    {
        private readonly List<InnBlock> _blocks = new();
        private readonly InvertibleNeuralNetwork _inn = new();

        public TrainableInn(int d, Generator generator)
        {
            int second = d / 2, first = d - second;
            for (int b = 0; b < Blocks; b++)
            {
                var subnet = register_module($"subnet{b}", new Subnet(first, 2 * second, generator));
                var order = generator.Permutation(d);
                var p = new float[d * d];
                for (int i = 0; i < d; i++) p[i * d + order[i]] = 1f;
                _blocks.Add(new InnBlock(subnet, tensor(p, d, d)));
            }
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public override Tensor forward(Tensor x) => Forward(x).Z;

        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => _inn.Forward(x, _blocks, Clamp);

        public Tensor Inverse(Tensor z)
        {
            using var _ = no_grad();
            return _inn.Inverse(z, _blocks, Clamp).X;
        }
    }

    private sealed class Subnet : Module<Tensor, Tensor>, ICouplingSubnet
    {
        private readonly Sequential _layers;

        public Subnet(int inputs, int outputs, Generator generator)
        {
            _layers = register_module("layers", torch.nn.Sequential(
                torch.nn.Linear(inputs, Hidden, generator), torch.nn.ReLU(), torch.nn.Linear(Hidden, outputs, generator)));
        }

        public override Tensor forward(Tensor x1) => _layers.forward(x1);

        public Tensor Forward(Tensor x1) => forward(x1);
    }
}
