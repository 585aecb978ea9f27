using Grader.Cli.Commands;
using Grader.Cli.Workers;

// Before anything else: no process of the same user may read this one's /proc (environment, folders, open files, memory) or attach to it.
ProcessPrivacy.Apply();
return await GraderCommand.InvokeAsync(args);
