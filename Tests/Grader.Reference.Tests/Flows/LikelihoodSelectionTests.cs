using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

public sealed class LikelihoodSelectionTests
{
    [TestCase(1000, 0.1, 100)]
    [TestCase(30, 0.1, 3)]
    [TestCase(25, 0.1, 3)]     // 2.5 rounds away from zero
    [TestCase(24, 0.1, 2)]
    [TestCase(7, 0.0, 0)]
    [TestCase(7, 1.0, 7)]
    public void The_count_is_fraction_times_n_rounded(int n, double fraction, int expected) =>
        LikelihoodSelection.Count(n, fraction).Should().Be(expected);

    [Test]
    public void The_most_likely_rows_come_first_and_ties_go_to_the_lower_row()
    {
        var ll = tensor(new float[] { -3, 5, 1, 5, -10, 2, 0, 4, -1, 3 }, 10);
        LikelihoodSelection.MostLikely(ll, 0.1).Should().Equal(1);
        LikelihoodSelection.MostLikely(ll, 0.3).Should().Equal(1, 3, 7);
        LikelihoodSelection.MostLikely(ll, 1.0).Should().Equal(1, 3, 7, 9, 5, 2, 6, 8, 0, 4);
    }

    [Test]
    public void Nan_likelihoods_and_fractions_outside_0_1_are_refused()
    {
        var nan = () => LikelihoodSelection.MostLikely(tensor(new[] { 1f, float.NaN }, 2), 0.5);
        nan.Should().Throw<ArgumentException>().Which.Message.Should().Contain("NaN");
        var big = () => LikelihoodSelection.MostLikely(tensor(new[] { 1f, 2f }, 2), 1.5);
        big.Should().Throw<ArgumentOutOfRangeException>();
        var shape = () => LikelihoodSelection.MostLikely(zeros(2, 2), 0.5);
        shape.Should().Throw<ArgumentException>().Which.Message.Should().Contain("[n]");
    }
}
