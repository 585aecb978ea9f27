namespace Grader.Reference.OdeSde;

/// <summary>Where each step of a backward solve on the <see cref="TimeGrid"/> starts.</summary>
public enum ReverseTimes
{
    /// <summary>From t_k to t_{k−1}, starting at t_k (k = points − 1 … 1): the ODE's own times.</summary>
    GridPoint,

    /// <summary>
    /// <c>ODE.ipynb</c>'s <c>simulate_ode(reverse=True)</c> as stored: the steps start at t_{k−1} (it loops over
    /// <c>reversed(t[:-1])</c>), so the drift is read one step late, an O(dt) error for every method. Kept to recognise a
    /// port of that loop; the reference computes <see cref="GridPoint"/>.
    /// </summary>
    NotebookShifted,
}
