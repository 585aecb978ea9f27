using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

public sealed class BlockPermutationTests
{
    [Test]
    public void A_hard_permutation_maps_channel_pi_i_to_i_as_freia_s_index_form()
    {
        var g = new Generator(4);
        var w = BlockPermutation.Hard(5, g);
        var perm = new Generator(4).Permutation(5);
        var x = tensor(new float[] { 10, 11, 12, 13, 14 }, 1, 5);
        x.matmul(w.t()).ToArray().Should().Equal(perm.Select(p => 10f + p));
        w.ToArray().Count(v => v == 1).Should().Be(5);
        w.ToArray().Count(v => v == 0).Should().Be(20);
    }

    [Test]
    public void A_soft_permutation_is_a_rotation_to_float32_precision()
    {
        for (int c = 2; c <= 6; c++)
        {
            var w = DoubleBlock.Matrix(BlockPermutation.Soft(c, new Generator(c)));
            double worst = 0;
            for (int i = 0; i < c; i++)
                for (int j = 0; j < c; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < c; k++) dot += w[k, i] * w[k, j];
                    worst = Math.Max(worst, Math.Abs(dot - (i == j ? 1 : 0)));
                }
            // Each entry of the exactly orthogonal Q was rounded once: |(ŴᵀŴ − I)_ij| ≤ 2u·Σ_k |q_ki||q_kj| + O(u²) ≤ 2u.
            worst.Should().BeLessThanOrEqualTo(2 * DoubleInn.U * 1.01, $"C = {c}");
            DoubleInn.LogAbsDet(w).Should().BeApproximately(0, 2 * c * DoubleInn.U);
            DoubleInn.SignAndLogAbsDet(w).Sign.Should().Be(1, $"C = {c}: a rotation, det +1");
        }
    }

    [Test]
    public void Soft_permutations_are_uniform_on_the_rotation_group()
    {
        // Haar on SO(3): every entry has mean 0 and E[w²] = 1/3, Var(w²) = E[w⁴] − 1/9 = 3/15 − 1/9. With n = 4000 draws
        // the tolerances 5·SE (0.046 for the mean of w, 0.024 for the mean of w²) give a false-fail rate of 6e-7 per
        // entry and moment (normal approximation), 1.1e-5 over all 18.
        const int n = 4000;
        var g = new Generator(11);
        var sum = new double[3, 3];
        var sumSq = new double[3, 3];
        for (int r = 0; r < n; r++)
        {
            var w = DoubleBlock.Matrix(BlockPermutation.Soft(3, g));
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) { sum[i, j] += w[i, j]; sumSq[i, j] += w[i, j] * w[i, j]; }
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                (sum[i, j] / n).Should().BeApproximately(0, 5 * Math.Sqrt(1.0 / 3 / n), $"mean of w[{i},{j}]");
                (sumSq[i, j] / n).Should().BeApproximately(1.0 / 3, 5 * Math.Sqrt((3.0 / 15 - 1.0 / 9) / n), $"mean of w[{i},{j}]²");
            }
    }
}
