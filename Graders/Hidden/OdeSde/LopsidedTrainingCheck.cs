using Grader.Checks.Catalog;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// What the ODE's and the SDE's training checks (<see cref="OdeTrainingPartsQuality"/>, <see cref="SdeTrainingQuality"/>)
/// share: the hidden check's id and sheet reference, the hand-in's parts resolved and the task's training run (beside a
/// hand-in the host's, in process the grader's loop on the parts), and the run's data, drawn from the check's seed: a
/// lopsided Laplace mixture (<see cref="LopsidedMixture"/>), 1000 points to train on and held-out points with the law's
/// expected log likelihood on them.
/// </summary>
/// <typeparam name="TParts">The parts contract the hand-in implements.</typeparam>
/// <typeparam name="TRun">The task's training-run contract.</typeparam>
/// <typeparam name="TScores">The scores of one run.</typeparam>
public abstract class LopsidedTrainingCheck<TParts, TRun, TScores>(string id) : ITrainingCheck
    where TParts : class
    where TRun : class
    where TScores : class
{
    /// <summary>The salt of the run's lopsided law (<see cref="LopsidedMixture.Draw"/>), apart from every other salt of a run.</summary>
    public const ulong LawSalt = 0x1A3;

    public string Id => id;

    public string SheetRef => DeferredCheck.SheetRefOf(Id);

    public CheckResult Run(CheckContext context) => Measure(context).Result;

    /// <summary>The check's result and, when the training and its verification went through, the scores.</summary>
    public (CheckResult Result, TScores? Scores) Measure(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<TParts>(context, out var parts) is { } unresolved) return (unresolved, null);
        return Measure(context, call, context.TryHandin<TRun>() ?? InProcess(parts));
    }

    /// <summary>The grader's loop on <paramref name="parts"/>, living in this process.</summary>
    protected abstract TRun InProcess(TParts parts);

    /// <summary>The check on the task's training <paramref name="run"/>.</summary>
    protected abstract (CheckResult Result, TScores? Scores) Measure(CheckContext context, HandinCall call, TRun run);

    /// <summary>The run's lopsided law, 1000 points to train on, and <paramref name="heldOut"/> held-out points with the law's expected log likelihood on them.</summary>
    protected static (LopsidedMixture Law, Tensor Train, Tensor Test, double Expected) Data(CheckContext context, int heldOut)
    {
        ArgumentNullException.ThrowIfNull(context);
        var law = LopsidedMixture.Draw(context.NewGenerator(LawSalt));
        var draw = context.NewGenerator(0xDA7A);
        var train = law.Set.Generate(1000, draw).Data;
        var (test, expected) = law.Set.Generate(heldOut, draw);
        return (law, train, test, expected);
    }
}
