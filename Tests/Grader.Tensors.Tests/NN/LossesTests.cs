using FluentAssertions;
using Grader.Tensors.Tests.Support;
using static Grader.Tensors.torch;

namespace Grader.Tensors.Tests.NN;

public class LossesTests
{
    private static readonly Tensor Input = tensor([1f, -2f, 0.5f, 3f, 0f, -1f], 2, 3);
    private static readonly Tensor Target = tensor([0f, -1f, 2f, 3f, 1f, 1f], 2, 3);

    [Test]
    public void Mse_reductions_match_hand_computed_values()
    {
        // squared differences: 1, 1, 2.25, 0, 1, 4 → sum 9.25, mean 9.25/6
        nn.functional.mse_loss(Input, Target, "none").ToArray().Should().Equal(1f, 1f, 2.25f, 0f, 1f, 4f);
        nn.functional.mse_loss(Input, Target, "sum").item().Should().Be(9.25f);
        nn.functional.mse_loss(Input, Target).item().Should().BeApproximately(9.25f / 6f, 1e-7f);
        nn.functional.mse_loss(Input, Target).dim().Should().Be(0);
        nn.MSELoss("sum").forward(Input, Target).item().Should().Be(9.25f);
    }

    [TestCase("mean")]
    [TestCase("sum")]
    [TestCase("none")]
    public void Mse_gradient_matches_finite_differences(string reduction) =>
        GradCheck.Assert(xs => nn.functional.mse_loss(xs[0], xs[1], reduction), Input, Target);

    [Test]
    public void Mse_rejects_different_shapes_and_unknown_reductions()
    {
        var broadcastBug = () => nn.functional.mse_loss(zeros(4), zeros(4, 1));
        broadcastBug.Should().Throw<ArgumentException>().WithMessage("*[4]*[4, 1]*");
        var reduction = () => nn.functional.mse_loss(zeros(4), zeros(4), "avg");
        reduction.Should().Throw<ArgumentException>().WithMessage("*'avg'*");
    }
}
