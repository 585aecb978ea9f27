using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// An explicit Runge–Kutta method by its Butcher tableau (nodes c, matrix A below the diagonal, weights b) and its order,
/// stepped in double. <see cref="Known"/> are the valid methods a student may write for the notebook's euler, rk2 and
/// rk4: the notebook's own (Euler, the midpoint method, classic Runge–Kutta) and the other common tableaux of the same
/// sizes (Heun's and Ralston's second-order methods, the 3/8 rule), so that a check can tell which method a step is.
/// The tutor's side only (a stepper of the notebook's tableaux is what task 1.4 asks).
/// </summary>
/// <param name="Name">How feedback names it.</param>
/// <param name="Order">Its global order.</param>
/// <param name="C">Nodes c_i (the stage times t + c_i·h).</param>
/// <param name="A">Row i: the coefficients a_ij, j &lt; i, of the earlier stages in stage i.</param>
/// <param name="B">Weights b_i of the stages in the step.</param>
public sealed record ExplicitTableau(string Name, int Order, double[] C, double[][] A, double[] B)
{
    /// <summary>The valid methods of 1, 2 and 4 stages a hand-in's euler, rk2 or rk4 may take.</summary>
    public static IReadOnlyList<ExplicitTableau> Known { get; } =
    [
        new("Euler's method", 1, [0], [[]], [1]),
        new("the midpoint method", 2, [0, 0.5], [[], [0.5]], [0, 1]),
        new("Heun's method (the trapezoid of the slopes at both ends)", 2, [0, 1], [[], [1]], [0.5, 0.5]),
        new("Ralston's method", 2, [0, 2.0 / 3], [[], [2.0 / 3]], [0.25, 0.75]),
        new("classic Runge–Kutta (rk4)", 4, [0, 0.5, 0.5, 1], [[], [0.5], [0, 0.5], [0, 0, 1]], [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6]),
        new("the 3/8 rule", 4, [0, 1.0 / 3, 2.0 / 3, 1], [[], [1.0 / 3], [-1.0 / 3, 1], [1, -1, 1]], [0.125, 0.375, 0.375, 0.125]),
    ];

    /// <summary>One step of the method from state <paramref name="s"/> at time <paramref name="t"/> with step <paramref name="h"/>.</summary>
    public double[] Step(ClosedFormField field, double[] s, double t, double h)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(s);
        var k = new double[B.Length][];
        for (int i = 0; i < B.Length; i++)
        {
            var stage = (double[])s.Clone();
            for (int j = 0; j < A[i].Length; j++)
                for (int m = 0; m < stage.Length; m++) stage[m] += h * A[i][j] * k[j][m];
            k[i] = field.At(stage, t + C[i] * h);
        }
        var next = (double[])s.Clone();
        for (int i = 0; i < B.Length; i++)
            for (int m = 0; m < next.Length; m++) next[m] += h * B[i] * k[i][m];
        return next;
    }
}
