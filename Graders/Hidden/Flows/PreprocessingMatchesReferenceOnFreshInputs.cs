using Grader.Checks.Flows;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="PreprocessingMatchesReference"/> on events drawn from the run's seed, expected
/// values computed live by the reference (<see cref="PreprocessingExpectations"/>): 150–400 Drell–Yan look-alike training
/// events for <c>Fit</c>, 20–80 other events for <c>Preprocess</c>, and 20–80 feature rows (standard normal ×1.2) with
/// φ₁ ~ U(0, 2π) for <c>UndoPreprocess</c>, of which three every run put the muons where the mass shell shows
/// (<see cref="WithMassShellRows"/>, <see cref="CaseClasses"/>).
/// </summary>
public sealed class PreprocessingMatchesReferenceOnFreshInputs() : HandinCheck<IEventPreprocessing>(
    "flows.heidelberg.preprocessing-matches-reference.fresh"), IDrawsCaseClasses
{
    /// <summary>A run's inputs: training events for <c>Fit</c>, events for <c>Preprocess</c>, feature rows and φ₁ for <c>UndoPreprocess</c>, and the training events' standardisation.</summary>
    public sealed record PreprocessingDraw(Tensor Training, Tensor Events, Tensor Features, Tensor Phi, ImprovedPreprocessing Standardisation);

    /// <summary>The feature rows that tell the muons' energy from a massless one's.</summary>
    public static CaseClasses<PreprocessingDraw> Classes { get; } = new(
        new CaseClass<PreprocessingDraw>("muons-near-the-mass-shell",
            "massless muons in UndoPreprocess (E = |p|): off by m²/(E + |p|), inside the tolerance wherever pT₁ is tens of GeV",
            d => MassShellRowsIn(d) > 0));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn([Drawn(new CheckContext(_ => null, seed, "").NewGenerator(1))]);

    protected override CheckResult Check(CheckContext context, HandinCall call, IEventPreprocessing preprocessing)
    {
        var d = Drawn(context.NewGenerator(1));
        var c = PreprocessingExpectations.Of("drawn for this run", d.Training, d.Events, d.Features, d.Phi);
        return PreprocessingComparison.Run(call, preprocessing, c, showInputs: false)
            ?? CheckResult.Pass(Id, "Fit, Preprocess and UndoPreprocess match the reference on events drawn for this run.", SheetRef);
    }

    private static PreprocessingDraw Drawn(Generator g)
    {
        int n = FreshDraws.Int(g, 150, 400), m = FreshDraws.Int(g, 20, 80), k = FreshDraws.Int(g, 20, 80);
        var training = DrellYanGenerator.Generate(n, g).Events;
        var events = DrellYanGenerator.Generate(m, g).Events;
        var standardisation = ImprovedPreprocessing.Fit(training);
        var features = WithMassShellRows(torch.randn([k, 3], g) * 1.2f, standardisation, g);
        var phi = torch.tensor(Enumerable.Range(0, k).Select(_ => (float)(2 * Math.PI * g.NextDouble())).ToArray(), k);
        return new PreprocessingDraw(training, events, features, phi, standardisation);
    }

    /// <summary>The feature rows whose muons lie where the mass shows: pT₁ − 10 GeV ≤ 0.2 and |η₁|, |η₂| ≤ 0.3 (in raw units).</summary>
    private static int MassShellRowsIn(PreprocessingDraw d)
    {
        var f = d.Features.contiguous().ToArray();
        int rows = d.Features.size(0), count = 0;
        for (int r = 0; r < rows; r++)
        {
            double Raw(int j) => f[r * 3 + j] * d.Standardisation.Std[j] + d.Standardisation.Mean[j];
            double excess = Math.Exp(Raw(0)), eta1 = ImprovedPreprocessing.EtaCut * Math.Tanh(Raw(1)), eta2 = ImprovedPreprocessing.EtaCut * Math.Tanh(Raw(2));
            if (excess <= 0.2 + 1e-4 && Math.Abs(eta1) <= 0.3 + 1e-4 && Math.Abs(eta2) <= 0.3 + 1e-4) count++;
        }
        return count;
    }

    /// <summary>Rows of <c>UndoPreprocess</c>'s input where the muon mass shows (the first <see cref="MassShellRows"/>).</summary>
    public const int MassShellRows = 3;

    /// <summary>
    /// The features with the first <see cref="MassShellRows"/> rows replaced by muons where the mass shell is seen: pT₁ − 10
    /// GeV ∈ U(0.02, 0.2) and η₁, η₂ ∈ U(−0.3, 0.3), so |p| ≤ 10.7 GeV and E − |p| = m²/(E + |p|) ≥ 5.1e-4 GeV, about three
    /// times the float32 tolerance of E there (≈ 1.8e-4; 2B of <see cref="PreprocessingExpectations"/>). On the drawn rows
    /// (pT₁ ~ 30 GeV and more) E − |p| ≲ 2e-4 lies inside the tolerance, so massless muons passed every seed.
    /// </summary>
    internal static Tensor WithMassShellRows(Tensor features, ImprovedPreprocessing standardisation, Generator g)
    {
        var f = features.contiguous().ToArray();
        int k = features.size(0);
        for (int r = 0; r < Math.Min(MassShellRows, k); r++)
        {
            double[] raw =
            [
                Math.Log(0.02 + 0.18 * g.NextDouble()),
                Math.Atanh((-0.3 + 0.6 * g.NextDouble()) / ImprovedPreprocessing.EtaCut),
                Math.Atanh((-0.3 + 0.6 * g.NextDouble()) / ImprovedPreprocessing.EtaCut),
            ];
            for (int j = 0; j < 3; j++) f[r * 3 + j] = (float)((raw[j] - standardisation.Mean[j]) / standardisation.Std[j]);
        }
        return torch.tensor(f, k, 3);
    }
}
