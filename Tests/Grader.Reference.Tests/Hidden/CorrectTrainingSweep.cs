namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The correct parts' seed sweep of the grader-owned training loops (diffusion, INN, ODE, SDE): on every seed the loop
/// trains (and, where the check verifies the recorded steps, they verify), the worst loss deviation stays a quarter of
/// its bound and the worst gradient deviation the given share of its tolerance.
/// </summary>
internal static class CorrectTrainingSweep
{
    /// <param name="seeds">Seeds 0 … seeds − 1.</param>
    /// <param name="train">For a seed: the failure (null when the run trained), the largest loss deviation over its bound, the largest gradient deviation over its tolerance.</param>
    /// <param name="gradientShare">The share of the gradient tolerance a correct run stays below.</param>
    public static void Verify(int seeds, Func<int, (string? Failure, double LossRatio, double GradientRatio)> train, double gradientShare)
    {
        double loss = 0, gradient = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var (failure, lossRatio, gradientRatio) = train(seed);
            failure.Should().BeNull($"seed {seed}");
            loss = Math.Max(loss, lossRatio);
            gradient = Math.Max(gradient, gradientRatio);
        }

        TestContext.Out.WriteLine($"largest loss deviation over its bound {loss:G3}, gradient deviation over its tolerance {gradient:G3}");
        loss.Should().BeLessThan(0.25, "a correct loss must stay far inside its bound");
        gradient.Should().BeLessThan(gradientShare);
    }
}
