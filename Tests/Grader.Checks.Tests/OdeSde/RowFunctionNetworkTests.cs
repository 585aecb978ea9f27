using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.Tests.OdeSde;

/// <summary>
/// What the grader's closed-form network keeps of each call a hand-in makes (issue 27): the times as they came, never
/// the rows of x, so a hand-in that sends millions of rows within the check's callback budget makes the grader hold
/// 8 bytes per time it sent (one number when one time serves every row), where it held 16 bytes per row before
/// (1 GiB per check for 64 calls of 2²⁰ rows). The values it returns are unchanged.
/// </summary>
public sealed class RowFunctionNetworkTests
{
    private static RowFunctionNetwork Network() => new("the drift f(x, t)", (x, t) => x * t, (_, t) => t, (x, _) => x);

    [Test]
    public void One_time_for_a_million_rows_is_kept_as_one_number()
    {
        var network = Network();
        var x = torch.ones(1 << 20, 1);

        var value = network.Forward(x, torch.full([1, 1], 0.5f));

        value.shape.Should().Equal(1 << 20, 1);
        value.ToArray().Should().OnlyContain(v => v == 0.5f);
        network.Calls.Should().ContainSingle().Which.T.Should().Equal([0.5], "one time for all rows is kept as it came, not repeated per row");
    }

    [Test]
    public void A_time_per_row_is_kept_per_row_and_by_method()
    {
        var network = Network();
        var x = torch.tensor(new float[] { 1, 2, 3 }, 3, 1);
        var t = torch.tensor(new float[] { 0.25f, 0.5f, 0.75f }, 3, 1);

        network.Forward(x, t).ToArray().Should().Equal(0.25f, 1f, 2.25f);
        network.PartialX(x, t).ToArray().Should().Equal(0.25f, 0.5f, 0.75f);

        network.Calls.Select(c => c.Method).Should().Equal("Forward", "PartialX");
        network.Calls[0].T.Should().Equal([0.25, 0.5, 0.75], "the check reads at which times the drift was evaluated");
    }
}
