namespace Grader.Cli.Commands;

/// <summary>The exit codes of <c>grader</c>. Students losing points is not a failure of the tool.</summary>
public static class ExitCodes
{
    /// <summary>The command did its job.</summary>
    public const int Done = 0;

    /// <summary>The command line, a path or an input file was wrong; nothing (or nothing more) was done. The message says what.</summary>
    public const int UsageError = 1;

    /// <summary><c>grader check --ci</c> (or <c>--fail-on-lost-points</c>): the hand-in lost points. Gives a student's push its red cross.</summary>
    public const int PointsLost = 2;

    /// <summary>The run finished, but some inputs were refused (not C#, corrupt zip, two hand-ins for one student); the summary lists them.</summary>
    public const int InputsRefused = 3;

    /// <summary>The grader itself failed (a worker could not be started, the output folder is not writable).</summary>
    public const int InfrastructureFailure = 4;

    /// <summary>Ctrl-C stopped the run (the shell's code for SIGINT); what was finished is kept and the same command resumes.</summary>
    public const int Stopped = 130;
}
