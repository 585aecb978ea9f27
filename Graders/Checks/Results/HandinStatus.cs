namespace Grader.Checks.Results;

/// <summary>How grading one hand-in ended. Every status still gives a complete report: a task for every task, a verdict for every check.</summary>
public enum HandinStatus
{
    /// <summary>Compiled, and every check reported (passed or not).</summary>
    Graded,

    /// <summary>Did not compile: every check failed with the compile errors.</summary>
    CompileFailed,

    /// <summary>A check, or the whole hand-in, ran past its wall-clock limit and the worker was killed.</summary>
    TimedOut,

    /// <summary>The worker process ended without reporting (a stack overflow, an exit from the hand-in, out of memory).</summary>
    Crashed,

    /// <summary>Refused at intake (a corrupt or unsafe zip, two hand-ins for one student, an unsafe name, …): never compiled nor run; every due check scores 0.</summary>
    Refused,
}
