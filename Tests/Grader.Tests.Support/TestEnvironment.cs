namespace Grader.Tests.Support;

/// <summary>Environment variables of this process set for the length of an action, then put back as they were.</summary>
public static class TestEnvironment
{
    /// <summary>Runs <paramref name="action"/> with <paramref name="variables"/> set (a null value removes one); restores them after it, also when it throws.</summary>
    public static async Task<T> With<T>(IReadOnlyDictionary<string, string?> variables, Func<Task<T>> action)
    {
        var before = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (k, v) in variables)
        {
            Environment.SetEnvironmentVariable(k, v);
        }

        try
        {
            return await action();
        }
        finally
        {
            foreach (var (k, v) in before)
            {
                Environment.SetEnvironmentVariable(k, v);
            }
        }
    }

    /// <summary>As <see cref="With{T}"/>, for an action without a result.</summary>
    public static Task With(IReadOnlyDictionary<string, string?> variables, Func<Task> action) =>
        With(variables, async () =>
        {
            await action();
            return true;
        });
}
