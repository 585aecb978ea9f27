namespace Grader.Grading.Tests.Discovery;

/// <summary>
/// A folder of student repositories (the layout <c>grader assign</c> writes, as GitHub Classroom or a clone loop gives
/// them back) is a cohort: each repository is graded by its <c>Handin/</c>, named after its folder, and the run takes
/// its assignment from the repositories' <c>assignment.json</c>.
/// </summary>
public sealed class StudentRepositoryDiscoveryTests : HandinFolderTests
{
    private const string Sheet004 = "{\n  \"course\": \"dtu-02460-2024\",\n  \"sheet\": \"004\"\n}\n";

    /// <summary>A repository as <c>grader assign</c> lays it out, with a cloned repository's and a build's leftovers, and 250 .cs files outside Handin/.</summary>
    private string Repository(string name, string assignment = Sheet004)
    {
        var files = new List<(string, string)>
        {
            ("assignment.json", assignment),
            ("README.md", "# Sheet"),
            ("Grader.sln", ""),
            ("Handin/Foo.cs", Foo),
            ("Handin/README.md", "the template's notes"),
            ("Handin/bin/Debug/Stale.cs", "this is no C#"),
            ("Handin/obj/Generated.cs", "this is no C#"),
            (".git/HEAD", "ref: refs/heads/main"),
            (".git/hooks/x.cs", "this is no C#"),
        };
        files.AddRange(Enumerable.Range(0, 250).Select(i => ($"Reference/Tensors/T{i}.cs", "// the engine the repository builds on")));
        return Handins.Folder(name, files.ToArray());
    }

    [Test]
    public void A_repository_is_graded_by_its_hand_in_folder_and_named_after_its_folder()
    {
        Repository("alice");
        Repository("bob");

        var result = HandinDiscovery.Discover(Handins.Root, DiscoveryLimits.Default);

        result.Problems.Should().BeEmpty("bin/, obj/, .git/ and everything outside Handin/ are not the hand-in; 250 engine files would refuse it");
        result.Handins.Select(h => h.Student).Should().Equal("alice", "bob");
        result.Handins[0].Source.Files.Should().Equal(new HandinFile("Foo.cs", Foo));
        result.Handins[0].Path.Should().Be(Handins.PathOf("alice"), "the repository is what the tutor was handed");
    }

    [Test]
    public void One_repository_given_as_the_folder_is_a_cohort_of_one()
    {
        var alice = Repository("alice");

        var result = HandinDiscovery.Discover(alice, DiscoveryLimits.Default);

        result.Problems.Should().BeEmpty();
        result.Handins.Should().ContainSingle().Which.Student.Should().Be("alice");
        result.Handins[0].Source.Files.Should().Equal(new HandinFile("Foo.cs", Foo));
    }

    [Test]
    public void Repositories_plain_folders_and_zips_side_by_side_are_one_cohort()
    {
        Repository("alice");
        Handins.Folder("bob", ("Foo.cs", Foo));
        Handins.Zip("carol.zip", ("Foo.cs", Foo));

        var result = HandinDiscovery.Discover(Handins.Root, DiscoveryLimits.Default);

        result.Problems.Should().BeEmpty();
        result.Handins.Select(h => h.Student).Should().Equal("alice", "bob", "carol");
        result.Handins.Should().OnlyContain(h => h.Source.Files.Count == 1);
    }

    [Test]
    public void A_folder_with_only_a_hand_in_folder_and_no_assignment_file_is_a_plain_hand_in()
    {
        Handins.Folder("dave", ("Handin/Foo.cs", Foo));

        var result = HandinDiscovery.Discover(Handins.Root, DiscoveryLimits.Default);

        result.Handins.Single().Source.Files.Select(f => f.Path).Should().Equal("Foo.cs");
        StudentRepositoryFolder.Is(Handins.PathOf("dave")).Should().BeFalse();
    }

    [Test]
    public void The_assignment_is_the_one_the_repositories_name()
    {
        Repository("alice");
        Repository("bob");

        var assignment = CohortAssignment.Resolve(null, [Handins.Root], TutorCatalog.Default);

        assignment.Id.Should().Be("004");
    }

    [Test]
    public void Repositories_that_disagree_are_refused_with_one_message()
    {
        Repository("alice");
        Repository("bob");
        Repository("carol", "{\"sheet\": \"000\"}");

        var act = () => CohortAssignment.Resolve(null, [Handins.Root], TutorCatalog.Default);

        act.Should().Throw<AssignmentFileException>().Which.Message.Should().Be(
            "The assignment.json files of the hand-ins disagree: sheet 004 in 2 (alice/assignment.json, bob/assignment.json); sheet 000 in 1 (carol/assignment.json)."
            + " A run grades one assignment: move the others out, or give --sheet.");
    }

    [Test]
    public void A_tutors_file_beside_the_repositories_must_agree_with_them_too()
    {
        Repository("alice");
        System.IO.File.WriteAllText(Handins.PathOf("assignment.json"), "{\"sheet\": \"000\"}");

        var act = () => CohortAssignment.Resolve(null, [Handins.Root], TutorCatalog.Default);

        act.Should().Throw<AssignmentFileException>().WithMessage("*disagree: sheet 000 in 1*; sheet 004 in 1 (alice/assignment.json)*");
    }

    [Test]
    public void Sheet_overrides_the_repositories()
    {
        Repository("alice");
        Repository("carol", "{\"sheet\": \"000\"}");

        CohortAssignment.Resolve("002", [Handins.Root], TutorCatalog.Default).Id.Should().Be("002");
    }
}
