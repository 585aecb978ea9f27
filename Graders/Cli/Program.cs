using Grader.Cli.Commands;
using Grader.Worker;

// Before anything else: no process of the same user may read this one's /proc (environment, folders, open files, memory) or attach to it.
ProcessPrivacy.Apply();

// `grader serve --help` where the web app cannot start (no ASP.NET Core in this .NET): said once, before the help.
if (ServeEntry.HelpNote(args) is { } note)
{
    Console.Error.WriteLine(note);
}

return await GraderCommand.InvokeAsync(args);
