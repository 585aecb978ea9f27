using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// A reverse-process step's claim on unseen inputs (<see cref="ReverseStepOnUnseenInputs"/>, <see cref="DdimStepOnUnseenInputs"/>):
/// the visible check's deterministic <see cref="StepComparison"/> (its invocation, derived bound and diagnoses) on the
/// cases of <see cref="UnseenSetup.StepCases"/>, and the one case class every such run draws, the step at code index 0
/// (<see cref="UnseenSetup.Steps"/> draws both ends every run), where the sheets' index conventions bite.
/// </summary>
/// <param name="stepName">The member's name in the comparison's messages (<c>ReverseStep</c>).</param>
/// <param name="what">The member compared, in the student's message (see <see cref="UnseenResult.Conceal"/>).</param>
/// <param name="invoke">The visible check's call of the hand-in's step.</param>
/// <param name="bound">The visible check's derived float32 bound.</param>
/// <param name="diagnoses">The visible check's diagnoses of the known wrong steps.</param>
/// <param name="lastStepMiss">What a step that is off only at code index 0 gets wrong (the case class's description).</param>
public abstract class UnseenStepComparison<TStep>(
    string id,
    Func<TStep> reference,
    string stepName,
    string what,
    Func<TStep, Func<Tensor, int, double, Tensor, NoiseSchedule, IEpsilonNetwork, Tensor>> invoke,
    Func<ScheduleBounds, StepCase, AffineBound> bound,
    IReadOnlyDictionary<string, string> diagnoses,
    string lastStepMiss) : UnseenComparison<TStep, StepSnapshot>(
    id,
    reference,
    (call, snapshot, step) => StepComparison.Run(call, snapshot, stepName, withEta: false, invoke(step), bound, diagnoses),
    what,
    diagnoses.Values), IDrawsCaseClasses
    where TStep : class
{
    private readonly CaseClasses<StepCase> _classes = new(new CaseClass<StepCase>("last-reverse-step", lastStepMiss, c => c.Step == 0));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => _classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => _classes.PresentIn(Replay(seed).Cases);
}
