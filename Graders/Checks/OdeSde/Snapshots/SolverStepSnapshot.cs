using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.OdeSde.Snapshots;

/// <summary>The public inputs of the visible solver-step check and what each method's step must give (file <c>ode-sde/solver-step</c>).</summary>
public sealed record SolverStepSnapshot(IReadOnlyList<SolverStepCase> Cases)
{
    public const string Name = "solver-step";
}

/// <summary>
/// One step from t to t + dt of a state [Rows, d] (row-major, d the field's columns) under a closed-form field, with
/// what each method must return (<see cref="SolverStepExpected"/>).
/// </summary>
public sealed record SolverStepCase(FieldSpec Field, int Rows, double[] State, double T, double Dt, IReadOnlyList<SolverStepExpected> Methods);

/// <summary>
/// One method's step on a case: the expected state at t + dt and the float32 tolerance of each entry, and the states
/// known wrong tableaux give (keyed as <see cref="SolverStepComparison.Explanations"/>), all computed by the tutor's side
/// in double.
/// </summary>
public sealed record SolverStepExpected(string Method, double[] Value, double[] Tolerance, IReadOnlyList<StepVariant> Variants);

/// <summary>The state one known wrong tableau gives, row-major like the expected one.</summary>
public sealed record StepVariant(string Name, double[] Values);
