namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The weights of Catmull–Rom (cubic convolution) interpolation along one axis of a grid of <c>n</c> equally spaced
/// nodes, for the value and for the derivative (per unit of the axis): the value at u is Σ w[k]·v[nodes[k]], its
/// derivative Σ dw[k]·v[nodes[k]]. Inside, the four nodes i − 1 … i + 2 around u; a node beyond an end is continued
/// by <see cref="EndRule"/>; beyond the grid, the line of the end's slope. The ODE's <see cref="GriddedDrift"/> (in x)
/// and the SDE's <see cref="GriddedNetwork"/> (in x and in t, their products the bicubic weights) read a hand-in's
/// grid through it.
/// </summary>
public static class CatmullRomWeights
{
    /// <summary>How the node beyond an end (v[−1], v[n]) is continued from the nodes inside it.</summary>
    public enum EndRule
    {
        /// <summary>The end's line: v[−1] = 2v[0] − v[1] (the ODE's drift).</summary>
        Line,

        /// <summary>The end's parabola, so the end intervals keep the cubic's quadratic precision: v[−1] = 3v[0] − 3v[1] + v[2] (the SDE's networks).</summary>
        Parabola,
    }

    /// <summary>
    /// The nodes and weights at grid coordinate <paramref name="u"/> (in steps from the first node) on a grid of
    /// <paramref name="n"/> nodes <paramref name="spacing"/> apart: returns how many of <paramref name="nodes"/>,
    /// <paramref name="w"/> and <paramref name="dw"/> (each of length ≥ 4) it filled; 4 inside, 2 beyond the grid
    /// (the line of the end's slope), 0 when u is not finite.
    /// </summary>
    public static int At(double u, int n, double spacing, EndRule ends, Span<int> nodes, Span<double> w, Span<double> dw)
    {
        if (!double.IsFinite(u)) return 0;
        if (u <= 0)
        {
            (nodes[0], w[0], dw[0]) = (0, 1 - u, -1 / spacing);
            (nodes[1], w[1], dw[1]) = (1, u, 1 / spacing);
            return 2;
        }
        if (u >= n - 1)
        {
            double r = u - (n - 1);
            (nodes[0], w[0], dw[0]) = (n - 1, 1 + r, 1 / spacing);
            (nodes[1], w[1], dw[1]) = (n - 2, -r, -1 / spacing);
            return 2;
        }
        int i = Math.Min((int)u, n - 2);
        double s = u - i, s2 = s * s, s3 = s2 * s;
        Span<double> value = [(-s3 + 2 * s2 - s) / 2, (3 * s3 - 5 * s2 + 2) / 2, (-3 * s3 + 4 * s2 + s) / 2, (s3 - s2) / 2];
        Span<double> slope = [(-3 * s2 + 4 * s - 1) / 2, (9 * s2 - 10 * s) / 2, (-9 * s2 + 8 * s + 1) / 2, (3 * s2 - 2 * s) / 2];
        for (int k = 0; k < 4; k++) (nodes[k], w[k], dw[k]) = (i - 1 + k, value[k], slope[k] / spacing);
        if (i == 0) Fold(nodes, w, dw, ends, ghost: 0, 1, 2, 3, node: 0);
        if (i == n - 2) Fold(nodes, w, dw, ends, ghost: 3, 2, 1, 0, node: n - 1);
        return 4;
    }

    /// <summary>
    /// Moves the weight of the node beyond an end (slot <paramref name="ghost"/>) onto the nodes inside it (slots a, b, c
    /// from the end inwards): as 2, −1 times it (<see cref="EndRule.Line"/>) or 3, −3, 1 times it (<see cref="EndRule.Parabola"/>).
    /// </summary>
    private static void Fold(Span<int> nodes, Span<double> w, Span<double> dw, EndRule ends, int ghost, int a, int b, int c, int node)
    {
        if (ends == EndRule.Parabola)
        {
            (w[a], w[b], w[c]) = (w[a] + 3 * w[ghost], w[b] - 3 * w[ghost], w[c] + w[ghost]);
            (dw[a], dw[b], dw[c]) = (dw[a] + 3 * dw[ghost], dw[b] - 3 * dw[ghost], dw[c] + dw[ghost]);
        }
        else
        {
            (w[a], w[b]) = (w[a] + 2 * w[ghost], w[b] - w[ghost]);
            (dw[a], dw[b]) = (dw[a] + 2 * dw[ghost], dw[b] - dw[ghost]);
        }
        (nodes[ghost], w[ghost], dw[ghost]) = (node, 0, 0);
    }
}
