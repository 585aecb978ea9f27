using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>The reference wrapped as a hand-in of the ODE contracts passes what the checks will ask.</summary>
public sealed class ReferenceOdeHandinTests
{
    private static T Contract<T>() where T : class => (T)ReferenceOdeHandin.Resolver()(typeof(T))!;

    [Test]
    public void Every_ode_contract_has_a_reference()
    {
        var resolve = ReferenceOdeHandin.Resolver();
        foreach (var contract in new[] { typeof(IOdeSolver), typeof(IOdeLogLikelihood), typeof(IExpectedLogLikelihood), typeof(IOdeTrainingParts) })
            resolve(contract).Should().BeAssignableTo(contract);
        resolve(typeof(IVectorField)).Should().BeNull("the grader implements the vector field");
    }

    [Test]
    public void The_solver_step_is_the_tableau_for_a_field_given_as_a_contract()
    {
        var solver = Contract<IOdeSolver>();
        var state = tensor(new[] { 1.0, -2.0 }, 2, 1);
        var field = new LinearField(-1.5);
        double z = -1.5 * 0.1;
        solver.IntegrateStep("euler", field, state, 0.3, 0.1).ToDoubleArray().Should().Equal([1 + z, -2 * (1 + z)], (a, b) => Math.Abs(a - b) < 1e-6);
        solver.IntegrateStep("rk4", field, state, 0.3, 0.1).ToDoubleArray()
            .Should().Equal([OdeSolverTests.Rk4Factor(z), -2 * OdeSolverTests.Rk4Factor(z)], (a, b) => Math.Abs(a - b) < 1e-6);
        FluentActions.Invoking(() => solver.IntegrateStep("heun", field, state, 0, 0.1)).Should().Throw<ArgumentException>().WithMessage("*\"euler\"*");
    }

    /// <summary>Through the contract, log p(y) of an affine drift matches its closed form (rk4 error ≤ 1e-9, float32 ≤ 1e-4 here).</summary>
    [Test]
    public void The_log_likelihood_of_an_affine_drift_matches_the_closed_form()
    {
        var drift = new AffineDrift(-0.9, 0.6, 0.3, -0.6);
        double[] ys = [-2.0, 0.1, 1.4];
        var logp = Contract<IOdeLogLikelihood>().LogLikelihood(tensor(ys, 3, 1), drift, "rk4", 100).ToDoubleArray();
        logp.Should().HaveCount(3);
        for (int i = 0; i < ys.Length; i++) logp[i].Should().BeApproximately(drift.ExactLogLikelihood(ys[i]), 1e-4);
    }

    /// <summary>A reference network passed as a plain contract (its Forward/PartialX only) gives the same log-likelihood as the autograd path.</summary>
    [Test]
    public void A_network_given_as_a_contract_gives_the_autograd_result()
    {
        var drift = OdeLogLikelihoodTests.ScaledDrift(new Generator(51), 2f);
        var y = tensor(new[] { -5.0, -0.5, 0.7, 6.0 }, 4, 1);
        var viaContract = Contract<IOdeLogLikelihood>().LogLikelihood(y, new OnlyTheContract(drift), "rk2", 50);
        var viaAutograd = OdeLogLikelihood.Compute(drift, y, OdeMethod.Rk2, new TimeGrid(50));
        (viaContract - viaAutograd).abs().max().item().Should().BeLessThan(1e-5f);
    }

    [Test]
    public void The_expected_log_likelihood_is_the_generators()
    {
        var contract = Contract<IExpectedLogLikelihood>();
        var set = TrainingSetWithLogLikelihood.LaplaceMixture(3, 2.5, 0.7);
        var (data, printed) = set.Generate(500, new Generator(6));
        contract.LaplaceMixture(data, 3, 2.5, 0.7).Should().Be(printed);
        var gaussian = TrainingSetWithLogLikelihood.Gaussian(0.5, 1.5).Generate(300, new Generator(7));
        contract.Gaussian(gaussian.Data, 0.5, 1.5).Should().Be(gaussian.ExpectedLogLikelihood);
        var laplace = TrainingSetWithLogLikelihood.Laplace(-1, 2).Generate(300, new Generator(8));
        contract.Laplace(laplace.Data, -1, 2).Should().Be(laplace.ExpectedLogLikelihood);
    }

    /// <summary>dy/dt = λ·y as a contract vector field.</summary>
    private sealed class LinearField(double lambda) : IVectorField
    {
        public Tensor Evaluate(Tensor state, double t) => state * (float)lambda;
    }

    /// <summary>Hides that the network is a reference one, so the reference must use its contract methods.</summary>
    private sealed class OnlyTheContract(IDifferentiableNetwork inner) : IDifferentiableNetwork
    {
        public Tensor Forward(Tensor x, Tensor t) => inner.Forward(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => inner.PartialX(x, t);

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }
}
