using Grader.Cli.Commands;
using Grader.Worker;

// Before anything else: no process of the same user may read this one's /proc (environment, folders, open files, memory) or attach to it.
ProcessPrivacy.Apply();

return await GraderCommand.InvokeAsync(args);
