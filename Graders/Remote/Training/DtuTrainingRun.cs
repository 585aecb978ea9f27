using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Remote.Training;

/// <summary>
/// <see cref="IDtuTrainingRun"/> answered beside the hand-in (<see cref="HandinInstance.Resolve"/> gives it for that
/// contract, whatever the hand-in declares): <see cref="DtuGraderTraining"/> on the hand-in's parts and negative ELBO,
/// and the fresh network with the trained values, from a fresh instance of the parts class
/// (<see cref="HandinInstance.CreateFresh"/>). In process (the reference, a test's hand-in objects) the same loop runs
/// on parts made by a factory (<see cref="InProcess"/>). The shared shape is <see cref="TrainingRun{TParts}"/>'s; this
/// run also resolves the hand-in's <see cref="IDtuDdpm"/> (the loss) and, for 3.5's images, <see cref="IMnistDdpm"/> (the settings).
/// </summary>
public sealed class DtuTrainingRun : TrainingRun<IDtuTrainingParts>, IDtuTrainingRun
{
    private readonly Func<IDtuDdpm> _ddpm;
    private readonly Func<IMnistDdpm> _mnist;

    public DtuTrainingRun(HandinInstance handin)
        : this(handin.FreshEach<IDtuTrainingParts>(), handin.Required<IDtuDdpm>, handin.Required<IMnistDdpm>)
    {
    }

    private DtuTrainingRun(Func<IDtuTrainingParts> parts, Func<IDtuDdpm> ddpm, Func<IMnistDdpm> mnist)
        : base(parts)
    {
        _ddpm = ddpm;
        _mnist = mnist;
    }

    /// <summary>The grader's loop on parts living in this process: the first instance given, each fresh network from a new instance of its class (public parameterless constructor).</summary>
    public static DtuTrainingRun InProcess(IDtuTrainingParts parts, IDtuDdpm ddpm, IMnistDdpm? mnist = null)
    {
        ArgumentNullException.ThrowIfNull(ddpm);
        return new DtuTrainingRun(InProcessParts(parts), () => ddpm,
            () => mnist ?? throw new InvalidOperationException("DtuTrainingRun.InProcess: no IMnistDdpm given for the images' settings."));
    }

    public DtuTrainingOutcome Train(Tensor data, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator) =>
        DtuGraderTraining.Run(Parts(), _ddpm(), Parts, data, schedule, steps, modelGenerator, batchGenerator).Outcome;

    public DtuTrainingOutcome TrainOnImages(Tensor images, NoiseSchedule schedule, int steps, Generator modelGenerator, Generator batchGenerator)
    {
        var mnist = _mnist();
        return DtuGraderTraining.Run(Parts(), _ddpm(), Parts, images, schedule, steps, modelGenerator, batchGenerator, mnist.Settings).Outcome;
    }

    public IEpsilonNetwork Trained(int dataDimension, int T, Generator modelGenerator, IReadOnlyList<Tensor> values) =>
        WithValues(Parts().Model(dataDimension, T, modelGenerator), n => n.Parameters(), values, "Model(d, T, generator)", "network");
}
