using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Grader.Cli.GitHub;

/// <summary>
/// Posts a <see cref="CommitStatus"/> through GitHub's REST API (<c>POST /repos/{owner}/{repo}/statuses/{sha}</c>).
/// The token needs only "Commit statuses: write" on the course's repositories (a fine-grained token or a GitHub App).
/// </summary>
public sealed class CommitStatusClient(HttpClient http, Uri apiBase, string token)
{
    /// <summary>The environment variable that holds the token.</summary>
    public const string TokenVariable = "GRADER_STATUS_TOKEN";

    /// <summary>The API's address: <c>$GITHUB_API_URL</c> when set (GitHub Enterprise, or a test's fake), else https://api.github.com.</summary>
    public static Uri ApiBase(string? fromEnvironment) =>
        new((fromEnvironment is { Length: > 0 } url ? url : "https://api.github.com").TrimEnd('/') + "/");

    /// <summary>Posts <paramref name="status"/> on <paramref name="commit"/>.</summary>
    /// <exception cref="GitHubApiException">GitHub refused it or could not be reached; the message says which and why.</exception>
    public async Task PostAsync(CommitTarget commit, CommitStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(status);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, $"repos/{commit.Owner}/{commit.Name}/statuses/{commit.Sha}"))
        {
            Content = JsonContent.Create(status.Body()),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("grader", "1"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException($"could not reach {apiBase} to post the status on {commit}: {e.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new GitHubApiException($"GitHub refused the status on {commit}: {(int)response.StatusCode} {response.ReasonPhrase}"
                    + (body.Length > 0 ? $" ({(body.Length > 300 ? body[..300] + "…" : body)})" : "")
                    + ((int)response.StatusCode is 401 or 403 or 404 ? $"; does {TokenVariable} grant 'Commit statuses: write' on {commit.Owner}/{commit.Name}?" : ""));
            }
        }
    }
}
