namespace Grader.Remote.Channel;

/// <summary>
/// An exception of a type the grader does not recreate (one the hand-in defined, or an unusual framework one), thrown
/// by hand-in code in its host and rethrown in the grader. Its message starts with the original type's short name
/// (<c>"BadScheduleError: β must be positive"</c>), and <see cref="Exception.Data"/> holds that name under
/// <see cref="RemoteKeys.Type"/>, so a verdict names the hand-in's type rather than this one.
/// </summary>
public sealed class HandinException : Exception
{
    public HandinException(string typeName, string message)
        : base($"{ShortName(typeName)}: {message}")
    {
        TypeName = typeName;
        OriginalMessage = message;
        Data[RemoteKeys.Type] = ShortName(typeName);
    }

    /// <summary>The full name of the type the hand-in threw.</summary>
    public string TypeName { get; }

    /// <summary>The message as the hand-in wrote it.</summary>
    public string OriginalMessage { get; }

    private static string ShortName(string typeName)
    {
        int dot = typeName.LastIndexOfAny(['.', '+']);
        return dot >= 0 && dot < typeName.Length - 1 ? typeName[(dot + 1)..] : typeName;
    }
}
