using Grader.Demo;

// The reference demo of Heidelberg MLPh sheet 10, exercise 1 (or 2). User mistakes end in one line on stderr and exit code 1.
try
{
    var options = DemoOptions.Parse(args);
    if (options is null)
    {
        Console.WriteLine(DemoOptions.Usage);
        return 0;
    }
    if (options.Exercise == 2) new HeidelbergExerciseTwo(options, Console.Out).Run();
    else new HeidelbergExerciseOne(options, Console.Out).Run();
    return 0;
}
catch (DemoUsageException e)
{
    Console.Error.WriteLine($"grader-demo: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"grader-demo: cannot write the output: {e.Message}");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"grader-demo: failed ({e.GetType().Name}): {e.Message}");
    return 2;
}
