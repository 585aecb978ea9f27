using Grader.Contracts.Flows;

namespace Grader.Checks.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (a) (sheet 002): z = σ(aᵀa·x) on ℝ² with a &gt; 0 is not a valid normalizing flow. One ✓ of
/// the rubric per part: <see cref="FlowAnswerPart.Verdict"/>, the answer says "not valid"; <see cref="FlowAnswerPart.Collision"/>,
/// it gives two different inputs with the same output, which the grader decides exactly (<see cref="SigmoidCollision"/>;
/// any true collision counts). The visible instance asks for a = (1, 2) and a = (0.3, 0.7); a hidden instance (made
/// tutor-side) asks for vectors it draws from the run's seed, and names their case classes when it is given them.
/// </summary>
/// <param name="part">The ✓ this check grades.</param>
/// <param name="idSuffix">Appended to the id of an instance with other vectors (e.g. ".fresh").</param>
/// <param name="vectors">The vectors a of a run; null: <see cref="VisibleA"/>.</param>
/// <param name="classes">The case classes <paramref name="vectors"/> draws in every run; null: none (the visible instance).</param>
public sealed class SigmoidFlowAnswerIsCorrect(FlowAnswerPart part, string idSuffix = "", Func<CheckContext, IReadOnlyList<double[]>>? vectors = null,
    CaseClasses<double[]>? classes = null)
    : HandinCheck<ISigmoidTransformationValidity>(
        "flows.tum.sigmoid-flow-" + (part == FlowAnswerPart.Verdict ? "verdict" : "collision") + idSuffix,
        "sheet 002, problem 1 (a): is z = σ(Ax), A = aᵀa, x ∈ ℝ², a valid normalizing flow?"), IDrawsCaseClasses
{
    /// <summary>The vectors a the visible instance asks about.</summary>
    public static IReadOnlyList<double[]> VisibleA { get; } = [[1, 2], [0.3, 0.7]];

    private readonly FlowAnswerPart _part = part;
    private readonly Func<CheckContext, IReadOnlyList<double[]>> _vectors = vectors ?? (_ => VisibleA);

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => classes?.All ?? [];

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => classes?.DrawnBy(_vectors, seed) ?? new HashSet<string>();

    protected override CheckResult Check(CheckContext context, HandinCall call, ISigmoidTransformationValidity handin)
    {
        var vectors = _vectors(context);
        foreach (var a in vectors)
        {
            var what = $"Answer(a = {Show(a)})";
            if (call.Run(what, () => handin.Answer((double[])a.Clone()), out var answer) is { } threw) return threw;
            if (answer is null) return call.Fail($"{what} returned null; expected an answer. Re-read {SheetRef}.");
            if (_part == FlowAnswerPart.Verdict)
            {
                if (answer.IsValidFlow)
                    return call.Fail($"{what} says the transformation leads to a valid normalizing flow; it does not: a flow must be invertible. Re-read {SheetRef}.",
                        expected: "not a valid flow", seen: "a valid flow");
                continue;
            }

            if (SigmoidCollision.Problem(a, answer.FirstInput, answer.SecondInput) is { } problem)
            {
                var said = answer.IsValidFlow ? " (it says the flow is valid)" : "";
                return call.Fail($"{what}{said}: x = {Show(answer.FirstInput)}, x′ = {Show(answer.SecondInput)} is not a pair of different inputs with the same output: {problem}. Re-read {SheetRef}.",
                    expected: "two different inputs with σ(Ax) = σ(Ax′)", seen: $"x = {Show(answer.FirstInput)}, x′ = {Show(answer.SecondInput)}");
            }
        }
        return CheckResult.Pass(Id, _part == FlowAnswerPart.Verdict
            ? "Answer says \"not a valid flow\" for every vector a asked about."
            : "Answer gives two different inputs with the same output for every vector a asked about.", SheetRef);
    }

    private static string Show(double[]? v) => v is null ? "null" : "[" + string.Join(", ", v.Select(x => x.ToString("G6", CultureInfo.InvariantCulture))) + "]";
}
