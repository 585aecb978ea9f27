using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IDtuTrainingRun"/> answered beside the hand-in (<see cref="HandinInstance.Resolve"/> gives it for that
/// contract, whatever the hand-in declares): <see cref="DtuGraderTraining"/> on the hand-in's parts and negative ELBO,
/// and the fresh network with the trained values, from a fresh instance of the parts class
/// (<see cref="HandinInstance.CreateFresh"/>). In process (the reference, a test's hand-in objects) the same loop runs
/// on parts made by a factory (<see cref="InProcess"/>).
/// </summary>
public sealed class DtuTrainingRun : IDtuTrainingRun
{
    private readonly Func<IDtuTrainingParts> _parts;
    private readonly Func<IDtuDdpm> _ddpm;
    private readonly Func<IMnistDdpm> _mnist;

    public DtuTrainingRun(HandinInstance handin)
    {
        ArgumentNullException.ThrowIfNull(handin);
        _parts = () => handin.CreateFresh(typeof(IDtuTrainingParts)) as IDtuTrainingParts
                       ?? throw new HandinContractException(typeof(IDtuTrainingParts), null, HandinInstance.MissingMessage(typeof(IDtuTrainingParts)));
        _ddpm = () => handin.Resolve(typeof(IDtuDdpm)) as IDtuDdpm
                      ?? throw new HandinContractException(typeof(IDtuDdpm), null, HandinInstance.MissingMessage(typeof(IDtuDdpm)));
        _mnist = () => handin.Resolve(typeof(IMnistDdpm)) as IMnistDdpm
                       ?? throw new HandinContractException(typeof(IMnistDdpm), null, HandinInstance.MissingMessage(typeof(IMnistDdpm)));
    }

    private DtuTrainingRun(Func<IDtuTrainingParts> parts, Func<IDtuDdpm> ddpm, Func<IMnistDdpm> mnist)
    {
        _parts = parts;
        _ddpm = ddpm;
        _mnist = mnist;
    }

    /// <summary>The grader's loop on parts living in this process: the first instance given, each fresh network from a new instance of its class (public parameterless constructor).</summary>
    public static DtuTrainingRun InProcess(IDtuTrainingParts parts, IDtuDdpm ddpm, IMnistDdpm? mnist = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(ddpm);
        var type = parts.GetType();
        var first = parts;
        return new DtuTrainingRun(() =>
        {
            var given = Interlocked.Exchange(ref first, null!);
            return given ?? (IDtuTrainingParts)(Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"{type.Name} could not be made again (a public parameterless constructor)."));
        }, () => ddpm, () => mnist ?? throw new InvalidOperationException("DtuTrainingRun.InProcess: no IMnistDdpm given for the images' settings."));
    }

    public DtuTrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator) =>
        DtuGraderTraining.Run(_parts(), _ddpm(), _parts, data, schedule, steps, modelGenerator, batchGenerator).Outcome;

    public DtuTrainingOutcome TrainOnImages(Tensor images, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator)
    {
        var mnist = _mnist();
        return DtuGraderTraining.Run(_parts(), _ddpm(), _parts, images, schedule, steps, modelGenerator, batchGenerator, mnist.Settings).Outcome;
    }

    public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        DiffusionTrainingRun.WithValues(_parts().Model(dataDimension, T, modelGenerator), values);
}
