using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the parts of the INN training the grader runs with its own loop and Adam. The Correct example's INN (eight affine coupling blocks with fixed random permutations) with ELU subnets d₁ → 128 → ELU → 2·d₂, and another learning rate and batch within the loop's bounds: Adam 2e-3, batch 256.
/// The loss is the negative log-likelihood of exercise 2 (a), the mean over the batch of ½‖z‖² − log|det ∂z/∂x|.
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
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    public TrainingSettings Settings() => new(2e-3, 256);

    /// <summary>The INN: its subnets are modules (their weights the parameters), the mixing matrices fixed.</summary>
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
                _blocks.Add(new InnBlock(subnet, tensor(Mixing(d, generator), d, d)));
            }
        }

        /// <summary>A fixed random permutation as a matrix (row i picks feature order[i]).</summary>
        private static float[] Mixing(int d, Generator generator)
        {
            var order = generator.Permutation(d);
            var p = new float[d * d];
            for (int i = 0; i < d; i++) p[i * d + order[i]] = 1f;
            return p;
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
                torch.nn.Linear(inputs, Hidden, generator), torch.nn.ELU(),
                torch.nn.Linear(Hidden, outputs, generator)));
        }

        public override Tensor forward(Tensor x1) => _layers.forward(x1);

        public Tensor Forward(Tensor x1) => forward(x1);
    }
}
