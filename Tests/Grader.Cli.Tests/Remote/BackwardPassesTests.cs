using Grader.Checks.Checking;
using Grader.Contracts.Flows;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Cli.Tests.Remote;

/// <summary>
/// A training check counts the engine's backward passes a <c>Train</c> call made (<c>HandinCall.Run</c> with
/// <c>out backwardPasses</c>; issue 45, items 1 and 3): for a hand-in in its host, the host's channel reports the passes
/// made on its serving thread before each answer and the grader's channel credits them to the calling thread, so the
/// check reads the same count as in process. Only the hand-in's passes count: the grader's own passes on other threads
/// and the passes of an earlier call are not the call's.
/// </summary>
public class BackwardPassesTests
{
    [Test]
    public void A_remote_Train_call_is_credited_with_the_passes_its_host_made()
    {
        var handin = new PassingTraining();
        using var pair = new ChannelPair(c => c.IsInstanceOfType(handin) ? handin : null);
        var training = pair.Resolve<IInnTraining>();
        var call = new HandinCall("test.check", "000/2c");

        call.Run("Train", () => training.Train(torch.ones(4, 2), 7, new Generator(1UL)), out _, out var passes).Should().BeNull();
        passes.Should().Be(7, "the hand-in made one backward pass per step on the host's thread");
        call.Run("Train", () => training.Train(torch.ones(4, 2), 3, new Generator(1UL)), out _, out passes).Should().BeNull();
        passes.Should().Be(3, "a call is credited with its own passes, not the earlier call's");
        call.Run("Train", () => training.Train(torch.ones(4, 2), 0, new Generator(1UL)), out _, out passes).Should().BeNull();
        passes.Should().Be(0, "no pass, no report");
        pair.Grader.Broken.Should().BeNull();
    }

    [Test]
    public void An_in_process_call_counts_backward_and_autograd_grad_and_nothing_else()
    {
        var handin = new PassingTraining { ByGrad = true };
        var call = new HandinCall("test.check", "000/2c");
        call.Run("Train", () => handin.Train(torch.ones(4, 2), 5, new Generator(1UL)), out _, out var passes).Should().BeNull();
        passes.Should().Be(5, "torch.autograd.grad is a backward pass as backward() is");

        var forwardOnly = () =>
        {
            var w = torch.ones(2, 1).requires_grad_();
            return torch.ones(4, 2).matmul(w).sum();
        };
        call.Run("Forward", forwardOnly, out _, out passes).Should().BeNull();
        passes.Should().Be(0, "a forward pass that is never differentiated is no pass");
    }

    /// <summary>A "training": one backward pass (or autograd.grad) of a small loss per step, no optimiser.</summary>
    private sealed class PassingTraining : IInnTraining
    {
        public bool ByGrad { get; init; }

        public INormalizingFlow Train(Tensor data, int steps, Generator generator)
        {
            var w = torch.ones(data.size(1), 1).requires_grad_();
            for (int step = 0; step < steps; step++)
            {
                var loss = data.matmul(w).sum();
                if (ByGrad) torch.autograd.grad(loss, w);
                else loss.backward();
            }
            return new IdentityFlow();
        }
    }

    private sealed class IdentityFlow : INormalizingFlow
    {
        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => (x, torch.zeros(x.size(0)));

        public Tensor Inverse(Tensor z) => z;
    }
}
