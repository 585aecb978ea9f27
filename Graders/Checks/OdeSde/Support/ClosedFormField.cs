using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde.Support;

/// <summary>
/// A vector field of the grader given row by row in closed form, d(state)/dt = F(state row, t), evaluated in double
/// and handed over as float32 [N, d]. Fields used by the checks: a time-dependent linear one with a forcing term and
/// a coupled nonlinear 2-D one (<see cref="TimeDependentLinear"/>, <see cref="Rotating"/>).
/// </summary>
public sealed class ClosedFormField(string description, int columns, Func<double[], double, double[]> derivative) : IVectorField
{
    public string Description { get; } = description;

    public int Columns { get; } = columns;

    /// <summary>F at one row, in double.</summary>
    public double[] At(double[] row, double t) => derivative(row, t);

    public Tensor Evaluate(Tensor state, double t)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.dim() != 2 || state.size(1) != Columns)
            throw new ArgumentException($"the vector field takes a state of shape [N, {Columns}], got [{string.Join(", ", state.shape)}]");
        var s = state.contiguous().ToDoubleArray();
        int n = state.size(0);
        var result = new double[s.Length];
        for (int i = 0; i < n; i++)
        {
            var d = derivative(s.AsSpan(i * Columns, Columns).ToArray(), t);
            d.CopyTo(result, i * Columns);
        }
        return torch.tensor(result, n, Columns);
    }

    /// <summary>y′ = (a + b·t)·y + c·t².</summary>
    public static ClosedFormField TimeDependentLinear(double a, double b, double c) =>
        new($"y′ = ({a:G4} + {b:G4}t)·y + {c:G4}t²", 1, (y, t) => [(a + b * t) * y[0] + c * t * t]);

    /// <summary>(u, v)′ = (−w·v + d·sin(t)·u, w·u − e·v²): coupled, nonlinear and time-dependent.</summary>
    public static ClosedFormField Rotating(double w, double d, double e) =>
        new($"(u, v)′ = (−{w:G4}v + {d:G4}·sin(t)·u, {w:G4}u − {e:G4}v²)", 2, (s, t) => [-w * s[1] + d * Math.Sin(t) * s[0], w * s[0] - e * s[1] * s[1]]);
}
