using Grader.Cli.Commands;

return await GraderCommand.Create().Parse(args).InvokeAsync();
