namespace Grader.Cli.GitHub;

/// <summary>GitHub's API refused a request or could not be reached; the message is for the tutor, in one sentence.</summary>
public sealed class GitHubApiException(string message) : Exception(message);
