namespace Grader.Contracts.Throwaway;

/// <summary>The throw-away family's one contract (<see cref="Grader.Cli.Tests.AddingATask.ThrowawayPack"/>): sheet 905, exercise 1, "double a number".</summary>
public interface IDoubler
{
    /// <summary>Returns 2·x.</summary>
    double Double(double x);
}
