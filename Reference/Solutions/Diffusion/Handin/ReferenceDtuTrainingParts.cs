using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference's parts of the DTU toy-data training the grader runs (<see cref="IDtuTrainingParts"/>, sheet 004, ex.
/// 3.4, issue 66): ddpm.py's <see cref="FcNetwork"/> (64 hidden units, t/T as [N, 1]) and the grading recipe's settings
/// (<see cref="TrainingPreset.DtuGrading"/>: Adam lr 1e-3, batch 1000). The loss is the reference's negative ELBO
/// (<see cref="ReferenceDtuDdpm"/>). For 3.5's images (d &gt; 2) the network has <see cref="ImageHidden"/> hidden units and
/// the settings are <see cref="ReferenceMnistDdpm.Settings"/>'.
/// </summary>
public sealed class ReferenceDtuTrainingParts : IDtuTrainingParts
{
    /// <summary>ddpm.py's FcNetwork for 3.5's images (d = rows·columns &gt; 2): 256 hidden units, as the reference trained on images before issue 66.</summary>
    public const int ImageHidden = 256;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        new TrainableFcNetwork(dataDimension > 2 ? new FcNetwork(dataDimension, generator, ImageHidden) : new FcNetwork(dataDimension, generator));

    public TrainingSettings Settings() => new(TrainingPreset.DtuGrading.LearningRate, TrainingPreset.DtuGrading.BatchSize);

    private sealed class TrainableFcNetwork(FcNetwork network) : ITrainableEpsilonNetwork
    {
        private readonly Tensor[] _parameters = [.. network.parameters()];

        public IReadOnlyList<Tensor> Parameters() => _parameters;

        public Tensor Forward(Tensor zt, Tensor t) => network.Forward(zt, t);
    }
}
