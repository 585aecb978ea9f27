using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;

namespace Grader.Reference.OdeSde.Handin;

/// <summary>
/// The reference's parts of the SDE training the grader runs (<see cref="ISdeTrainingParts"/>, sheet 003 2.3, issue 66):
/// <c>SDE.ipynb</c>'s networks (<see cref="SdeModel"/>), the loss −mean ELBO of the batch by <see cref="SdeElbo"/> with
/// the grader's draws and every partial on the graph (the notebook's <c>training_loop_sde</c>), and the notebook's
/// settings (Adam lr 1e-3, batch 125; <see cref="SdeTrainingPreset.Notebook"/>).
/// </summary>
public sealed class ReferenceSdeTrainingParts : ISdeTrainingParts
{
    public ITrainableSdeModel Model(Generator generator) => new TrainableModel(new SdeModel(generator));

    public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not TrainableModel own) throw new ArgumentException("the model must be one Model(generator) returned", nameof(model));
        return -SdeElbo.Compute(own.Model, y, noise, createGraph: true).Elbo.mean();
    }

    public TrainingSettings Settings() => new(SdeTrainingPreset.Notebook.LearningRate, SdeTrainingPreset.Notebook.BatchSize);

    /// <summary>
    /// The reference model seen through the contract: its parameters (the notebook optimiser's order), its networks with
    /// Forward on the graph (the grader's loss differentiates them; issue 79) and detached partials, and β.
    /// </summary>
    private sealed class TrainableModel(SdeModel model) : ITrainableSdeModel
    {
        private readonly Tensor[] _parameters = [.. model.parameters()];

        public SdeModel Model => model;

        public IReadOnlyList<Tensor> Parameters() => _parameters;

        public Tensor LikelihoodBeta() => model.Beta.forward();

        public IDifferentiableNetwork Drift { get; } = new OnGraph(model.F);

        public IDifferentiableNetwork Diffusion { get; } = new OnGraph(model.Sigma);

        public IDifferentiableNetwork Alpha { get; } = new OnGraph(model.AlphaNet);

        public IDifferentiableNetwork Beta { get; } = new OnGraph(model.BetaNet);

        public double LikelihoodStd => ((ISdeModel)model).LikelihoodStd;
    }

    /// <summary>A reference network whose Forward is on the graph; its partials are the network's own (detached).</summary>
    private sealed class OnGraph(TimeNetwork network) : IDifferentiableNetwork
    {
        public Tensor Forward(Tensor x, Tensor t) => network.forward(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => ((IDifferentiableNetwork)network).PartialX(x, t);

        public Tensor PartialT(Tensor x, Tensor t) => ((IDifferentiableNetwork)network).PartialT(x, t);
    }
}
