namespace Grader.Checks.OdeSde.Support;

/// <summary>
/// A <see cref="ClosedFormField"/> by its kind and three coefficients, as a snapshot stores it: "linear" is
/// <see cref="ClosedFormField.TimeDependentLinear"/>(a, b, c), "rotating" is <see cref="ClosedFormField.Rotating"/>(a, b, c).
/// </summary>
public sealed record FieldSpec(string Kind, double A, double B, double C)
{
    public static FieldSpec Linear(double a, double b, double c) => new("linear", a, b, c);

    public static FieldSpec Rotating(double w, double d, double e) => new("rotating", w, d, e);

    /// <summary>The field this spec names.</summary>
    public ClosedFormField Field() => Kind switch
    {
        "linear" => ClosedFormField.TimeDependentLinear(A, B, C),
        "rotating" => ClosedFormField.Rotating(A, B, C),
        _ => throw new InvalidOperationException($"unknown field kind '{Kind}' (expected 'linear' or 'rotating')"),
    };
}
