namespace Grader.SelfCheck;

/// <summary>
/// The visible total as the self-check's project prints it after the test run's summary: the total's test writes it
/// into <see cref="FileName"/> beside the test assembly, and the project's <c>VSTest</c> target (Grader.SelfCheck.csproj)
/// deletes the file before the run and prints it after, so it is the last thing <c>dotnet test</c> prints.
/// </summary>
internal static class SelfCheckTotal
{
    /// <summary>The file's name, as the project file names it.</summary>
    public const string FileName = "selfcheck-total.txt";

    /// <summary>Writes <paramref name="text"/>; a folder that cannot be written only loses the repetition at the end.</summary>
    public static void Write(string text)
    {
        try
        {
            File.WriteAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, FileName), text + Environment.NewLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TestContext.Out.WriteLine($"(The total could not be kept for the end of the run: {e.Message})");
        }
    }
}
