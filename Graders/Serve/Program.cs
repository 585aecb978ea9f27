using Grader.Serve;
using Grader.Worker;

// As every program of the grader: no process of the same user may read this one's /proc or attach to it.
ProcessPrivacy.Apply();

return ServeProgram.Run(args, Console.Out, Console.Error);
