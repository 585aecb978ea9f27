namespace Grader.Grading.Reporters;

/// <summary>How reporters name a <see cref="HandinStatus"/>: a stable token for CSV and XML, and words for people.</summary>
public static class HandinStatusText
{
    /// <summary>"graded", "compile-failed", "timed-out", "crashed", "refused": the gradebook's status column.</summary>
    public static string Token(HandinStatus status) => status switch
    {
        HandinStatus.Graded => "graded",
        HandinStatus.CompileFailed => "compile-failed",
        HandinStatus.TimedOut => "timed-out",
        HandinStatus.Crashed => "crashed",
        HandinStatus.Refused => "refused",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>"graded", "did not compile", "timed out", "crashed", "refused".</summary>
    public static string Words(HandinStatus status) => status switch
    {
        HandinStatus.Graded => "graded",
        HandinStatus.CompileFailed => "did not compile",
        HandinStatus.TimedOut => "timed out",
        HandinStatus.Crashed => "crashed",
        HandinStatus.Refused => "refused",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The first sentence a student reads when grading did not end normally ("Grading timed out."); null for a graded
    /// hand-in.
    /// </summary>
    public static string? Title(HandinStatus status) => status switch
    {
        HandinStatus.Graded => null,
        HandinStatus.CompileFailed => "The hand-in did not compile.",
        HandinStatus.TimedOut => "Grading timed out.",
        HandinStatus.Crashed => "Grading crashed.",
        HandinStatus.Refused => "The hand-in was refused.",
        _ => status.ToString() + ".",
    };

    /// <summary>
    /// Why, and what it means for the score: the outcome's reason (when there is one) and which checks scored 0; null
    /// for a graded hand-in.
    /// </summary>
    public static string? Detail(HandinReport outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var reason = string.IsNullOrWhiteSpace(outcome.Reason) ? null : EndSentence(outcome.Reason.Trim());
        return outcome.Status switch
        {
            HandinStatus.Graded => null,
            HandinStatus.CompileFailed => (reason is null ? "" : reason + " ") + "No check could run, so every check scores 0.",
            HandinStatus.TimedOut => (reason ?? "The hand-in ran past its time limit.") + " Checks that did not finish score 0.",
            HandinStatus.Crashed => (reason ?? "The worker ended without reporting.") + " Checks that did not report score 0.",
            HandinStatus.Refused => (reason is null ? "" : reason + " ") + "Nothing of it was compiled or run, so every check scores 0.",
            _ => reason,
        };
    }

    /// <summary><see cref="Title"/> and <see cref="Detail"/> in one line; null for a graded hand-in.</summary>
    public static string? Headline(HandinReport outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Title(outcome.Status) is { } title ? title + " " + Detail(outcome) : null;
    }

    private static string EndSentence(string text)
    {
        var sentence = char.ToUpperInvariant(text[0]) + text[1..];
        return sentence.EndsWith('.') || sentence.EndsWith('!') || sentence.EndsWith('?') ? sentence : sentence + ".";
    }
}
