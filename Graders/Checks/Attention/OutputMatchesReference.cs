using Grader.Checks.Attention.Snapshots;
using Grader.Contracts.Attention;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Attention;

/// <summary>
/// Heidelberg sheet 10 (2022/23), exercise 2 (sheet 001): the hand-in's multi-head attention returns the reference's
/// output and attention weights, element by element within twice the first-order float32 bound the call carries
/// (<see cref="ExpectedAttention.OutputBound"/>: the hand-in's and the reference's float32 evaluations each lie within
/// one bound of the exact value). The visible instance runs on the approved snapshot's calls, reading the answers and
/// bounds from it; the tutor's instance on calls drawn from the run's seed with the answers and bounds computed live. A failing output that equals a known wrong layer's is named.
/// </summary>
public sealed class OutputMatchesReference(string id, IAttentionCases cases) : AttentionCheck(id, cases), IDrawsCaseClasses
{
    /// <summary>The visible instance's id.</summary>
    public const string VisibleId = "attention.heidelberg.output-matches-reference";

    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("Attention", "multi-head-attention");

    /// <summary>The visible check: the approved snapshot's calls.</summary>
    public OutputMatchesReference()
        : this(VisibleId, AttentionSnapshot.Approved)
    {
    }

    public override string SheetRef => "sheet 001, ex. 2: a multi-head attention layer (Vaswani et al. 2017, §3.2.2; torch.nn.MultiheadAttention)";

    /// <summary>The case classes of <see cref="Source"/>, when it names them (the tutor's fresh calls); none for the snapshot.</summary>
    public IReadOnlyList<CaseClass> CaseClasses => (Source as ICaseClassDraw)?.CaseClasses ?? [];

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => (Source as ICaseClassDraw)?.ClassesDrawn(seed) ?? new HashSet<string>();

    protected override CheckResult Check(HandinCall call, IMultiHeadAttention layer, IReadOnlyList<ExpectedAttention> cases)
    {
        var compared = new List<(ExpectedAttention Expected, float[] Output, double[] OutputTolerance, float[] Weights, double[] WeightsTolerance)>();
        foreach (var expected in cases)
        {
            if (Forward(call, layer, expected, out var output, out var weights) is { } bad) return bad;
            compared.Add((expected, output, expected.OutputBound.Select(b => 2 * b).ToArray(), weights, expected.WeightsBound.Select(b => 2 * b).ToArray()));
        }

        var outputs = compared.Select(c => (Case: c, Result: Compare(c.Output, c.Expected.Output, c.OutputTolerance))).ToArray();
        var weightsResults = compared.Select(c => (Case: c, Result: Compare(c.Weights, c.Expected.Weights, c.WeightsTolerance))).ToArray();
        var largestOutput = outputs.Max(o => o.Result.MaxDeviation);
        var largestWeight = weightsResults.Max(o => o.Result.MaxDeviation);
        if (outputs.All(o => o.Result.Outside.Count == 0) && weightsResults.All(w => w.Result.Outside.Count == 0))
        {
            return CheckResult.Pass(Id,
                $"Forward matches the reference on {compared.Count} calls: largest |Δ| {E(largestOutput)} in the output and {E(largestWeight)} in the attention weights, within the float32 tolerance.",
                SheetRef);
        }

        var failingOutput = outputs.Where(o => o.Result.Outside.Count > 0).OrderBy(o => o.Case.Expected.Case.Size).FirstOrDefault();
        if (failingOutput.Case.Expected is { } bad1)
        {
            var at = failingOutput.Result.Worst;
            var (b, i, f) = (at / (bad1.Case.L * bad1.Case.E), at / bad1.Case.E % bad1.Case.L, at % bad1.Case.E);
            var outside = outputs.Sum(o => o.Result.Outside.Count);
            var total = outputs.Sum(o => o.Case.Output.Length);
            var variant = MatchVariant(compared.Select(c => (c.Output, c.Expected.Output, c.OutputTolerance, c.Expected.Variants)).ToArray());
            var diagnosis = variant is not null && Explanations.TryGetValue(variant, out var text) ? text + " " : "";
            return call.Fail(
                $"The layer's output differs from the reference's: expected {F(bad1.Output[at])}, seen {F(failingOutput.Case.Output[at])} at output[{b}, {i}, {f}] " +
                $"(|Δ| = {E(Math.Abs((double)failingOutput.Case.Output[at] - bad1.Output[at]))} > tolerance {E(failingOutput.Case.OutputTolerance[at])}; {outside} of {total} values outside). {diagnosis}" +
                $"Smallest counterexample: {bad1.Case}. Re-read {SheetRef}.",
                expected: $"{F(bad1.Output[at])} at output[{b}, {i}, {f}]", seen: F(failingOutput.Case.Output[at]));
        }

        var failingWeights = weightsResults.Where(o => o.Result.Outside.Count > 0).OrderBy(o => o.Case.Expected.Case.Size).First();
        var c2 = failingWeights.Case.Expected;
        var w = failingWeights.Result.Worst;
        int s = c2.Case.S, l = c2.Case.L, h = c2.Case.Heads;
        var index = $"[{w / (s * l * h)}, {w / (s * l) % h}, {w / s % l}, {w % s}]";
        return call.Fail(
            $"The output matches, but the attention weights returned differ from the reference's: expected {F(c2.Weights[w])}, seen {F(failingWeights.Case.Weights[w])} at weights{index} " +
            $"([b, head, query, key]; |Δ| > tolerance {E(failingWeights.Case.WeightsTolerance[w])}): return the weights each head used, softmax over the keys with masked keys at 0. " +
            $"Smallest counterexample: {c2.Case}. Re-read {SheetRef}.",
            expected: $"{F(c2.Weights[w])} at weights{index}", seen: F(failingWeights.Case.Weights[w]));
    }
}
