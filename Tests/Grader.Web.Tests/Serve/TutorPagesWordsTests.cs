using System.Text.RegularExpressions;
using Grader.Web.Comments;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The tutors' pages name an item in the sheet's words (issue 82): the grading page, the sheet's items page, an item's
/// audit, the release and regrade page (a request on a manual item and one on a task's checks), the statistics and the
/// code page's "Scores now" each head and link the item as the sheet heads its task ("3 (a) … · Answer"), never by the
/// grader's bare ids ("000/3a/loss-functions · answer"), which stay only where a tutor types them (a small
/// <c>&lt;code class="id"&gt;</c>, a title attribute).
/// </summary>
public sealed partial class TutorPagesWordsTests : ServeCourseTests
{
    // A heading, a link, the page's title, the breadcrumb: where an item is named.
    [GeneratedRegex("<(h1|h2|h3|a|title|nav)\\b[^>]*>(.*?)</\\1>", RegexOptions.Singleline)]
    private static partial Regex Named();

    [GeneratedRegex("<code class=\"id\">.*?</code>", RegexOptions.Singleline)]
    private static partial Regex Ids();

    [Test]
    public async Task Every_tutor_page_heads_and_links_an_item_by_the_sheets_words_and_shows_its_ids_only_in_small_print()
    {
        var item = Course.Item();
        var task = item.Task;
        // The words as the sheet writes them (its exercise and the task's title), not as the grader's code builds them.
        var words = $"{task.Exercise} {task.Title} · Answer";
        item.Item.Id.Should().Be("answer", "the words above are this item's");
        var alice = ServeBrowserTests.P("alice");
        using (var gradebook = Course.Gradebook())
        {
            gradebook.Scores.Score([("alice", 0)], task.Id, item.Item.Id, item.Item.Points, "fine", "ana");
            gradebook.Regrades.FileRegrade("alice", "000", task.Id, item.Item.Id, "please look again").Should().BeTrue();
            gradebook.Regrades.FileRegrade("bob", "000", task.Id, "", "the checks, please").Should().BeTrue();
        }

        var (app, desk, url) = await Course.StartAsync();
        await using var _ = app;
        using var __ = desk;
        using var ana = new TutorClient(url);
        await ana.SignInAsync(Course.Tokens["ana"]);
        var problems = new List<string>();
        foreach (var path in new[] { "/sheet/000", item.Path, $"{item.Path}/audit/{alice}", "/sheet/000/students", "/sheet/000/statistics", CodePage.PathOf("000", alice) })
        {
            var page = await ana.PageAsync(path);
            var named = Named().Matches(Ids().Replace(page, "")).Select(m => Regex.Replace(m.Groups[2].Value, "<[^>]*>", "")).ToArray();
            problems.AddRange(named.Where(text => text.Contains(task.Id, StringComparison.Ordinal)).Select(text => $"{path}: named by the grader's id: {text.Trim()}"));
            if (!named.Any(text => text.Contains(Html.Escape(words), StringComparison.Ordinal)))
            {
                problems.Add($"{path}: no heading or link names the item \"{words}\"");
            }
        }

        problems.Should().BeEmpty();
        var grading = await ana.PageAsync(item.Path);
        grading.Should().Contain($"<code class=\"id\">{Html.Escape(item.Id)}</code>", "the ids a tutor types stay, in small print");
        var inbox = await ana.PageAsync("/sheet/000/students");
        inbox.Should().Contain($"{Html.Escape(task.Exercise)} {Html.Escape(task.Title)} · automatic checks</h3>", "a request on the task's checks names the task in words too");
    }
}
