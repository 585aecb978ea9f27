using Grader.Cli.Commands;

return await GraderCommand.InvokeAsync(args);
