using Grader.Semester;
using Grader.Semester.Similarity;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// Issue 31's "done when", one semester through the command line in-process: two sheets (000 and 002, only their
/// cheapest tasks' checks) graded for alice, bob and carol and recorded; carol's sheet 000 is three days late (one grace
/// day, two days at 25 %: her points halved, before and after in her feedback and the totals), bob's sheet 002 is late
/// but inside his two-day extension; a manual score is entered for alice; sheet 000 is regraded after bob fixed his
/// regression loss and carol swapped in a VAE loss without its KL term: the manual score is kept and the list names
/// both changes, carol's as lower; carol's hand-in, a disguised copy of alice's, is the top pair of the similarity
/// report, bob's independent one below the threshold; the admission status of each student is printed; and the web
/// view renders in headless Chromium with every link resolving on the file system.
/// </summary>
[NonParallelizable]
public sealed class SemesterTests
{
    [Test]
    public async Task A_semester_records_two_sheets_late_work_a_manual_score_a_regrade_a_copy_and_the_admissions_and_renders_its_web_view()
    {
        using var scratch = new Scratch();
        string Root(string name) => Path.Combine(scratch.Root, name);
        var quickies = new[] { "QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs" };
        var alice = Example("Quickies/Correct", quickies);
        Write(Path.Combine(Root("s000"), "alice"), alice);
        Write(Path.Combine(Root("s000"), "bob"), IndependentQuickies.Files(sumInsteadOfMean: true));
        Write(Path.Combine(Root("s000"), "carol"), new Dictionary<string, string> { ["Solution.cs"] = PlantedCopy.Of(alice.Values) });
        var schedules = Example("Diffusion/Correct", "InvalidBetaSchedules.cs", "BetaScheduleAnswer.cs", "BetaScheduleValidity.cs");
        foreach (var student in new[] { "alice", "bob", "carol" })
        {
            Write(Path.Combine(Root("s002"), student), schedules);
        }

        // Both sheets' submission times come from an LMS export; sheet 002's files carry other times, which are only claimed (issue 67).
        SetTimes(Path.Combine(Root("s002"), "alice"), "2026-11-01T09:00:00Z");
        SetTimes(Path.Combine(Root("s002"), "bob"), "2026-11-01T18:00:00Z");
        SetTimes(Path.Combine(Root("s002"), "carol"), "2026-11-01T11:00:00Z");
        File.WriteAllText(Root("lms-002.csv"), "student,submitted\nalice,2026-11-08T09:00:00Z\nbob,2026-11-10T18:00:00Z\ncarol,2026-11-09T11:00:00Z\n");
        File.WriteAllText(Root("lms-000.csv"), "student,submitted\nalice,2026-11-01T10:00:00Z\nbob,2026-11-02T11:00:00Z\ncarol,2026-11-05T09:00:00+00:00\n");
        var course = new TestCourseFile("Generative models, winter 2026", ["alice", "bob", "carol", "dave"], [("000", "2026-11-02T12:00Z"), ("002", "2026-11-09T12:00Z")])
        {
            Admission = 0.04,
            Extensions = [("bob", "002", 2)],
            Late = (1, 0.25),
        }.WriteTo(Root("course.toml"));

        var clock = Stopwatch.StartNew();
        string[] common = ["--plain", "--jobs", "2", "--snapshots", TestSettings.Snapshots, "--seed", "31"];
        await Ok(["grade", Root("s000"), "--out", Root("run000"), "--sheet", "000", .. common, .. SkipAllBut("000", Cheap000)]);
        await Ok(["grade", Root("s002"), "--out", Root("run002"), "--sheet", "002", .. common, .. SkipAllBut("002", Cheap002)]);
        var first = await Ok("semester", "record", Root("run000"), "--course", course, "--handins", Root("s000"), "--submitted", Root("lms-000.csv"));
        first.Should().Contain("Recorded run 1 of sheet 000 (3 hand-in(s), seed 31)");
        first.Should().Contain("late: carol: Late policy: 3 days late").And.Contain("1 day of grace used, 2 days × 25 % off: points × 0.5");
        first.Should().NotContain("late: alice").And.NotContain("late: bob");
        var second = await Ok("semester", "record", Root("run002"), "--course", course, "--handins", Root("s002"), "--submitted", Root("lms-002.csv"));
        second.Should().NotContain("late:", "bob's 30 hours past the deadline are inside his 2-day extension; carol's grace day is spent, but she was on time");
        File.ReadAllText(Path.Combine(Root("run000"), "students", "carol", "feedback.html")).Should().Contain("Late policy: 3 days late")
            .And.Contain("Before the late policy 1 pt, after it 0.5 pts");
        File.ReadAllText(Path.Combine(Root("run000"), "students", "carol", "feedback.md")).Should().Contain("Late policy: 3 days late");

        // The tutor's manual score, then the totals.
        (await Ok("semester", "score", "--course", course, "--student", "alice", "--task", "000/3a/loss-functions", "--item", "answer", "--points", "0.5", "--comment", "both named"))
            .Should().Contain("alice: 000/3a/loss-functions answer = 0.5 / 0.5");
        var (badCode, _, badError) = await SemesterCommands.Grader("semester", "score", "--course", course, "--student", "alice", "--task", "000/3a/loss-functions", "--item", "answer", "--points", "0.75");
        badCode.Should().Be(ExitCodes.UsageError);
        badError.Should().Contain("gives 0 to 0.5 points").And.NotContain("   at ");

        // The regrade: bob fixed his regression loss (late, on his one grace day); carol swapped in a VAE loss without its KL term.
        Write(Path.Combine(Root("s000"), "bob"), IndependentQuickies.Files(sumInsteadOfMean: false));
        var carolsVae = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Mutants", "vae-no-kl", "QuickieVaeLoss.cs"));
        Write(Path.Combine(Root("s000"), "carol"), new Dictionary<string, string>
        {
            ["Solution.cs"] = PlantedCopy.Of(alice.Where(f => f.Key != "QuickieVaeLoss.cs").Select(f => f.Value)),
            ["QuickieVaeLoss.cs"] = carolsVae,
        });
        File.WriteAllText(Root("lms-000.csv"), "student,submitted\nalice,2026-11-01T10:00:00Z\nbob,2026-11-03T10:00:00Z\ncarol,2026-11-05T09:00:00Z\n");
        await Ok(["grade", Root("s000"), "--out", Root("run000"), "--sheet", "000", .. common, .. SkipAllBut("000", Cheap000)]);
        var regrade = await Ok("semester", "record", Root("run000"), "--course", course, "--handins", Root("s000"), "--submitted", Root("lms-000.csv"));
        regrade.Should().Contain("Recorded run 2 of sheet 000").And.Contain("Regrade of sheet 000: 2 automatic score(s) changed (1 lower).");
        regrade.Should().MatchRegex(@"bob  000/3a/loss-functions  0 -> 0\.5\r?\n", "bob's summed regression loss failed a hidden check, which withheld 3 (a)'s ½ point; fixed, it earns it");
        regrade.Should().MatchRegex(@"carol  000/3e/generative-losses  0\.5 -> 0  \(LOWER\)", "the failed VAE check (hidden) withholds 3 (e)'s ½ point");
        regrade.Should().Contain("Manual scores and comments are kept (1 in the gradebook).");
        File.ReadAllText(Path.Combine(Root("run000"), SemesterCommand.ChangesFileName)).Should().Contain("(LOWER)");

        var totals = await Ok("semester", "totals", "--course", course);
        var lines = totals.Split('\n');
        // The maximum is the runs' (issue 69): the checks both runs left out (--skip-check) are in none, so it is what their
        // gradebooks' max columns say, less than the catalog's 49 for the two sheets.
        static double RunMax(string run)
        {
            var rows = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, "gradebook.csv")));
            return double.Parse(rows.Single(r => r[0] == "alice")[rows[0].ToList().IndexOf("max")], CultureInfo.InvariantCulture);
        }

        var max = RunMax(Root("run000")) + RunMax(Root("run002"));
        max.Should().BeLessThan(CommonOptions.Catalog.MaxPoints("000") + CommonOptions.Catalog.MaxPoints("002"));
        var most = Csv.Number(max);
        // alice: 1 (000 auto) + 0.5 (manual) + 1 (002's schedule tasks' automatic points): 2.5 ≥ 0.04 × the maximum.
        lines.Should().Contain(l => l.StartsWith($"alice | 1.5 (manual pending) | 2 (manual pending) | 3.5 / {most} | admitted", StringComparison.Ordinal), totals);
        lines.Should().Contain(l => l.StartsWith("bob | 1 (1 d late, grace) (manual pending) |", StringComparison.Ordinal) && l.EndsWith($"| 3 / {most} | admitted", StringComparison.Ordinal), totals);
        lines.Should().Contain(l => l.StartsWith($"carol | 0.5 -> 0.25 (3 d late) (manual pending) | 2 (manual pending) | 2.25 / {most} | admitted", StringComparison.Ordinal), totals);
        lines.Should().Contain(l => l.StartsWith($"dave | not handed in | not handed in | 0 / {most} | not admitted (needs {Csv.Number(0.04 * max)})", StringComparison.Ordinal), totals);

        var lms = Root("gradebook-lms.csv");
        await Ok("semester", "export", "--course", course, "--out", lms, "--sheet", "000");
        File.ReadAllLines(lms).Should().Equal(
            "Student,ID,SIS User ID,SIS Login ID,Section,Sheet 000 (points)",
            "alice,,,alice,,", "bob,,,bob,,", "carol,,,carol,,", "dave,,,dave,,0");

        // The similarity report over sheet 000's hand-ins: the disguised copy first, the independent hand-in below the threshold.
        var similarity = await Ok("similarity", Root("s000"), "--out", Root("run000"), "--template", Path.Combine(RepositoryRoot.Path, "Submissions", "Template", "Quickies"));
        similarity.Should().Contain("3 pairs compared; 1 at or above 0.5:");
        Regex.Match(similarity, @"\n  (\d\.\d\d)  alice – carol\n").Success.Should().BeTrue(similarity);

        await Ok("semester", "web", "--course", course, "--out", Root("web"));
        TestContext.Out.WriteLine($"The semester up to its web view took {clock.Elapsed.TotalSeconds:0.0} s.");
        var pages = new[] { Path.Combine(Root("web"), SemesterPage.FileName), Path.Combine(Root("run000"), CohortPage.FileName), Path.Combine(Root("run002"), CohortPage.FileName) };
        var chromium = Chromium.Find();
        foreach (var page in pages)
        {
            var dom = chromium is null ? File.ReadAllText(page) : Chromium.Run(chromium, Root("profile"), "--dump-dom", new Uri(page).AbsoluteUri);
            dom.Should().Contain("<svg class=\"histogram\"");
            PageLinks.Broken(page, dom).Should().BeEmpty($"every link of {page} resolves from the file system");
        }

        var semester = File.ReadAllText(pages[0]);
        semester.Should().Contain("0.5 → 0.25").And.Contain("not admitted");
        var cohort = File.ReadAllText(pages[1]);
        cohort.Should().Contain($"{SimilarityHtml.FileName}#pair-alice-carol").And.Contain("Late hand-ins").And.Contain("students/carol/feedback.html");
        if (chromium is null)
        {
            Assert.Ignore("chromium is not on PATH: the pages' links were checked in their text, not in a browser.");
        }
    }

    private static void SetTimes(string folder, string time)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.SetLastWriteTimeUtc(file, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        }
    }
}
