using System.CommandLine;
using Grader.Checks.Courses;
using Grader.Grading.Courses;
using Grader.Checks.Handins;
using Grader.Grading.Discovery;
using Grader.Grading.Groups;

namespace Grader.Cli.Tests.Courses;

/// <summary>
/// A course handed in by groups (issue 68; the Heidelberg sheets: "only once for your group of three"): <c>course
/// check</c> locates every group and tutorial mistake, an LMS group export is read with the same rules and refused in
/// one located message when hostile, and <c>grader grade --course</c> grades a group's hand-in once and writes one row
/// per student, with the tutorial as the LMS file's Section, a members.txt conflict and a double hand-in shown.
/// </summary>
[NonParallelizable]
public sealed class GroupCourseTests
{
    private static readonly string Snapshots = Path.Combine(RepositoryRoot.Path, "fixtures", "snapshots");

    /// <summary>Heidelberg 2023's sheet 000 and 2022's sheet 001 as one course, with sheet 001's own groups (cy moves from g1 to g3).</summary>
    private static string TwoSheets()
    {
        var second = EditedCourse.Shipped("heidelberg-ml4physics-2022.toml");
        second = second[second.IndexOf("[[sheet]]", StringComparison.Ordinal)..];
        second = second.Insert(second.IndexOf("\ntotal = ", StringComparison.Ordinal) + 1, "deadline = 2026-11-20T12:00:00+01:00\n");
        var first = EditedCourse.Shipped("heidelberg-ml4physics-2023.toml").Replace("\ntotal = 21\n", "\ntotal = 21\ndeadline = 2026-11-13T12:00:00+01:00\n", StringComparison.Ordinal);
        return first + "\n" + second + "\n" + GroupCourse.Groups("sheet.group", ("g1", ["ada", "bob"]), ("g2", ["dan", "eve", "fay"]), ("g3", ["gus", "hal", "cy"])) + GroupCourse.Semester;
    }

    /// <summary>A course file's group tables: one <c>[[<paramref name="table"/>]]</c> per group with its id and members, each followed by a blank line.</summary>
    [Test]
    public void A_group_course_passes_and_a_sheet_uses_its_own_groups()
    {
        using var scratch = new Scratch();
        var path = Write(scratch, TwoSheets());

        var (code, stdout) = Check(path);

        code.Should().Be(ExitCodes.Done, stdout);
        stdout.Should().EndWith("9 students, 6 groups, 2 tutorials.\n");
        var warnings = stdout.Split('\n').Where(m => m.Contains("warning: ", StringComparison.Ordinal)).ToArray();
        warnings.Should().HaveCount(2, stdout);
        warnings.Should().ContainSingle(m => m.EndsWith("warning: \"ivy\" is in no group: they hand in alone, under their own name; add them to a group if they work in one.", StringComparison.Ordinal), "a student in no group is warned of, once");
        warnings.Should().ContainSingle(m => m.EndsWith("warning: the group \"g3\" has members in tue (2) and mon (1): its hand-in is graded in tue, where most of its members are; write tutorial = \"…\" in its table to choose.", StringComparison.Ordinal),
            "sheet 001's g3 takes cy from mon into a group of tue's");
        var semester = CourseSource.Load(path, CourseCatalog.Default.Packs).Semester!;
        semester.GroupsOf("000").Single(g => g.Id == "g1").Members.Should().Equal("ada", "bob", "cy");
        semester.GroupsOf("001").Single(g => g.Id == "g3").Members.Should().Equal("gus", "hal", "cy");
        semester.TutorialOf("IVY", StudentName.Key).Should().Be("tue");
    }

    [Test]
    public void A_group_spanning_two_tutorials_is_graded_in_one_its_majority_or_its_declared_one()
    {
        // cy moves to tue: g1 (ada, bob in mon; cy in tue) spans both tutorials, as the sheet's "list all names and
        // tutorial numbers" allows; g3 (gus in tue, hal moved to mon) is a tie, which goes to the tutorial listed first.
        using var scratch = new Scratch();
        var semester = GroupCourse.Semester
            .Replace("students = [\"ada\", \"bob\", \"cy\", \"dan\", \"eve\", \"fay\"]", "students = [\"ada\", \"bob\", \"dan\", \"eve\", \"fay\", \"hal\"]", StringComparison.Ordinal)
            .Replace("students = [\"gus\", \"hal\", \"ivy\"]", "students = [\"cy\", \"gus\", \"ivy\"]", StringComparison.Ordinal);
        var text = EditedCourse.Shipped("heidelberg-ml4physics-2023.toml") + semester;
        var path = Write(scratch, text);
        var lines = File.ReadAllLines(path);
        int Line(string start) => Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal)) + 1;

        var (code, stdout) = Check(path);

        code.Should().Be(ExitCodes.Done, stdout);
        var warnings = stdout.Split('\n').Where(m => m.Contains("warning: ", StringComparison.Ordinal)).ToArray();
        warnings.Should().Contain($"{path}:{Line("id = \"g1\"")}:1: warning: the group \"g1\" has members in mon (2) and tue (1): its hand-in is graded in mon, where most of its members are; write tutorial = \"…\" in its table to choose.");
        warnings.Should().Contain($"{path}:{Line("id = \"g3\"")}:1: warning: the group \"g3\" has members in mon (1) and tue (1): its hand-in is graded in mon, the first of the tied tutorials the course lists; write tutorial = \"…\" in its table to choose.");
        warnings.Should().NotContain(w => w.Contains("\"g2\"", StringComparison.Ordinal), "g2's members are all in mon");

        var loaded = CourseSource.Load(path, CourseCatalog.Default.Packs).Semester!;
        var roster = GroupRoster.Of(loaded, "000")!;
        roster.TutorialOfHandin("g1").Should().Be("mon", "two of g1's three members are in mon");
        roster.TutorialOfHandin("G3").Should().Be("mon", "a tie goes to the tutorial the course lists first");
        roster.TutorialOfHandin("ivy").Should().Be("tue", "a student handing in alone is in their own tutorial");
        roster.TutorialOf("cy").Should().Be("tue", "a member's own tutorial (the LMS Section) is unchanged");

        // Declared: g1 graded in tue whatever its members' majority; no warning for it.
        var declared = Write(scratch, text.Replace("id = \"g1\"\n", "id = \"g1\"\ntutorial = \"tue\"\n", StringComparison.Ordinal));
        var (declaredCode, declaredOut) = Check(declared);
        declaredCode.Should().Be(ExitCodes.Done, declaredOut);
        declaredOut.Should().NotContain("\"g1\" has members in");
        GroupRoster.Of(CourseSource.Load(declared, CourseCatalog.Default.Packs).Semester, "000")!.TutorialOfHandin("g1").Should().Be("tue");

        // A declared tutorial the course lacks is a located problem.
        var unknown = Write(scratch, text.Replace("id = \"g1\"\n", "id = \"g1\"\ntutorial = \"wed\"\n", StringComparison.Ordinal));
        var (unknownCode, unknownOut) = Check(unknown);
        unknownCode.Should().Be(ExitCodes.UsageError);
        unknownOut.Should().Contain($"{unknown}:{Line("id = \"g1\"")}:1: the group \"g1\" names the tutorial \"wed\", which is not one of the course's (mon, tue).");
    }

    [Test]
    public void Course_check_locates_each_group_and_tutorial_mistake()
    {
        using var scratch = new Scratch();
        var text = EditedCourse.Shipped("heidelberg-ml4physics-2023.toml") + """

            [semester]
            students = ["ada", "bob", "cy", "dan", "eve", "fay", "gus"]
            group-size = 3

            [[semester.group]]
            id = "g1"
            members = ["ada", "bob"]

            [[semester.group]]
            id = "g2"
            members = ["cy", "zed", "ada"]

            [[semester.group]]
            id = "g3"
            members = []

            [[semester.group]]
            id = "g4"
            members = ["dan", "eve", "fay", "gus"]

            [[semester.group]]
            id = "=HYPERLINK(1)"
            members = ["gus"]

            [[semester.tutorial]]
            id = "mon"
            tutors = []
            students = ["ada"]

            """;
        var path = Write(scratch, text);
        var lines = text.Split('\n');
        int Line(string start, int skip = 0) => Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith(start, StringComparison.Ordinal)).Skip(skip).First() + 1;
        int Column(int line, string part) => lines[line - 1].IndexOf(part, StringComparison.Ordinal) + 1;
        var g2Members = Line("members = [\"cy\", \"zed\"");

        var (code, stdout) = Check(path);

        code.Should().Be(ExitCodes.UsageError);
        var messages = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        messages.Should().Contain($"{path}:{g2Members}:{Column(g2Members, "\"zed\"")}: the group \"g2\" names \"zed\", who is not one of the course's students.");
        messages.Should().Contain($"{path}:{g2Members}:{Column(g2Members, "\"ada\"")}: \"ada\" is in two of the semester's groups: \"g1\" and \"g2\"; a student hands in with one group.");
        messages.Should().Contain($"{path}:{Line("id = \"g3\"")}:1: the group \"g3\" has no members.");
        messages.Should().Contain($"{path}:{Line("id = \"g4\"")}:1: the group \"g4\" has 4 members; the course's groups have at most 3 (group-size).");
        var formula = $"{path}:{Line("id = \"=HYPERLINK")}:1: the group id \"=HYPERLINK(1)\" cannot name a hand-in";
        messages.Should().Contain(m => m.StartsWith(formula, StringComparison.Ordinal));
        messages.Should().Contain($"{path}:{Line("id = \"mon\"")}:1: warning: no tutor covers the tutorial \"mon\" (tutors = [] ); its hand-ins are first on no tutor's page.");
        messages.Should().Contain($"{path}:{Line("members = [\"gus\"]")}:{Column(Line("members = [\"gus\"]"), "\"gus\"")}: \"gus\" is in two of the semester's groups: \"g4\" and \"=HYPERLINK(1)\"; a student hands in with one group.",
            "a group above group-size has its other problems reported too");
        stdout.Should().EndWith($"{path}: 6 problem(s).\n", "the warning is no problem");
    }

    [Test]
    public void A_members_list_of_100000_names_is_one_message()
    {
        using var scratch = new Scratch();
        var names = string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"\"s{i}\""));
        var path = Write(scratch, EditedCourse.Shipped("heidelberg-ml4physics-2023.toml") + $"\n[semester]\nstudents = [\"ada\"]\n\n[[semester.group]]\nid = \"big\"\nmembers = [{names}]\n");

        var (code, stdout) = Check(path);

        code.Should().Be(ExitCodes.UsageError);
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(m => !m.Contains(": warning: ", StringComparison.Ordinal)).Should().HaveCount(2, "one message and the count (and the warning that ada is in no group)")
            .And.Contain(m => m.EndsWith("the group \"big\" has 100000 members; a group has at most 50.", StringComparison.Ordinal));
    }

    [Test]
    public void An_lms_group_export_gives_the_groups_and_a_hostile_one_is_one_located_message()
    {
        using var scratch = new Scratch();
        var course = EditedCourse.Shipped("heidelberg-ml4physics-2023.toml") + "\n[semester]\nstudents = [\"ada\", \"bob\", \"cy\", \"dan\"]\ngroups-file = \"groups.csv\"\n";
        var path = Write(scratch, course);
        var csv = Path.Combine(scratch.Root, "groups.csv");
        var shown = Path.Combine(scratch.Root, "groups.csv");

        File.WriteAllText(csv, "name,canvas_user_id,user_id,login_id,sections,group_name,canvas_group_id,group_id\r\nAda,1,,ada,Mon,g1,7,\r\nBob,2,,bob,Mon,g1,7,\r\nCy,3,,cy,Tue,g2,8,\r\nDan,4,,dan,Tue,,,\r\n");
        var (code, stdout) = Check(path);
        code.Should().Be(ExitCodes.Done, stdout);
        var groups = CourseSource.Load(path, CourseCatalog.Default.Packs).Semester!.GroupsOf("000");
        groups.Select(g => $"{g.Id}:{string.Join('+', g.Members)}").Should().Equal("g1:ada+bob", "g2:cy");

        File.WriteAllText(csv, "group_name,login_id\r\ng1,ada\r\ng1,b\0b\r\n");
        Refused().Should().Be($"{shown}:3:1: the LMS group file holds a NUL character, so it is no CSV text; export it again from the LMS.");

        File.WriteAllText(csv, "group_name,login_id\r\ng1,ada\r\n\"g1,bob\r\n");
        Refused().Should().Be($"{shown}:3:1: the LMS group file is not valid CSV: the quote that opens this value is never closed (unbalanced quotes).");

        File.WriteAllText(csv, "group_name,login_id\r\n=cmd|' /C calc'!A0,ada\r\n");
        Refused().Should().StartWith($"{shown}:2:1: the group id \"=cmd|' /C calc'!A0\" cannot name a hand-in");

        File.WriteAllText(csv, "group_name,login_id\r\ng1,ada\r\ng2,ada\r\n");
        Refused().Should().Be($"{shown}:3:2: \"ada\" is in two of the semester's groups: \"g1\" and \"g2\"; a student hands in with one group.");

        using (var big = new FileStream(csv, FileMode.Create))
        {
            big.SetLength(200L << 20); // sparse: 200 MB that take no disk
        }

        Refused().Should().StartWith($"{shown}:1:1: the LMS group file (groups-file) could not be read: it is larger than the 16 MiB");

        string Refused()
        {
            var (refusedCode, text) = Check(path);
            refusedCode.Should().Be(ExitCodes.UsageError, text);
            text.Should().NotContain("   at ");
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(": warning: ", StringComparison.Ordinal)).ToArray();
            lines.Should().HaveCount(2, text);
            return lines[0];
        }
    }

    [Test]
    public async Task Group_handins_are_graded_once_with_one_row_per_student_over_two_sheets()
    {
        using var scratch = new Scratch();
        var course = Write(scratch, TwoSheets());
        const string Compiles = "namespace Submission; public static class A { }";
        const string Broken = "this does not compile";
        scratch.Handin("g1", Compiles);
        scratch.Handin("g2", Broken);
        var g3 = scratch.Handin("g3", Broken);
        File.WriteAllText(Path.Combine(g3, "members.txt"), "# one name a line\ngus, tue\nhal\nada\n");
        scratch.Handin("bob", Broken);
        var output = Path.Combine(scratch.Root, "out000");

        var (code, text, error) = await Grader("grade", scratch.Handins, "--out", output, "--sheet", "000", "--course", course, "--snapshots", Snapshots, "--plain", "--jobs", "2");

        code.Should().Be(ExitCodes.InputsRefused, text + error);
        var rows = GradebookCsv.Rows(Path.Combine(output, "gradebook.csv"));
        rows.Select(r => r["student"]).Should().Equal("ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy");
        rows.Where(r => r["student"] is "ada" or "bob" or "cy").Select(r => r["status"]).Should().AllBe("graded", "g1's one hand-in is every member's, bob's own is refused");
        rows.Where(r => r["student"] is "dan" or "eve" or "fay" or "gus" or "hal").Select(r => r["status"]).Should().AllBe("compile-failed");
        rows.Single(r => r["student"] == "ivy").Should().Contain("status", "refused").And.Contain("note", GroupRows.NotHandedIn);
        rows.Select(r => r["total"]).Distinct().Should().HaveCount(1, "no hand-in earns points here, so every row has the same total")
            .And.AllSatisfy(t => t.Should().NotBeEmpty());
        var lms = GradebookCsv.Rows(Path.Combine(output, "gradebook-lms.csv"));
        lms.Select(r => $"{r["Student"]}:{r["Section"]}").Should().Equal("ada:mon", "bob:mon", "cy:mon", "dan:mon", "eve:mon", "fay:mon", "gus:tue", "hal:tue", "ivy:tue");
        var summary = File.ReadAllText(Path.Combine(output, "summary.md"));
        summary.Should().Contain("the members.txt of group g3 differs from the course's group (gus, hal): it names \"ada\" (of group g1), who are not in the group");
        summary.Should().Contain("bob handed in twice for sheet 000: alone, as 'bob', and with group g1");
        // Group wording (issue 80): bob keeps g1's grade (no zero row); g3's members.txt note left nothing out.
        summary.Should().Contain("hand-in skipped; bob has group g1's grade in the gradebooks").And.NotContain("a zero row for bob");
        var refusedInputs = summary[summary.IndexOf("## Refused inputs", StringComparison.Ordinal)..summary.IndexOf("## Notes on groups' members.txt", StringComparison.Ordinal)];
        refusedInputs.Should().NotContain("members.txt").And.NotContain("partly left out");
        summary.Should().Contain("- g3: the members.txt of group g3 differs");
        rows.Select(r => $"{r["student"]}:{r["group"]}:{r["tutorial"]}").Should().Equal(
            "ada:g1:mon", "bob:g1:mon", "cy:g1:mon", "dan:g2:mon", "eve:g2:mon", "fay:g2:mon", "gus:g3:tue", "hal:g3:tue", "ivy::tue");
        File.ReadLines(Path.Combine(output, "gradebook.csv")).First().TrimStart('\uFEFF').Should().StartWith("student,group,tutorial,status,", "the group course's gradebook has the group and the tutorial");
        Directory.Exists(Path.Combine(output, "records")).Should().BeTrue();
        Directory.EnumerateFiles(Path.Combine(output, "records")).Select(Path.GetFileName).Should().NotContain(f => f!.StartsWith("bob", StringComparison.Ordinal), "bob's own hand-in is not graded");

        // Recorded in the semester, the run's files are written again from the semester's grades: still one row per student.
        var recorded = await Grader("semester", "record", output, "--course", course);
        recorded.Code.Should().Be(ExitCodes.Done, recorded.Out + recorded.Error);
        recorded.Out.Should().NotContain("is not one of the course's students", "g1, g2 and g3 are the course's groups");
        GradebookCsv.Rows(Path.Combine(output, "gradebook.csv")).Select(r => $"{r["student"]}:{r["status"]}").Should().Equal(
            "ada:graded", "bob:graded", "cy:graded", "dan:compile-failed", "eve:compile-failed", "fay:compile-failed", "gus:compile-failed", "hal:compile-failed", "ivy:refused");
        GradebookCsv.Rows(Path.Combine(output, "gradebook-lms.csv")).Select(r => r["Section"]).Should().Equal("mon", "mon", "mon", "mon", "mon", "mon", "tue", "tue", "tue");

        // Sheet 001: cy moved to g3, whose hand-in compiles now; g1's does not.
        File.Delete(Path.Combine(g3, "members.txt"));
        File.WriteAllText(Path.Combine(g3, "A.cs"), Compiles);
        File.WriteAllText(Path.Combine(scratch.Handins, "g1", "A.cs"), Broken);
        Directory.Delete(Path.Combine(scratch.Handins, "bob"), recursive: true);
        // gus hands in alone as well as with g3: in the two shards below, gus (1/2) and g3 (2/2) are graded apart.
        scratch.Handin("gus", Compiles);
        var output001 = Path.Combine(scratch.Root, "out001");
        var second = await Grader("grade", scratch.Handins, "--out", output001, "--sheet", "001", "--course", course, "--snapshots", Snapshots, "--plain", "--jobs", "2");
        second.Code.Should().Be(ExitCodes.InputsRefused, "gus handed in twice: " + second.Out + second.Error);
        var again = GradebookCsv.Rows(Path.Combine(output001, "gradebook.csv")).ToDictionary(r => r["student"], r => r["status"]);
        again.Keys.Should().Equal("ada", "bob", "cy", "dan", "eve", "fay", "gus", "hal", "ivy");
        again["cy"].Should().Be("graded", "cy hands in with g3 for sheet 001");
        again["ada"].Should().Be("compile-failed");
        again["gus"].Should().Be("graded");
        again["ivy"].Should().Be("refused");

        // The same hand-ins in two shards, merged: one row per student, as the unsharded run has.
        var shards = new List<string>();
        foreach (var k in new[] { "1", "2" })
        {
            shards.Add(Path.Combine(scratch.Root, "shard" + k));
            var graded = await Grader("grade", scratch.Handins, "--out", shards[^1], "--sheet", "001", "--course", course, "--snapshots", Snapshots, "--plain", "--jobs", "2", "--shard", k + "/2", "--seed", "68");
            graded.Code.Should().BeOneOf([ExitCodes.Done, ExitCodes.PointsLost], graded.Out + graded.Error);
        }

        var mergedFolder = Path.Combine(scratch.Root, "merged001");
        var merged = await Grader(["merge", .. shards, "--out", mergedFolder]);
        merged.Code.Should().BeOneOf([ExitCodes.Done, ExitCodes.PointsLost, ExitCodes.InputsRefused], merged.Out + merged.Error);
        GradebookCsv.Rows(Path.Combine(mergedFolder, "gradebook.csv")).ToDictionary(r => r["student"], r => r["status"]).Should().Equal(again);
        File.Exists(Path.Combine(shards[0], "records", "gus.json")).Should().BeTrue("gus's own hand-in is in shard 1");
        File.Exists(Path.Combine(shards[1], "records", "g3.json")).Should().BeTrue("g3's is in shard 2");
        foreach (var folder in new[] { output001, mergedFolder })
        {
            File.ReadAllText(Path.Combine(folder, "summary.md")).Should().Contain("gus handed in twice for sheet 001: alone, as 'gus', and with group g3", folder);
        }

        Directory.Exists(ResultStore.StudentFolderIn(mergedFolder, "gus")).Should().BeFalse("gus's own hand-in is not merged");
        GradebookCsv.Rows(Path.Combine(mergedFolder, "gradebook-lms.csv")).Select(r => $"{r["Student"]}:{r["Section"]}").Should().Equal(
            GradebookCsv.Rows(Path.Combine(output001, "gradebook-lms.csv")).Select(r => $"{r["Student"]}:{r["Section"]}"));

        (await Grader("semester", "record", output001, "--course", course)).Code.Should().Be(ExitCodes.Done);
        var tue = await Grader("semester", "totals", "--course", course, "--tutorial", "tue");
        tue.Code.Should().Be(ExitCodes.Done, tue.Error);
        foreach (var student in new[] { "gus", "hal", "ivy" })
        {
            tue.Out.Should().Contain(student);
        }

        tue.Out.Should().NotContain("ada").And.NotContain("g3");
        var export = Path.Combine(scratch.Root, "export.csv");
        (await Grader("semester", "export", "--course", course, "--out", export)).Code.Should().Be(ExitCodes.Done);
        GradebookCsv.Rows(export).Select(r => $"{r["Student"]}:{r["Section"]}").Should().Equal("ada:mon", "bob:mon", "cy:mon", "dan:mon", "eve:mon", "fay:mon", "gus:tue", "hal:tue", "ivy:tue");
        var unknown = await Grader("semester", "totals", "--course", course, "--tutorial", "wed");
        unknown.Code.Should().Be(ExitCodes.UsageError);
        unknown.Error.Should().Contain("--tutorial wed: the course's tutorials are mon, tue").And.NotContain("   at ");

        // A student's page reads their own totals: the same as their row of the course's, groups and all (sheet 000
        // released, 001 not).
        PerStudentTotals.ShouldMatchWholeCourse(course, "000");
    }

    [Test]
    public void A_members_txt_of_100000_names_or_past_64_KiB_is_capped_with_one_message()
    {
        using var scratch = new Scratch();
        var folder = scratch.Handin("g1");
        var names = string.Join('\n', Enumerable.Range(0, 100_000).Select(i => $"s{i}"));
        var (listed, problem) = MembersFile.Parse(names);
        listed.Should().HaveCount(MembersFile.MaxNames);
        problem.Should().Be("members.txt lists more than 50 names; only the first 50 were compared.");

        File.WriteAllText(Path.Combine(folder, MembersFile.FileName), names);
        var (read, tooLarge) = MembersFile.Read(folder);
        read.Should().BeNull();
        tooLarge.Should().Be("members.txt is larger than 64 KiB; a group lists a few names, so it was not read.");

        File.WriteAllText(Path.Combine(folder, MembersFile.FileName), "ada\u202e, mon\n=HYPERLINK(\"x\")\n");
        var roster = GroupRoster.Of(new CourseSemester(["ada"], null, null, null, 0, 0, []) { Groups = [new CourseGroup("g1", ["ada"], null)] }, "000")!;
        MembersFile.Conflict(roster.Groups[0], MembersFile.Read(folder).Names!, roster)
            .Should().Be("the members.txt of group g1 differs from the course's group (ada): it names \"ada\\u202e\", \"=HYPERLINK(\"x\")\", who are not in the group, and it leaves out \"ada\"; the course's group is graded, so check with the students.", "a name with a format character is not the student's");
    }

    [Test]
    public void A_zips_members_txt_is_compared_too_and_a_hostile_one_is_one_message()
    {
        using var scratch = new Scratch();
        var roster = GroupRoster.Of(new CourseSemester(["ada", "gus", "hal"], null, null, null, 0, 0, [])
        {
            Groups = [new CourseGroup("g1", ["ada"], null), new CourseGroup("g3", ["gus", "hal"], null)],
        }, "000")!;
        string Zip(string name, params (string Entry, byte[] Bytes)[] entries)
        {
            var path = Path.Combine(Directory.CreateDirectory(scratch.Handins).FullName, name + ".zip");
            File.Delete(path);
            using var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
            foreach (var (entry, bytes) in entries)
            {
                using var stream = archive.CreateEntry(entry, System.IO.Compression.CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }

            return path;
        }

        IReadOnlyList<string> Problems(string zip) =>
            GroupIntake.Check([new DiscoveredHandin(Path.GetFileNameWithoutExtension(zip), zip, new HandinSource("h", []), "0")], roster).Problems.Select(p => p.Message).ToArray();

        var utf8 = System.Text.Encoding.UTF8;
        // The conflict of the folder form (GroupCourseEndToEndTests' g3), from a zip that wraps everything in one folder.
        Problems(Zip("g3", ("g3/members.txt", utf8.GetBytes("# our group\ngus\nhal\nada\n")), ("g3/A.cs", utf8.GetBytes("class A { }"))))
            .Should().ContainSingle().Which.Should().StartWith("the members.txt of group g3 differs from the course's group (gus, hal): it names \"ada\" (of group g1)");
        Problems(Zip("g1", ("members.txt", utf8.GetBytes("ada\n")))).Should().BeEmpty("the zip lists the course's group");
        Problems(Zip("g1", ("A.cs", utf8.GetBytes("class A { }")))).Should().BeEmpty("a zip without members.txt");
        // 10 MB of zeros compress to a few KiB: read through the cap, whatever the entry claims.
        Problems(Zip("g1", ("members.txt", new byte[10_000_000]))).Should().Equal("group g1: members.txt is larger than 64 KiB; a group lists a few names, so it was not read.");
        Problems(Zip("g1", ("members.txt", utf8.GetBytes("ada")), ("x/members.txt", utf8.GetBytes("gus"))))
            .Should().Equal("group g1: the zip holds more than one members.txt; none was read.");
        var corrupt = Path.Combine(Directory.CreateDirectory(scratch.Handins).FullName, "g1.zip");
        File.WriteAllBytes(corrupt, [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        Problems(corrupt).Should().ContainSingle().Which.Should().StartWith("group g1: members.txt in the zip could not be read: ");
    }

    private static string Write(Scratch scratch, string text)
    {
        var path = Path.Combine(scratch.Root, "course.toml");
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out) Check(string path)
    {
        using var stdout = new StringWriter();
        var code = CourseCommand.RunCheck(path, "2026-01-01T00:00Z", stdout, stdout);
        return (code, stdout.ToString());
    }

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);
}
