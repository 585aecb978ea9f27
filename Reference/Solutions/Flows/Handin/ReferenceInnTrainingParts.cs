using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>
/// The reference's parts of the INN training the grader runs (<see cref="IInnTrainingParts"/>, issue 66), for Heidelberg
/// sheet 000, exercise 2 (c): the notebook's INN (<see cref="InnSettings.Notebook"/> with as many channels as the data
/// has, its weights and permutations from the grader's generator), the negative log-likelihood of 2 (a) as the mean over
/// the batch of ½‖z‖² − log|det ∂z/∂x| (without the notebook's division by d: the contract's formula), and the notebook's
/// settings (Adam lr 1e-3, batch 1024).
/// </summary>
public sealed class ReferenceInnTrainingParts : IInnTrainingParts
{
    public ITrainableFlow Model(int dataDimension, Generator generator) => new TrainableInn(new Inn(InnSettings.Notebook with { Channels = dataDimension }, generator));

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var (z, logDet) = flow.Forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    public TrainingSettings Settings() => new(InnSettings.Notebook.LearningRate, InnSettings.Notebook.BatchSize);

    /// <summary>The notebook's INN behind the contract: its module parameters, Forward with the graph, Inverse without.</summary>
    private sealed class TrainableInn(Inn inn) : ITrainableFlow
    {
        private readonly Tensor[] _parameters = [.. inn.parameters()];

        public IReadOnlyList<Tensor> Parameters() => _parameters;

        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => inn.forward(x);

        public Tensor Inverse(Tensor z)
        {
            using var _ = torch.no_grad();
            return inn.Inverse(z).X;
        }
    }
}
