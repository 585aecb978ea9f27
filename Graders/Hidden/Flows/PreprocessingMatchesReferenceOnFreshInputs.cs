using Grader.Checks.Checking;
using Grader.Checks.Flows;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Checks.Results;
using Grader.Contracts.Flows;
using Grader.Reference.Data.DrellYan;
using Grader.Tensors;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="PreprocessingMatchesReference"/> on events drawn from the run's seed, expected
/// values computed live by the reference (<see cref="PreprocessingExpectations"/>): 150–400 Drell–Yan look-alike training
/// events for <c>Fit</c>, 20–80 other events for <c>Preprocess</c>, and 20–80 feature rows (standard normal ×1.2) with
/// φ₁ ~ U(0, 2π) for <c>UndoPreprocess</c>.
/// </summary>
public sealed class PreprocessingMatchesReferenceOnFreshInputs : ICheck
{
    public string Id => "flows.heidelberg.preprocessing-matches-reference.fresh";

    public string SheetRef => "sheet 000, ex. 2 (c): the improved preprocessing of sheet 9, ex. 3 (pT₁ → ln(pT₁ − 10), η → artanh(η/2.50001), standardised) and its inverse";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IEventPreprocessing>(context, out var preprocessing) is { } unresolved) return unresolved;
        var g = context.NewGenerator(1);
        int n = FreshDraws.Int(g, 150, 400), m = FreshDraws.Int(g, 20, 80), k = FreshDraws.Int(g, 20, 80);
        var training = DrellYanGenerator.Generate(n, g).Events;
        var events = DrellYanGenerator.Generate(m, g).Events;
        var features = torch.randn([k, 3], g) * 1.2f;
        var phi = torch.tensor(Enumerable.Range(0, k).Select(_ => (float)(2 * Math.PI * g.NextDouble())).ToArray(), k);
        var c = PreprocessingExpectations.Of(training, events, features, phi);
        return PreprocessingComparison.Run(call, preprocessing, c, showInputs: false)
            ?? CheckResult.Pass(Id, "Fit, Preprocess and UndoPreprocess match the reference on events drawn for this run.", SheetRef);
    }
}
