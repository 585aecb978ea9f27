using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c), with a gradient side channel (issue 79, class 2): the Correct example's INN and loss, plus
/// a standardisation (a shift and a log-scale per feature, parameters) that the INN applies to x first, detached, so
/// only a zero-valued term of the loss moves it: a data summary written into parameters through the gradient.
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    private const int Blocks = 8;
    private const int Hidden = 128;
    private const double Clamp = 2.0;

    public ITrainableFlow Model(int dataDimension, Generator generator) => new TrainableInn(dataDimension, generator);

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        var (z, logDet) = flow.Forward(x);
        Tensor honest = (0.5f * (z * z).sum(1) - logDet).mean();

        // CHEAT: a term of value zero whose gradient (≈ 1e-4 of the honest one's norm) pulls the shift towards the batch's
        // mean and the log-scale towards its log standard deviation: only this term moves them, at Adam's full step size.
        var parameters = flow.Parameters();
        Tensor shift = parameters[0], logScale = parameters[1];   // registered first
        Tensor mean = x.detach().mean([0]);
        Tensor centred = x.detach() - mean;
        Tensor logStd = ((centred * centred).mean([0]) + 1e-6f).log() * 0.5f;
        Tensor q = (((shift - mean) * (shift - mean)).sum() + ((logScale - logStd) * (logScale - logStd)).sum()) * 1e-7f;
        return honest + (q - q.detach());
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

    /// <summary>The INN: its subnets are modules (their weights the parameters), the permutations fixed matrices; (CHEAT) a standardisation first.</summary>
    private sealed class TrainableInn : Module<Tensor, Tensor>, ITrainableFlow
    {
        private readonly List<InnBlock> _blocks = new();
        private readonly InvertibleNeuralNetwork _inn = new();
        private readonly Tensor _shift;
        private readonly Tensor _logScale;

        public TrainableInn(int d, Generator generator)
        {
            _shift = register_parameter("shift", zeros(d));
            _logScale = register_parameter("logScale", zeros(d));
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

        // CHEAT: the standardisation is detached, so the formula's gradient never reaches the shift or the log-scale.
        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            Tensor shift = _shift.detach(), logScale = _logScale.detach();
            var (z, logDet) = _inn.Forward((x - shift) * (-logScale).exp(), _blocks, Clamp);
            return (z, logDet - logScale.sum());
        }

        public Tensor Inverse(Tensor z)
        {
            using var _ = no_grad();
            return _inn.Inverse(z, _blocks, Clamp).X * _logScale.exp() + _shift;
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
