using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Flows;

namespace Grader.Checks.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (b) (sheet 002): z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) on ℝ³ is not a valid normalizing flow.
/// One ✓ of the rubric per part: <see cref="FlowAnswerPart.Verdict"/>, the answer says "not valid";
/// <see cref="FlowAnswerPart.Collision"/>, it gives two different inputs with the same output, decided exactly
/// (<see cref="PolynomialCollision"/>; any true collision counts). The question has no input, so the answer is the same
/// in every run.
/// </summary>
public sealed class PolynomialFlowAnswerIsCorrect(FlowAnswerPart part) : ICheck
{
    public string Id => "flows.tum.polynomial-flow-" + (part == FlowAnswerPart.Verdict ? "verdict" : "collision");

    public string SheetRef => "sheet 002, problem 1 (b): is z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) a valid normalizing flow?";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IThreeDimensionalTransformationValidity>(context, out var handin) is { } unresolved) return unresolved;
        const string what = "Answer()";
        if (call.Run(what, handin.Answer, out var answer) is { } threw) return threw;
        if (answer is null) return call.Fail($"{what} returned null; expected an answer. Re-read {SheetRef}.");
        if (part == FlowAnswerPart.Verdict)
        {
            return answer.IsValidFlow
                ? call.Fail($"{what} says the transformation leads to a valid normalizing flow; it does not: a flow must be invertible. Re-read {SheetRef}.",
                    expected: "not a valid flow", seen: "a valid flow")
                : CheckResult.Pass(Id, "Answer says \"not a valid flow\".", SheetRef);
        }

        if (PolynomialCollision.Problem(answer.FirstInput, answer.SecondInput) is { } problem)
        {
            var said = answer.IsValidFlow ? " (it says the flow is valid)" : "";
            return call.Fail($"{what}{said}: x = {Show(answer.FirstInput)}, x′ = {Show(answer.SecondInput)} is not a pair of different inputs with the same output: {problem}. Re-read {SheetRef}.",
                expected: "two different inputs with z(x) = z(x′)", seen: $"x = {Show(answer.FirstInput)}, x′ = {Show(answer.SecondInput)}");
        }
        return CheckResult.Pass(Id, $"x = {Show(answer.FirstInput)} and x′ = {Show(answer.SecondInput)} are different inputs with the same output.", SheetRef);
    }

    private static string Show(double[]? v) => v is null ? "null" : "[" + string.Join(", ", v.Select(x => x.ToString("G17", CultureInfo.InvariantCulture))) + "]";
}
