using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// <see cref="DrawnBatches"/>, how the INN training check calls a trained flow (issue 45, item 1): the sizes cover the
/// rows once, each in the drawn range; the outputs come back in the rows' order; and a map that answers large calls
/// otherwise than small ones (latents shrunk by 0.85 above 2,000 rows, the log-det of the unshrunk map) gets, from the
/// very same calls, Jacobians that disagree with its log-determinant by far more than the check allows, while the
/// honest map's agree to rounding.
/// </summary>
public class DrawnBatchesTests
{
    [Test]
    public void The_sizes_cover_every_row_once_within_the_drawn_range()
    {
        var g = new Generator(7);
        foreach (var n in new[] { 1, 63, 64, 1_000, 26_000, 100_000 })
        {
            var sizes = DrawnBatches.Sizes(g, n);
            sizes.Sum().Should().Be(n);
            sizes.Should().OnlyContain(s => s >= 1);
            if (n >= DrawnBatches.Smallest) sizes.Should().OnlyContain(s => s >= DrawnBatches.Smallest && s <= DrawnBatches.Largest + DrawnBatches.Smallest);
        }
        // Over many draws both ends of the range occur (log-uniform: a size below 128 about one draw in 8).
        var many = Enumerable.Range(0, 50).SelectMany(_ => DrawnBatches.Sizes(g, 100_000)).ToList();
        many.Should().Contain(s => s < 128).And.Contain(s => s > 8_192);
    }

    [Test]
    public void The_outputs_come_back_in_the_rows_order()
    {
        const int n = 5_000, d = 3;
        var rows = Enumerable.Range(0, n * d).Select(i => (float)i).ToArray();
        var call = new Grader.Checks.Checking.HandinCall("test", "sheet");
        var sizes = new List<int>();
        var failure = DrawnBatches.Map(call, "Forward", x =>
        {
            sizes.Add(x.size(0));
            return (x * 2f, x.sum(1));
        }, true, rows, n, d, new Generator(3), out var outputs, out var logDets);
        failure.Should().BeNull();
        sizes.Sum().Should().Be(n);
        outputs.Should().Equal(rows.Select(v => 2 * v));
        for (int i = 0; i < n; i++) logDets[i].Should().Be(3 * i * d + 3);
    }

    [Test]
    public void A_wrong_shape_fails_with_the_calls_name()
    {
        var call = new Grader.Checks.Checking.HandinCall("test", "sheet");
        var failure = DrawnBatches.Map(call, "Forward", x => (x.narrow(1, 0, 2), null), false, new float[300], 100, 3, new Generator(1), out _, out _);
        failure.Should().NotBeNull();
        failure!.Passed.Should().BeFalse();
        failure.Message.Should().Contain("Forward").And.Contain("shape");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_map_that_answers_large_calls_otherwise_gets_a_Jacobian_that_disagrees_with_its_log_det(bool shrinksLargeCalls)
    {
        // z = A·x with det A = 3 (as FlowJacobianTests), log|det| = ln 3 reported on every call; the cheat shrinks z by 0.85 on calls of more than 2,000 rows.
        const int m = 2_000, d = 3;
        var a = tensor(new float[] { 2, 1, 0, 0, 3, 0, 1, 0, 0.5f }, 3, 3);
        var points = (torch.randn([m, d], new Generator(5))).contiguous().ToArray();
        var stencil = FlowJacobian.Stencil(points, m, d);
        var call = new Grader.Checks.Checking.HandinCall("test", "sheet");
        var failure = DrawnBatches.Map(call, "Forward", x =>
        {
            var z = x.matmul(a.t());
            if (shrinksLargeCalls && x.size(0) > 2_000) z = z * 0.85f;
            return (z, torch.full([x.size(0)], (float)Math.Log(3)));
        }, true, stencil, m * FlowJacobian.StencilRows(d), d, new Generator(11), out var outputs, out var reported);
        failure.Should().BeNull();
        var own = FlowJacobian.LogAbsDet(FlowJacobian.FromStencil(stencil, outputs, m, d), d);
        double meanError = Enumerable.Range(0, m).Average(i => Math.Abs(reported[i * FlowJacobian.StencilRows(d)] - own[i]));
        if (shrinksLargeCalls) meanError.Should().BeGreaterThan(2 * InnTrainingQualityBudget.Calibrated.MaxLogDetError);
        else meanError.Should().BeLessThan(1e-3);
    }
}
