using Grader.Contracts.Flows;

namespace Grader.Checks.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (b) (sheet 002): z = ((x₃ + x₂)^p, x₁^q·x₂ + x₃, e^{x₃}) on ℝ³ is not a valid normalizing flow,
/// for the sheet's powers p = 3, q = 4 and for any others (x₂ = 0 removes x₁ from z). One ✓ of the rubric per part:
/// <see cref="FlowAnswerPart.Verdict"/>, the answer says "not valid"; <see cref="FlowAnswerPart.Collision"/>, it gives two
/// different inputs with the same output, decided exactly (<see cref="PolynomialCollision"/>; any true collision counts).
/// The visible instance asks the sheet's map; a hidden instance (made tutor-side) asks powers drawn from the run's seed,
/// and names their case classes when it is given them.
/// </summary>
/// <param name="part">The ✓ this check grades.</param>
/// <param name="idSuffix">Appended to the id of an instance with other powers (e.g. ".fresh").</param>
/// <param name="powers">The powers (p, q) of a run; null: <see cref="SheetPowers"/>.</param>
/// <param name="classes">The case classes <paramref name="powers"/> draws in every run; null: none (the visible instance).</param>
public sealed class PolynomialFlowAnswerIsCorrect(FlowAnswerPart part, string idSuffix = "", Func<CheckContext, IReadOnlyList<(int P, int Q)>>? powers = null,
    CaseClasses<(int P, int Q)>? classes = null)
    : HandinCheck<IThreeDimensionalTransformationValidity>(
        "flows.tum.polynomial-flow-" + (part == FlowAnswerPart.Verdict ? "verdict" : "collision") + idSuffix,
        "sheet 002, problem 1 (b): is z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) a valid normalizing flow?"), IDrawsCaseClasses
{
    /// <summary>The powers (p, q) the visible instance asks about: the sheet's.</summary>
    public static IReadOnlyList<(int P, int Q)> SheetPowers { get; } = [(PolynomialCollision.SheetP, PolynomialCollision.SheetQ)];

    private readonly FlowAnswerPart _part = part;
    private readonly Func<CheckContext, IReadOnlyList<(int P, int Q)>> _powers = powers ?? (_ => SheetPowers);

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => classes?.All ?? [];

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => classes?.DrawnBy(_powers, seed) ?? new HashSet<string>();

    protected override CheckResult Check(CheckContext context, HandinCall call, IThreeDimensionalTransformationValidity handin)
    {
        var powers = _powers(context);
        foreach (var (p, q) in powers)
        {
            var what = $"Answer(p = {p}, q = {q})";
            if (call.Run(what, () => handin.Answer(p, q), out var answer) is { } threw) return threw;
            if (answer is null) return call.Fail($"{what} returned null; expected an answer. Re-read {SheetRef}.");
            if (_part == FlowAnswerPart.Verdict)
            {
                if (answer.IsValidFlow)
                    return call.Fail($"{what} says z = ((x₃ + x₂)^{p}, x₁^{q}·x₂ + x₃, e^(x₃)) leads to a valid normalizing flow; it does not: a flow must be invertible. Re-read {SheetRef}.",
                        expected: "not a valid flow", seen: "a valid flow");
                continue;
            }

            if (PolynomialCollision.Problem(answer.FirstInput, answer.SecondInput, p, q) is { } problem)
            {
                var said = answer.IsValidFlow ? " (it says the flow is valid)" : "";
                return call.Fail($"{what}{said}: x = {Show(answer.FirstInput)}, x′ = {Show(answer.SecondInput)} is not a pair of different inputs with the same output of z = ((x₃ + x₂)^{p}, x₁^{q}·x₂ + x₃, e^(x₃)): {problem}. Re-read {SheetRef}.",
                    expected: "two different inputs with z(x) = z(x′)", seen: $"x = {Show(answer.FirstInput)}, x′ = {Show(answer.SecondInput)}");
            }
        }
        return CheckResult.Pass(Id, _part == FlowAnswerPart.Verdict
            ? "Answer says \"not a valid flow\" for every pair of powers asked about."
            : "Answer gives two different inputs with the same output for every pair of powers asked about.", SheetRef);
    }

    private static string Show(double[]? v) => v is null ? "null" : "[" + string.Join(", ", v.Select(x => x.ToString("G17", CultureInfo.InvariantCulture))) + "]";
}
