namespace Grader.Remote.Channel;

/// <summary>
/// The <see cref="Exception.Data"/> keys a rethrown hand-in exception carries, as literals so the host program
/// (Graders/Host, which has no Grader.Checks) compiles the same sources; they equal
/// <c>HandinGrader.LocationKey</c> and <c>HandinGrader.TypeKey</c> (a test holds them equal).
/// </summary>
public static class RemoteKeys
{
    /// <summary>Where in the hand-in's code the exception was raised.</summary>
    public const string Location = "grader.handin-location";

    /// <summary>The short name of a hand-in exception type that could not be recreated.</summary>
    public const string Type = "grader.handin-type";
}
