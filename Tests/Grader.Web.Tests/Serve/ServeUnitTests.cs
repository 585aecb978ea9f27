using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>The parts of <c>grader serve</c> that need no server: answer groups, the report HTML's sanitiser, tokens, versioned scores and their audit list.</summary>
public sealed class ServeUnitTests
{
    private static ReportAnswer Text(string text) => new("000/3a/loss-functions", "answer", text, null, []);

    private const string Long = "The flow's loss is the negative log-likelihood of the data: the change of variables gives log p(x) as the latent's log density at f(x) plus the log-determinant of the Jacobian, averaged over the batch.";

    [Test]
    public void Equal_answers_but_for_case_and_spacing_are_a_group_and_near_identical_long_ones_join_it()
    {
        var groups = AnswerGroups.Of([
            ("dave", Text(Long.Replace("averaged over the batch", "summed over the batch", StringComparison.Ordinal))),
            ("bob", Text("  MSE for regression,\n\tcross-entropy for classification ")),
            ("alice", Text("mse for regression, cross-entropy for classification")),
            ("carol", Text(Long)),
            ("erin", Text(Long.Replace("plus", "minus", StringComparison.Ordinal).Replace("Jacobian", "Hessian", StringComparison.Ordinal).Replace("data", "noise", StringComparison.Ordinal).Replace("latent", "prior", StringComparison.Ordinal).Replace("batch", "epoch", StringComparison.Ordinal))),
            ("frank", Text("mse for regression")),
            ("gina", new ReportAnswer("000/3a/loss-functions", "answer", "mse for regression", null, ["reports/gina/pages/page-1.png"])),
            ("hugo", null),
            ("ivan", null),
            ("jana", Text("")),
            ("kim", Text(" ")),
        ]);
        groups.Select(g => string.Join(' ', g.Students)).Should().Equal(
            "dave carol", "bob alice", "erin", "frank", "gina", "hugo", "ivan", "jana", "kim");
        groups[1].Answer!.Text.Should().StartWith("  MSE", "the group shows its first student's answer, in the order given");
    }

    [Test]
    public void A_group_is_shown_by_its_earliest_hand_in_and_without_times_not_by_the_first_name()
    {
        // zoe handed in first; aaron's copy came an hour later: zoe's answer is shown, aaron's folded under it.
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var times = new Dictionary<string, DateTimeOffset> { ["zoe"] = at, ["aaron"] = at.AddHours(1), ["mia"] = at.AddMinutes(30) };
        var order = AnswerGroups.Order(["aaron", "mia", "zoe"], s => times[s], "000/3a/loss-functions#answer");
        order.Should().Equal("zoe", "mia", "aaron");
        var answers = new Dictionary<string, ReportAnswer> { ["aaron"] = Text("MSE for regression, cross-entropy for classification"), ["mia"] = Text(Long), ["zoe"] = Text("mse for regression,  cross-entropy for classification") };
        var groups = AnswerGroups.Of(order.Select(s => (s, (ReportAnswer?)answers[s])).ToArray());
        groups[0].Students.Should().Equal("zoe", "aaron");
        groups[0].Answer.Should().BeSameAs(answers["zoe"], "the original stands in front, not the copier whose name sorts first");

        // Without times (or the same time for all), the order is a stable pseudo-random one: not the names' order, and the same on every call.
        var pairs = Enumerable.Range(0, 20).Select(i => (First: $"a{i:00}", Second: $"b{i:00}")).ToArray();
        var shown = pairs.Select(p => AnswerGroups.Order([p.First, p.Second], _ => null, "000/3a/loss-functions#answer")[0]).ToArray();
        shown.Should().Contain(s => s.StartsWith('a')).And.Contain(s => s.StartsWith('b'), "the alphabetically first name is not always in front");
        pairs.Select(p => AnswerGroups.Order([p.Second, p.First], _ => at, "000/3a/loss-functions#answer")[0]).Should().Equal(shown, "the same order whatever order the students come in, with or without one shared time");
    }

    [Test]
    public void A_group_shows_the_first_answer_and_every_member_whose_text_is_only_near_identical()
    {
        var task = CommonOptions.Catalog.FindTask("000/3a/loss-functions")!;
        var item = new SheetItem("000", 0, task, task.Manual[0]);
        ReportAnswer Of(string text) => new(task.Id, item.Item.Id, text, null, []);
        var answers = new Dictionary<string, ReportAnswer>
        {
            ["alice"] = Of("mse for regression, cross-entropy for classification"),
            ["bob"] = Of("MSE for  regression, cross-entropy for classification"),
            ["carol"] = Of(Long),
            ["dave"] = Of(Long.Replace("averaged over the batch", "<b>summed</b> over the batch", StringComparison.Ordinal)),
        };
        var groups = AnswerGroups.Of(answers.Select(a => (a.Key, (ReportAnswer?)a.Value)).ToArray());
        groups.Select(g => g.Students.Count).Should().Equal(2, 2);
        var reports = answers.ToDictionary(a => a.Key, a => (WrittenReport?)new WrittenReport(a.Key, ["report.md"], [a.Value], []));
        var view = new ItemView(item, groups, reports, new Dictionary<string, ManualScoreEntry>(), new Dictionary<string, IReadOnlyList<StoredVerdict>>());
        Grader.Web.App.GradingPages.Grading(view, "ana", "t", 0, []).Should().Contain($"{Pseudonyms.Of("000", "dave")}'s answer differs slightly").And.NotContain("dave", "names are hidden until a reveal");
        var page = Grader.Web.App.GradingPages.Grading(view with { NamesShown = true }, "ana", "t", 0, []);
        page.Should().Contain("dave's answer differs slightly").And.Contain("&lt;b&gt;summed&lt;/b&gt; over the batch");
        page.Should().NotContain("bob's answer differs", "bob's text equals alice's but for case and spacing");
    }

    [Test]
    public void A_reports_html_keeps_text_markup_and_loses_every_script_handler_link_image_and_style()
    {
        var safe = AnswerHtml.Sanitise("""
            <h2 id="x">Derivation</h2><p onclick="evil()">log p(x) = <em>log</em> p<sub>z</sub> &amp; 1 &lt; 2</p>
            <script>alert(1)</script><SCRIPT src=//x></SCRIPT><style>*{}</style><!-- <script>alert(2)</script> -->
            <img src=x onerror=alert(3)><a href="javascript:alert(4)">link</a><iframe src="//x"></iframe><svg onload=alert(5)>
            <p>&lt;script&gt;alert(6)&lt;/script&gt;</p><scr<script>ipt>alert(7)</script>
            """)!;
        safe.Should().Contain("<h2>Derivation</h2>").And.Contain("<p>log p(x) = <em>log</em> p<sub>z</sub> &amp; 1 &lt; 2</p>");
        safe.Should().Contain("<p>&lt;script&gt;alert(6)&lt;/script&gt;</p>", "escaped text stays escaped");
        safe.Should().NotContainAny("<script", "<SCRIPT", "<img", "<a ", "<iframe", "<svg", "onclick", "onerror", "<style", "alert(1)", "alert(2)", "javascript:");
        Regex.Matches(safe, "<[^>]*>").Select(m => m.Value).Should().OnlyContain(tag => Regex.IsMatch(tag, "^</?[a-z0-9]+>$"), "no tag keeps an attribute");
        AnswerHtml.Sanitise(null).Should().BeNull();
        AnswerHtml.Sanitise(new string('a', AnswerHtml.MaxLength + 1)).Should().BeNull();
    }

    [Test]
    public void A_token_matches_only_its_tutor_and_the_stored_hash_is_not_the_token()
    {
        var ana = TutorToken.New();
        var ben = TutorToken.New();
        ana.Should().HaveLength(43).And.NotBe(ben);
        var tutors = new[] { ("ana", TutorToken.Hash(ana)), ("ben", TutorToken.Hash(ben)), ("broken", "not hex") };
        TutorToken.Match(ana, tutors).Should().Be("ana");
        TutorToken.Match(ben, tutors).Should().Be("ben");
        TutorToken.Match(TutorToken.New(), tutors).Should().BeNull();
        TutorToken.Match(TutorToken.Hash(ana), tutors).Should().BeNull("the hash is not a token");
        TutorToken.Match("", tutors).Should().BeNull();
        TutorToken.Match(new string('x', 10_000), tutors).Should().BeNull();
        TutorToken.Hash(ana).Should().NotContain(ana).And.HaveLength(64);
    }

    [Test]
    public void A_write_on_a_stale_version_is_refused_for_the_whole_group_and_every_score_is_in_the_audit_list()
    {
        using var scratch = new Scratch();
        using var gradebook = CourseGradebook.Open(Path.Combine(scratch.Root, "semester.db"));
        const string task = "000/3a/loss-functions";
        gradebook.Scores.Score([("alice", 0), ("bob", 0)], task, "answer", 0.5, "both", "ana").Should().BeEmpty();
        gradebook.Scores.SetManualScore(new ManualScore("bob", task, "answer", 0.25, "from the command line"));
        var stale = gradebook.Scores.Score([("alice", 1), ("bob", 1)], task, "answer", 0, "", "ben");
        stale.Should().ContainSingle().Which.Should().Be(gradebook.Scores.ManualScores(task, "answer")["bob"]);
        stale[0].Should().Match<ManualScoreEntry>(s => s.Points == 0.25 && s.Tutor == "semester score" && s.Version == 2);
        gradebook.Scores.ManualScores(task, "answer")["alice"].Should().Match<ManualScoreEntry>(s => s.Points == 0.5 && s.Version == 1, "a refused group writes nobody");
        gradebook.Scores.Score([("alice", 1), ("bob", 2)], task, "answer", 0, "seen", "ben").Should().BeEmpty();
        gradebook.Scores.Audit("bob", task, "answer").Select(e => (e.Version, e.Points, e.Tutor)).Should().Equal((1, 0.5, "ana"), (2, 0.25, "semester score"), (3, 0.0, "ben"));
        gradebook.Scores.ManualScores().Single(m => m.Student == "alice").Points.Should().Be(0, "the app's scores are the gradebook's manual scores");
    }

    [Test]
    public void A_version_3_gradebook_gets_versions_tutors_and_the_audit_list_and_keeps_its_scores()
    {
        using var scratch = new Scratch();
        var path = OldGradebook.Write(scratch, string.Concat(GradebookSchema.Migrations.Take(3)) + """
            PRAGMA user_version = 3;
            INSERT INTO manual_scores (student, task, item, points, comment, entered) VALUES ('alice', '000/3a/loss-functions', 'answer', 0.5, 'ok', '2026-11-01T10:00:00Z');
            """);

        using var gradebook = CourseGradebook.Open(path);
        gradebook.OpenedVersion.Should().Be(3);
        gradebook.Scores.ManualScores("000/3a/loss-functions", "answer")["alice"].Should().Be(new ManualScoreEntry("alice", "000/3a/loss-functions", "answer", 0.5, "ok", "", "2026-11-01T10:00:00Z", 1));
        gradebook.Scores.Audit("alice", "000/3a/loss-functions", "answer").Should().ContainSingle().Which.Version.Should().Be(1);
        gradebook.Tutors.Tutors().Should().BeEmpty();
        gradebook.Scores.Score([("alice", 0)], "000/3a/loss-functions", "answer", 0, "", "ana").Should().ContainSingle("the score the tutor did not see is version 1");
    }

    [Test]
    public void An_item_without_rubric_levels_offers_its_points_in_half_point_steps()
    {
        var task = CommonOptions.Catalog.TasksOf("000").First(t => t.Manual.Count > 0);
        new SheetItem("000", 0, task, new ManualItem("x", 2)).Levels.Select(l => l.Points).Should().Equal(2, 1.5, 1, 0.5, 0);
        new SheetItem("000", 0, task, new ManualItem("x", 1.25)).Levels.Select(l => l.Points).Should().Equal(1.25, 1, 0.5, 0);
        new SheetItem("000", 0, task, new ManualItem("x", 1, null, [new RubricLevel(0, "missing"), new RubricLevel(1, "all")])).Levels
            .Select(l => l.Text).Should().Equal("all", "missing");
    }
}
