namespace Grader.Contracts.Sample;

/// <summary>The sample family's one contract: sheet 900, exercise 1, "scale a number by two".</summary>
public interface IScaler
{
    /// <summary>Returns 2·x.</summary>
    double Scale(double x);
}
