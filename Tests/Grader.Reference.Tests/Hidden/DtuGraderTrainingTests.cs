using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Issue 79 for the DTU's loop (<see cref="DtuGraderTraining"/>, 004 3.4 and 3.5): the optimiser steps on the grader's
/// negative ELBO of the network's outputs, and the hand-in's <c>NegativeElbo</c> is graded first as the loss part on the
/// grader's stand-in network (<see cref="GraderTraining.GradeLoss"/>, every value and gradient scaled by d). Correct
/// losses (the reference's, the Correct example's) pass with their margins printed; a loss with a zero-valued term whose
/// gradient on ε̂ is ≈ 5·10⁻⁴ of the honest one's, below the old loop's 1e-3, fails it, charged to the loss.
/// </summary>
public sealed class DtuGraderTrainingTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedule.Linear(1000, 1e-4, 0.02).Beta);

    private const int Steps = 40;

    private static Tensor Data(ulong seed) => DtuToyData.TrainingData(DtuToyData.Chequerboard(), 4000, new Generator(seed));

    private static DtuTrainingOutcome Train(IDtuDdpm ddpm, ulong seed, int steps = Steps) =>
        DtuTrainingRun.InProcess(new ReferenceDtuTrainingParts(), ddpm).Train(Data(seed), Schedule, steps, new Generator(seed + 100), new Generator(seed + 200));

    private static IDtuDdpm Correct() => (IDtuDdpm)TrainingCheatsSweep.Compile(null).CreateFresh(typeof(IDtuDdpm))!;

    /// <summary>The reference's and the Correct example's NegativeElbo pass the loss part and train, on 2 seeds (always on) or 20 (explicit); the margins printed.</summary>
    [TestCase(2)]
    [TestCase(20, Explicit = true, Reason = "20 seeds × 2 losses × 40 steps, ≈ 10 s: the margins of the measurement note")]
    public void Correct_losses_pass_the_loss_part(int seeds)
    {
        foreach (var (name, ddpm) in new[] { ("reference", (IDtuDdpm)new ReferenceDtuDdpm()), ("Correct", Correct()) })
        {
            double value = 0, gradient = 0;
            for (var seed = 1UL; seed <= (ulong)seeds; seed++)
            {
                var outcome = Train(ddpm, seed);
                outcome.FailedPart.Should().BeNull(outcome.Reason);
                outcome.MaxGradientShare.Should().BeLessThan(0.25, "a correct loss uses a small share of the float32 bound");
                value = Math.Max(value, outcome.MaxLossDeviation);
                gradient = Math.Max(gradient, outcome.MaxGradientShare);
            }

            TestContext.Out.WriteLine($"DTULOSS\t{name}\t{seeds} seeds\tlargest value deviation {value:G3}\tlargest gradient share of its bound {gradient:G3}");
        }
    }

    /// <summary>A zero-valued term with a gradient on ε̂ of ≈ 5·10⁻⁴ of the honest one's (below the old loop's 1e-3) fails the loss part before any step, charged to the loss.</summary>
    [Test]
    public void A_zero_valued_term_on_the_outputs_fails_the_loss_part()
    {
        var outcome = Train(new SideChannelOnOutputs(), 1UL, steps: 4000);
        outcome.FailedPart.Should().Be("loss");
        outcome.Reason.Should().Contain("gradient with respect to the network's outputs ε̂ differs from the formula's, 2(ε̂ − ε)/B");
    }

    /// <summary>An honest value with ᾱ one step low fails the loss part by its inputs.</summary>
    [Test]
    public void Alpha_bar_one_step_low_fails_the_loss_part_by_its_inputs()
    {
        var outcome = Train(new AlphaBarOneStepLow(), 1UL, steps: 4000);
        outcome.FailedPart.Should().Be("loss");
        outcome.Reason.Should().Contain("re-read ᾱ_t");
    }

    /// <summary>The reference's negative ELBO plus q − q.detach(), q = 5·10⁻⁶·Σ ε̂: the value exact, the gradient on ε̂ ≈ 5·10⁻⁴ of the honest one's norm (below the old 1e-3).</summary>
    private sealed class SideChannelOnOutputs : IDtuDdpm
    {
        private readonly ReferenceDtuDdpm _reference = new();

        public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random) =>
            _reference.NegativeElbo(x, schedule, new Watched(network, this), random) + (Term! - Term!.detach());

        public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) => _reference.Sample(shape, schedule, network, noise);

        private Tensor? Term { get; set; }

        private sealed class Watched(IEpsilonNetwork inner, SideChannelOnOutputs owner) : IEpsilonNetwork
        {
            public Tensor Forward(Tensor zt, Tensor t)
            {
                var output = inner.Forward(zt, t);
                owner.Term = output.sum() * 5e-6f;
                return output;
            }
        }
    }

    /// <summary>Algorithm 1 with ᾱ_{t−1} for ᾱ_t (ᾱ_{−1} = 1): the draws and the formula otherwise the sheet's.</summary>
    private sealed class AlphaBarOneStepLow : IDtuDdpm
    {
        private readonly ReferenceDtuDdpm _reference = new();

        public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random)
        {
            int n = x.size(0);
            var t = random.Integers(0, schedule.T, [n, 1]).reshape(n).ToArray();
            var epsilon = random.Normal(x.shape);
            var a = new double[n];
            var s = new double[n];
            for (var i = 0; i < n; i++)
            {
                var alphaBar = 1.0;
                for (var k = 0; k < (int)t[i]; k++) alphaBar *= 1 - schedule.Betas[k];
                (a[i], s[i]) = (Math.Sqrt(alphaBar), Math.Sqrt(1 - alphaBar));
            }

            var zt = tensor(a, n, 1) * x + tensor(s, n, 1) * epsilon;
            var error = epsilon - network.Forward(zt, tensor([.. t.Select(v => v / schedule.T)], n, 1));
            return (error * error).sum(1);
        }

        public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) => _reference.Sample(shape, schedule, network, noise);
    }
}
