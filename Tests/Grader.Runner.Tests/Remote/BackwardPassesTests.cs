using Grader.Checks.Checking;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// A training check counts the engine's backward passes a <c>Train</c> call made (<c>HandinCall.Run</c> with
/// <c>out BackwardWork</c>; issue 45, items 1 and 3): for a hand-in in its host, the host's channel reports the passes
/// made on its serving thread before each answer and the grader's channel credits them to the calling thread, so the
/// check reads the same count as in process. Only the hand-in's passes count: the grader's own passes on other threads
/// and the passes of an earlier call are not the call's. The same holds of their work (the multiply-adds of their matrix
/// products) and the largest pass's, which the host reports with them.
/// </summary>
public class BackwardPassesTests
{
    [Test]
    public void A_remote_Train_call_is_credited_with_the_passes_its_host_made()
    {
        var handin = new PassingTraining();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);
        var training = pair.Resolve<IInnTrainingRun>();
        var call = new HandinCall("test.check", "000/2c");

        call.Run("Train", () => training.Train(torch.ones(4, 2), 7, new Generator(1UL), new Generator(2UL)), out _, out BackwardWork passes).Should().BeNull();
        passes.Passes.Should().Be(7, "the hand-in made one backward pass per step on the host's thread");
        call.Run("Train", () => training.Train(torch.ones(4, 2), 3, new Generator(1UL), new Generator(2UL)), out _, out passes).Should().BeNull();
        passes.Passes.Should().Be(3, "a call is credited with its own passes, not the earlier call's");
        call.Run("Train", () => training.Train(torch.ones(4, 2), 0, new Generator(1UL), new Generator(2UL)), out _, out passes).Should().BeNull();
        passes.Passes.Should().Be(0, "no pass, no report");
        pair.Grader.Broken.Should().BeNull();
    }

    [Test]
    public void A_remote_call_is_credited_with_the_work_of_its_passes_as_an_in_process_call_is()
    {
        var handin = new PassingTraining { OneRowPasses = 4 };
        var inProcess = new HandinCall("test.check", "000/2c");
        inProcess.Run("Train", () => handin.Train(torch.ones(16, 2), 6, new Generator(1UL), new Generator(2UL)), out _, out BackwardWork local).Should().BeNull();
        local.Passes.Should().Be(10);
        local.Largest.Should().Be(16 * 2, "the largest pass is a step's: the weight's gradient xᵀ·g over 16 rows, 2 × 16 × 1 multiply-adds");
        local.Work.Should().Be(6 * 16 * 2 + 4 * 2, "six steps on 16 rows and four passes on one row");

        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);
        var training = pair.Resolve<IInnTrainingRun>();
        var call = new HandinCall("test.check", "000/2c");
        call.Run("Train", () => training.Train(torch.ones(16, 2), 6, new Generator(1UL), new Generator(2UL)), out _, out BackwardWork remote).Should().BeNull();
        remote.Should().Be(local, "the host reports the passes, their work and the largest pass's, and the grader credits them to the call");
        call.Run("Train", () => training.Train(torch.ones(3, 2), 2, new Generator(1UL), new Generator(2UL)), out _, out remote).Should().BeNull();
        remote.Should().Be(new BackwardWork(6, 2 * 3 * 2 + 4 * 2, 3 * 2), "a call's largest pass is its own, not an earlier call's");
        pair.Grader.Broken.Should().BeNull();
    }

    [Test]
    public void An_in_process_call_counts_backward_and_autograd_grad_and_nothing_else()
    {
        var handin = new PassingTraining { ByGrad = true };
        var call = new HandinCall("test.check", "000/2c");
        call.Run("Train", () => handin.Train(torch.ones(4, 2), 5, new Generator(1UL), new Generator(2UL)), out _, out BackwardWork passes).Should().BeNull();
        passes.Passes.Should().Be(5, "torch.autograd.grad is a backward pass as backward() is");

        var forwardOnly = () =>
        {
            var w = torch.ones(2, 1).requires_grad_();
            return torch.ones(4, 2).matmul(w).sum();
        };
        call.Run("Forward", forwardOnly, out _, out passes).Should().BeNull();
        passes.Passes.Should().Be(0, "a forward pass that is never differentiated is no pass");
        passes.Work.Should().Be(0, "a forward's products are no pass's work");
    }

    /// <summary>A "training": one backward pass (or autograd.grad) of a small loss per step, no optimiser.</summary>
    private sealed class PassingTraining : IInnTrainingRun
    {
        public bool ByGrad { get; init; }

        /// <summary>Passes of the loss on the first row only, after the steps.</summary>
        public int OneRowPasses { get; init; }

        public TrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator)
        {
            var w = torch.ones(data.size(1), 1).requires_grad_();
            for (int step = 0; step < steps; step++)
            {
                var loss = data.matmul(w).sum();
                if (ByGrad) torch.autograd.grad(loss, w);
                else loss.backward();
            }
            for (int pass = 0; pass < OneRowPasses; pass++) data.narrow(0, 0, 1).matmul(w).sum().backward();
            return new TrainingOutcome([], null, null, 0, 0);
        }

        public INormalizingFlow Trained(int dataDimension, Generator modelGenerator, IReadOnlyList<Tensor> values) => new IdentityFlow();
    }

    private sealed class IdentityFlow : INormalizingFlow
    {
        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => (x, torch.zeros(x.size(0)));

        public Tensor Inverse(Tensor z) => z;
    }
}
