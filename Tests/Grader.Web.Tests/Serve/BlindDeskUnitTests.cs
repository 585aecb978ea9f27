using Grader.Grading.Reports;
using Grader.Semester;
using Grader.Web;

namespace Grader.Web.Tests.Serve;

/// <summary>Issue 70's desk rules that need no server: short answers' groups, pseudonyms, keys that are points, the group shuffle, the statistics.</summary>
public sealed class BlindDeskUnitTests
{
    private static ReportAnswer Text(string text) => new("000/3a/loss-functions", "answer", text, null, []);

    [Test]
    public void One_line_answers_differing_by_a_connective_are_one_group_and_by_any_other_word_are_not()
    {
        var groups = AnswerGroups.Of([
            ("ana", Text("So the map is invertible.")),
            ("ben", Text("hence the map is invertible")),
            ("cem", Text("Therefore, the map is invertible!")),
            ("dora", Text("The map is not invertible.")),
            ("eli", Text("the map is invertible, i.e. bijective")),
            ("fay", Text("so.")),
            ("gus", Text("hence.")),
        ]);
        groups.Select(g => string.Join(' ', g.Students)).Should().Equal("ana ben cem", "dora", "eli", "fay", "gus");
        AnswerGroups.Key("So, THE map  is invertible.").Should().Be("map is invertible");
        AnswerGroups.Key("so.").Should().Be("so.", "an answer of nothing but connectives keeps its words");
    }

    [Test]
    public void The_sheet_naming_rewrites_every_known_name_and_folder_and_holds_back_what_a_student_quoted_until_names_are_shown()
    {
        string P(string s) => Pseudonyms.Of("000", s);
        var names = new[] { ("ada", "ada"), ("g1", "g1"), ("/srv/handins/Ada_Lovelace_4711.zip", "ada"), ("Ada_Lovelace_4711.zip", "ada"), ("Ada_Lovelace_4711", "ada") };
        var hidden = new SheetNaming("000", shown: false, names);
        hidden.Label("ada").Should().Be(P("ada"));
        hidden.Message("the members.txt of group g1 names \"Ada Lovelac\", who is not in the group; ada's own is 'ada'.")
            .Should().Be($"the members.txt of group {P("g1")} names \"{SheetNaming.HeldBack}\", who is not in the group; {P("ada")}'s own is '{P("ada")}'.",
                "a known name (any case) is its pseudonym; a quoted typo is held back; an apostrophe in a word quotes nothing");
        hidden.Message("cannot read /srv/handins/Ada_Lovelace_4711.zip: not a zip; Ada_Lovelace_4711 skipped")
            .Should().Be($"cannot read {P("ada")}: not a zip; {P("ada")} skipped", "a hand-in's path and folder name are its student's pseudonym");
        hidden.Message("ADA wrote “Hi, I am Ada L.”").Should().Be($"{P("ada")} wrote “{SheetNaming.HeldBack}”");
        hidden.Prose("I am Ada (g1), the loss is \"mean\"").Should().Be($"I am {P("ada")} ({P("g1")}), the loss is \"mean\"", "a student's own prose keeps its quotes, never a known name");
        hidden.Message("Left out 1 file of 'g1/' that is not C#").Should().Be($"Left out 1 file of '{P("g1")}/' that is not C#", "a hand-in's folder quoted is its pseudonym's");
        hidden.Message("badass adapter").Should().Be("badass adapter", "a name inside a word is no name");
        var shown = new SheetNaming("000", shown: true, names);
        shown.Label("ada").Should().Be("ada");
        shown.Message("names \"Ada Lovelac\"").Should().Be("names \"Ada Lovelac\"", "after the logged reveal the text is shown as it is");
    }

    [Test]
    public void A_pseudonym_is_stable_per_sheet_differs_between_sheets_and_resolves_only_when_unambiguous()
    {
        var students = new[] { "alice", "bob" };
        var alice = Pseudonyms.Of("000", "alice");
        alice.Should().MatchRegex("^anon-[0-9a-f]{8}$").And.Be(Pseudonyms.Of("000", "alice")).And.NotBe(Pseudonyms.Of("001", "alice")).And.NotBe(Pseudonyms.Of("000", "bob"));
        Pseudonyms.Resolve("000", students, alice).Should().Be("alice");
        Pseudonyms.Resolve("000", students, "bob").Should().Be("bob");
        Pseudonyms.Resolve("001", students, alice).Should().BeNull("another sheet's pseudonym");
        Pseudonyms.Resolve("000", students, "carol").Should().BeNull();
        Pseudonyms.Resolve("000", students, "").Should().BeNull();
        // A student who names themselves after another's pseudonym makes it name nobody.
        Pseudonyms.Resolve("000", [.. students, alice], alice).Should().BeNull();
    }

    [Test]
    public void Keys_are_points_where_every_level_is_a_half_point_from_0_to_9_5_and_places_otherwise()
    {
        static RubricLevel[] L(params double[] points) => points.Select(p => new RubricLevel(p, "")).ToArray();
        LevelKeys.Of(L(2, 1.5, 1, 0.5, 0)).Should().Equal("2", "+1", "1", "+0", "0");
        LevelKeys.Of(L(3, 1, 0)).Should().Equal("3", "1", "0");
        LevelKeys.Of(L(1, 0.75, 0)).Should().Equal(new[] { "1", "2", "3" }, "quarter points: the buttons' places");
        LevelKeys.Of(L(12, 6, 0)).Should().Equal(new[] { "1", "2", "3" }, "more than 9.5 points: the buttons' places");
        LevelKeys.Of(L(Enumerable.Range(0, 11).Select(i => 0.25 * i).Reverse().ToArray())).Should().EndWith(["0", ""], "the tenth is 0, the eleventh has no key");
        LevelKeys.Shown("+1").Should().Be("⇧1");
    }

    [Test]
    public void Groups_follow_a_stable_shuffle_that_differs_between_items()
    {
        var groups = Enumerable.Range(0, 12).Select(i => new AnswerGroup(null, [$"s{i:00}"])).ToArray();
        var a = AnswerGroups.Shuffle(groups, "000#1a#x").Select(g => g.Students[0]).ToArray();
        AnswerGroups.Shuffle(groups.Reverse().ToArray(), "000#1a#x").Select(g => g.Students[0]).Should().Equal(a, "the same whatever order the groups come in");
        AnswerGroups.Shuffle(groups, "000#1b#x").Select(g => g.Students[0]).Should().NotEqual(a);
        a.Should().NotEqual(groups.Select(g => g.Students[0]), "not the names' order");
    }

    [Test]
    public void Statistics_count_levels_tutors_and_changed_scores()
    {
        var task = CommonOptions.Catalog.FindTask("000/3b/autodiff-modes")!;
        var item = new SheetItem("000", 0, task, task.Manual[0] with { Points = 1, Levels = [new(1, "right"), new(0.5, "half"), new(0, "wrong")] });
        ManualScoreEntry E(string student, double points, string tutor) => new(student, task.Id, item.Item.Id, points, "", tutor, "2026-11-27T00:00:00Z", 1);
        var scores = new[] { E("a", 1, "ana"), E("b", 0.5, "ana"), E("c", 0, "ben"), E("d", 0.25, "semester score") };
        var audit = new[] { E("a", 1, "ana"), E("c", 1, "ana"), E("c", 0, "ben"), E("b", 0.5, "ana"), E("b", 0.5, "ana") };
        var s = ItemStatistics.Of(item, scores, audit, 6);
        s.Levels.Select(l => (l.Level.Points, l.Count)).Should().Equal((1.0, 1), (0.5, 1), (0.0, 1));
        s.OffLevel.Should().Be(1);
        s.Tutors.Should().Equal(("ana", 2, 0.75), ("ben", 1, 0.0), ("semester score", 1, 0.25));
        s.Changed.Should().Be(1, "only c's points changed; b was given the same points again");
        s.ChangedAfterRegrade.Should().BeNull();
        StatisticsPage.Render("000", [s], [("ana", true, "2026-11-27T10:00:00Z")], "ana", "t").Should().Contain("<span class=\"mean\">0.75</span>").And.Contain("2026-11-27 10:00:00 UTC");
    }
}
