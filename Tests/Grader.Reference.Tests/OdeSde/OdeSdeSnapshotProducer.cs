using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.OdeSde.Support;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>Makes the public inputs of the family's visible checks and their expected values with the reference.</summary>
internal static class OdeSdeSnapshotProducer
{
    private static readonly float[] Ys = [-3.1f, -1.7f, -0.6f, 0f, 0.45f, 1.3f, 2.6f];

    /// <summary>The affine drift (time-dependent, so shifted backward times show) and a tanh drift, each method, two grids; tolerances and variants from the tutor's <see cref="LogLikelihoodScheme"/>.</summary>
    public static LogLikelihoodSnapshot LogLikelihood()
    {
        var affine = new DriftSpec(0.6, -0.8, 0.3, 0.8);
        var tanh = new DriftSpec(-0.4, 0.9, 0.2, -0.5, 1.2, 1.3, -1.8, 0.4);
        var cases = new List<LogLikelihoodSnapshotCase>();
        foreach (var (spec, method, points) in new[] { (affine, "euler", 100), (affine, "rk2", 100), (affine, "rk4", 100), (tanh, "rk4", 100), (tanh, "rk2", 25), (tanh, "euler", 40) })
        {
            float[] expected;
            using (torch.no_grad())
                expected = OdeLogLikelihood.Compute(ContractNetwork.Of(spec.Network()), torch.tensor(Ys, Ys.Length, 1), OdeMethods.Parse(method), new TimeGrid(points)).ToArray();
            cases.Add(new LogLikelihoodSnapshotCase(spec, method, points, Ys, expected,
                LogLikelihoodScheme.Tolerances(spec.F, spec.DfDx, spec.D2fDx2, Ys, method, points), LogLikelihoodScheme.Variants(spec.F, spec.DfDx, spec.D2fDx2, Ys, method, points)));
        }
        return new LogLikelihoodSnapshot(cases);
    }

    /// <summary>
    /// The public fields of the visible solver-step check (time-dependent linear and rotating 2-D, forwards and
    /// backwards), each method's step, tolerances and wrong tableaux from the tutor's <see cref="TableauSteps"/>.
    /// </summary>
    public static SolverStepSnapshot SolverStep() => new(
    [
        TableauSteps.Case(FieldSpec.Linear(-0.7, 1.6, 0.9), 4, [1.5, -0.4, 2.2, 0.05], 0.3, 0.25),
        TableauSteps.Case(FieldSpec.Linear(0.8, -1.3, -1.1), 3, [-2.0, 0.7, 1.3], 0.9, -0.2),
        TableauSteps.Case(FieldSpec.Rotating(1.7, 2.5, 0.6), 3, [1.0, -0.5, -0.3, 0.8, 0.4, 1.4], 1.1, 0.2),
        TableauSteps.Case(FieldSpec.Rotating(-1.2, -1.9, 0.9), 2, [0.6, 0.6, -1.1, -0.2], 0.6, -0.25),
    ]);

    /// <summary>Two sets of closed-form networks, 24 data points each, the draws from the grader's keyed source, with the known wrong variants' ELBOs.</summary>
    public static ElboSnapshot Elbo()
    {
        var specs = new[]
        {
            (new SdeSpec(new DriftSpec(-0.5, 0.3, 0.1, -0.2, 0.6, 0.8, -0.7, 0.2), 0.7, 0.4, 0.2, -0.3, 0.4, 0.9, 0.3, 0.2, 0.3), 401UL),
            (new SdeSpec(new DriftSpec(0.4, -0.6, -0.3, 0.5), 0.5, 0.6, -0.4, 0.2, -0.2, 1.2, 0.1, 0.4, 0.15), 402UL),
        };
        var y = Enumerable.Range(0, 24).Select(i => (float)(-3 + 6.0 * i / 23)).ToArray();
        var cases = new List<ElboCase>();
        foreach (var (spec, seed) in specs)
        {
            Contracts.OdeSde.SdeElboTerms terms;
            using (torch.no_grad())
            {
                terms = SdeElbo.Compute(ContractNetwork.Of(spec.Drift.Network()), ContractNetwork.Of(spec.SigmaNet()), ContractNetwork.Of(spec.AlphaNet()),
                    ContractNetwork.Of(spec.BetaNet()), torch.tensor([(float)spec.B], 1), torch.tensor(y, y.Length, 1), new ReplayedElboNoise(seed));
            }
            cases.Add(new ElboCase(spec, y, seed, terms.Elbo.ToArray(), terms.Likelihood.ToArray(), terms.KlDivergence.ToArray(), terms.DriftMatching.ToArray(),
                ElboInDouble.Variants(spec, y, seed)));
        }
        return new ElboSnapshot(cases);
    }

    /// <summary>The visible expected-log-likelihood checks' public data sets, answered by the tutor's side in double.</summary>
    public static ExpectedLogLikelihoodSnapshot ExpectedLogLikelihood() =>
        new(Enum.GetValues<ExpectedLogLikelihoodMatchesGenerator.DataSet>().Select(set =>
        {
            var c = ExpectedLogLikelihoodMatchesGenerator.PublicCase(set);
            return new ExpectedLogLikelihoodSnapshotCase(set, ExpectedLogLikelihoodMatchesGenerator.PublicSeed, c.Y.Length, c.K, c.P1, c.P2, DataSetLogDensity.Answer(c));
        }).ToArray());
}
