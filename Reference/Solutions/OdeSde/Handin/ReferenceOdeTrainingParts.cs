using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>
/// The reference's parts of the ODE training the grader runs (<see cref="IOdeTrainingParts"/>, sheet 003 1.3–1.4,
/// issue 66): <c>ODE.ipynb</c>'s <see cref="DriftNetwork"/>, the loss −mean log p(y) by <see cref="OdeLogLikelihood"/>
/// with Euler on the notebook's 100-point grid and ∂f/∂x on the graph (the notebook's <c>training_loop_ode(method="euler")</c>),
/// and the notebook's settings (Adam lr 1e-2, batch 125; <see cref="OdeTrainingPreset.Notebook"/>).
/// </summary>
public sealed class ReferenceOdeTrainingParts : IOdeTrainingParts
{
    public ITrainableDrift Model(Generator generator) => new TrainableDrift(new DriftNetwork(generator));

    public Tensor Loss(ITrainableDrift drift, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var network = drift is TrainableDrift own ? (ITimeDependentFunction)own.Network : ContractNetwork.Of(drift);
        return -OdeLogLikelihood.Mean(network, y, OdeMethod.Euler, new TimeGrid(), createGraph: true);
    }

    public TrainingSettings Settings() => new(OdeTrainingPreset.Notebook.LearningRate, OdeTrainingPreset.Notebook.BatchSize);

    /// <summary>The reference drift seen through the contract: its parameters, its Forward on the graph (the grader's loss differentiates it; issue 79) and its detached partials.</summary>
    private sealed class TrainableDrift(DriftNetwork network) : ITrainableDrift
    {
        private readonly Tensor[] _parameters = [.. network.parameters()];

        public DriftNetwork Network => network;

        public IReadOnlyList<Tensor> Parameters() => _parameters;

        public Tensor Forward(Tensor x, Tensor t) => network.forward(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => ((IDifferentiableNetwork)network).PartialX(x, t);

        public Tensor PartialT(Tensor x, Tensor t) => ((IDifferentiableNetwork)network).PartialT(x, t);
    }
}
