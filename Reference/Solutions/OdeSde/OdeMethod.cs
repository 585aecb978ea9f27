namespace Grader.Reference.OdeSde;

/// <summary>The notebook's integrators (<c>ODE.ipynb</c>, <c>integrate_step</c>), each with its order of convergence.</summary>
public enum OdeMethod
{
    /// <summary>"euler": s + dt·F(s, t); order 1.</summary>
    Euler,

    /// <summary>"rk2", the midpoint method: s + dt·F(s + ½dt·F(s, t), t + ½dt); order 2.</summary>
    Rk2,

    /// <summary>"rk4", the classic Runge–Kutta method: stages at t, t + ½dt, t + ½dt, t + dt, weights (1, 2, 2, 1)/6; order 4.</summary>
    Rk4,
}

/// <summary>The notebook's names of <see cref="OdeMethod"/> and the orders.</summary>
public static class OdeMethods
{
    /// <summary>All three, in the order of the notebook.</summary>
    public static IReadOnlyList<OdeMethod> All { get; } = [OdeMethod.Euler, OdeMethod.Rk2, OdeMethod.Rk4];

    /// <summary>"euler", "rk2" or "rk4" → the method; anything else is an <see cref="ArgumentException"/> naming the three.</summary>
    public static OdeMethod Parse(string method) => method switch
    {
        "euler" => OdeMethod.Euler,
        "rk2" => OdeMethod.Rk2,
        "rk4" => OdeMethod.Rk4,
        _ => throw new ArgumentException($"Unknown integration method: '{method}' (the methods are \"euler\", \"rk2\" and \"rk4\")", nameof(method)),
    };

    /// <summary>The notebook's name of the method.</summary>
    public static string Name(this OdeMethod method) => method switch
    {
        OdeMethod.Euler => "euler",
        OdeMethod.Rk2 => "rk2",
        OdeMethod.Rk4 => "rk4",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The global order of convergence: 1, 2 or 4.</summary>
    public static int Order(this OdeMethod method) => method switch
    {
        OdeMethod.Euler => 1,
        OdeMethod.Rk2 => 2,
        OdeMethod.Rk4 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
