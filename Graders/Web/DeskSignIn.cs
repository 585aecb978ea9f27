using Grader.Semester;

namespace Grader.Web;

/// <summary>A tutor's sign-in on the desk (<see cref="GradingDesk.Access"/>): whose token it is, whether a session's token is still theirs, whether anyone can sign in.</summary>
public sealed class DeskSignIn
{
    private readonly GradingDesk _desk;

    internal DeskSignIn(GradingDesk desk) => _desk = desk;

    /// <summary>The tutor the token belongs to with the stamp of that token (<see cref="TutorToken.Stamp"/>), or null.</summary>
    public (string Name, string Stamp)? SignIn(string? token)
    {
        using (_desk.Hold())
        {
            var tutors = _desk.Gradebook.Tutors.Tutors();
            return TutorToken.Match(token, tutors) is { } name ? (name, TutorToken.Stamp(tutors.First(t => t.Name == name).TokenHash)) : null;
        }
    }

    /// <summary>True while <paramref name="tutor"/>'s token is still the one whose stamp a session carries: false once it is reissued or the tutor removed.</summary>
    public bool IsSession(string tutor, string stamp)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Tutors.Tutors().FirstOrDefault(t => t.Name == tutor) is { Name: not null } found
                && TutorToken.SameStamp(stamp, TutorToken.Stamp(found.TokenHash));
        }
    }

    /// <summary>True when at least one tutor can sign in.</summary>
    public bool HasTutors
    {
        get
        {
            using (_desk.Hold())
            {
                return _desk.Gradebook.Tutors.Tutors().Count > 0;
            }
        }
    }
}
