using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>The reference wrapped as a hand-in of the SDE contracts passes what the checks will ask.</summary>
public sealed class ReferenceSdeHandinTests
{
    private static readonly LinearGaussianSde Process = new(A: 0.4, S: 0.6, B: 0.5);

    private static T Contract<T>() where T : class => (T)ReferenceSdeHandin.Resolver()(typeof(T))!;

    [Test]
    public void Every_sde_contract_has_a_reference()
    {
        var resolve = ReferenceSdeHandin.Resolver();
        resolve(typeof(ISdeElbo)).Should().BeAssignableTo<ISdeElbo>();
        resolve(typeof(ISdeTrainingParts)).Should().BeAssignableTo<ISdeTrainingParts>();
        resolve(typeof(IElboNoiseSource)).Should().BeNull("the grader implements the noise source");
    }

    /// <summary>Through the contract, with the grader's keyed draws, the posterior's ELBO averages to log p(y) (band 4.89 se, false-fail 1e-6).</summary>
    [Test]
    public void The_contract_elbo_averages_to_log_p_for_the_posterior()
    {
        const int m = 20_000;
        var q = Process.Posterior();
        var noise = new KeyedElboNoise(3);
        var terms = Contract<ISdeElbo>().Elbo(full([m, 1], 0.8f), Process.Drift, Process.Diffusion, q.AlphaNetwork, q.BetaNetwork, Process.B, noise);
        var elbo = terms.Elbo.ToDoubleArray();
        double mean = elbo.Average(), sd = Math.Sqrt(elbo.Sum(v => (v - mean) * (v - mean)) / (m - 1));
        mean.Should().BeApproximately(Process.LogP(0.8), 4.8916 * sd / Math.Sqrt(m) + 1e-4);
        noise.Requests.Should().HaveCount(4);
        FluentActions.Invoking(() => Contract<ISdeElbo>().Elbo(full([2, 1], 0f), Process.Drift, Process.Diffusion, q.AlphaNetwork, q.BetaNetwork, 0, noise))
            .Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>The contract path (networks by their Forward and partials) and the autograd path agree on the notebook's networks.</summary>
    [Test]
    public void A_model_given_as_contracts_gives_the_autograd_result()
    {
        var model = new SdeModel(new Generator(12));
        ISdeModel contract = model;
        var y = tensor(new[] { -7.5, -0.2, 3.3, 8.1 }, 4, 1);
        var viaContract = Contract<ISdeElbo>().Elbo(y, new Hidden(contract.Drift), new Hidden(contract.Diffusion), new Hidden(contract.Alpha), new Hidden(contract.Beta),
            contract.LikelihoodStd, new KeyedElboNoise(5));
        SdeElboTerms viaAutograd;
        using (no_grad()) viaAutograd = SdeElbo.Compute(model, y, new KeyedElboNoise(5));
        (viaContract.Elbo - viaAutograd.Elbo).abs().max().item().Should().BeLessThan(1e-3f * (1 + viaAutograd.Elbo.abs().max().item()));
    }

    [Test]
    public void Training_returns_a_model_the_grader_evaluates()
    {
        var train = TrainingSetWithLogLikelihood.LaplaceMixture().Generate(500, new Generator(31)).Data;
        var outcome = Grader.Remote.Training.SdeTrainingRun.InProcess(Contract<ISdeTrainingParts>()).Train(train, 60, new Generator(32), new Generator(33), new Grader.Checks.Hidden.OdeSde.SdeGraderLoss());
        outcome.FailedPart.Should().BeNull(outcome.Reason);
        var model = Grader.Remote.Training.SdeTrainingRun.InProcess(new ReferenceSdeTrainingParts()).Trained(new Generator(32), outcome.Values);
        model.LikelihoodStd.Should().BePositive();
        var y = tensor(new[] { 0.5 }, 1, 1);
        var t = tensor(new[] { 1.0 }, 1, 1);
        model.Alpha.Forward(y, t).item().Should().BeApproximately(0.5f, 1e-5f);
        model.Beta.Forward(y, t).item().Should().BeApproximately((float)model.LikelihoodStd, 1e-5f);
        model.Diffusion.PartialX(y, t).shape.Should().Equal(1, 1);
    }

    private sealed class Hidden(Grader.Contracts.OdeSde.IDifferentiableNetwork inner) : Grader.Contracts.OdeSde.IDifferentiableNetwork
    {
        public Tensor Forward(Tensor x, Tensor t) => inner.Forward(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => inner.PartialX(x, t);

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }
}
