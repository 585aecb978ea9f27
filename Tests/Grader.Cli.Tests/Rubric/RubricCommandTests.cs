using System.CommandLine;
using System.Text;

namespace Grader.Cli.Tests.Rubric;

public sealed class RubricCommandTests : ScratchTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { RubricCommand.Create(SmallCatalog.Catalog) };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public void The_public_command_is_named_rubric_and_has_export_and_check() =>
        RubricCommand.Create().Subcommands.Select(c => c.Name).Should().Equal("export", "check");

    [Test]
    public void Export_with_students_writes_the_CSV_with_a_byte_order_mark()
    {
        var path = Path.Combine(Dir, "rubric.csv");

        var (exit, output, error) = Run("rubric", "export", "--out", path, "--students", "alice, bob", "--sheet", "002");

        exit.Should().Be(ExitCodes.Done, error);
        output.Should().Contain("Wrote 2 rows (2 students × 1 manual item of sheet 002)");
        var bytes = File.ReadAllBytes(path);
        bytes[..3].Should().Equal(0xEF, 0xBB, 0xBF);
        Encoding.UTF8.GetString(bytes[3..]).Should().Be(
            "student,task,item,max_points,points,comment,rubric\r\nalice,002/1/gan,answer,1,,,Answer\r\nbob,002/1/gan,answer,1,,,Answer\r\n");
    }

    [Test]
    public void Export_with_hand_ins_takes_the_sheet_from_their_assignment_files_as_grade_does()
    {
        using var handins = new HandinFolder();
        foreach (var student in new[] { "alice", "bob" })
        {
            handins.Folder(student, ("assignment.json", "{\"sheet\": \"002\"}"), ("Handin/Foo.cs", "class Foo { }"), ("Reference/Engine.cs", "class Engine { }"));
        }

        var path = Path.Combine(Dir, "rubric.csv");

        var (exit, output, error) = Run("rubric", "export", "--out", path, "--handins", handins.Root);

        exit.Should().Be(ExitCodes.Done, error);
        output.Should().Contain("Wrote 2 rows (2 students × 1 manual item of sheet 002)", "sheet 001's items are not exported: the repositories are for 002");
        File.ReadAllText(path).Should().Be("student,task,item,max_points,points,comment,rubric\r\nalice,002/1/gan,answer,1,,,Answer\r\nbob,002/1/gan,answer,1,,,Answer\r\n");
    }

    [Test]
    public void Export_with_hand_ins_without_an_assignment_file_asks_which_sheet_as_grade_does()
    {
        using var handins = new HandinFolder();
        handins.Folder("bob", ("Foo.cs", "class Foo { }"));

        var (exit, _, error) = Run("rubric", "export", "--out", Path.Combine(Dir, "rubric.csv"), "--handins", handins.Root);

        exit.Should().Be(ExitCodes.UsageError);
        error.Should().StartWith("Say which assignment the hand-ins are for: --sheet <id>");
        File.Exists(Path.Combine(Dir, "rubric.csv")).Should().BeFalse();
    }

    [Test]
    public void Export_with_hand_ins_takes_the_students_found_and_reports_the_refused_ones()
    {
        using var handins = new HandinFolder();
        handins.Folder("bob", ("Foo.cs", "class Foo { }"));
        handins.Zip("alice.zip", ("Foo.cs", "class Foo { }"));
        handins.File("carol.rar", [1, 2, 3]);
        var path = Path.Combine(Dir, "rubric.csv");

        var (exit, _, error) = Run("rubric", "export", "--out", path, "--handins", handins.Root, "--sheet", "002");

        exit.Should().Be(ExitCodes.InputsRefused);
        error.Should().Contain("Not in the rubric: 'carol.rar' is neither a hand-in folder nor a .zip");
        File.ReadAllText(path).Should().Contain("alice,002/1/gan").And.Contain("bob,002/1/gan");
    }

    [Test]
    public void An_unknown_sheet_is_a_usage_error()
    {
        var (exit, _, error) = Run("rubric", "export", "--out", Path.Combine(Dir, "r.csv"), "--students", "alice", "--sheet", "009");

        exit.Should().Be(ExitCodes.UsageError);
        error.Trim().Should().Be("Unknown sheet '009'; the sheets are 001, 002.");
        File.Exists(Path.Combine(Dir, "r.csv")).Should().BeFalse();
    }

    [TestCase]
    [TestCase("--students", "alice", "--handins", ".")]
    public void Exactly_one_of_handins_and_students_is_required(params string[] extra)
    {
        var (exit, _, error) = Run(["rubric", "export", "--out", Path.Combine(Dir, "r.csv"), .. extra]);

        exit.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("either --handins <folder> or --students a,b,c");
    }

    [Test]
    public void A_missing_hand_ins_folder_is_a_usage_error()
    {
        var (exit, _, error) = Run("rubric", "export", "--out", Path.Combine(Dir, "r.csv"), "--handins", Path.Combine(Dir, "nowhere"));

        exit.Should().Be(ExitCodes.UsageError);
        error.Should().Contain("does not exist");
    }

    [Test]
    public void An_existing_rubric_is_not_overwritten_without_force()
    {
        var path = Path.Combine(Dir, "rubric.csv");
        File.WriteAllText(path, "filled");

        var refused = Run("rubric", "export", "--out", path, "--students", "alice");
        refused.Exit.Should().Be(ExitCodes.UsageError);
        refused.Err.Should().Contain("exists and may hold a tutor's grades; pass --force");
        File.ReadAllText(path).Should().Be("filled");

        Run("rubric", "export", "--out", path, "--students", "alice", "--force").Exit.Should().Be(ExitCodes.Done);
        File.ReadAllText(path).Should().StartWith("student,task");
    }

    [Test]
    public void Check_accepts_a_filled_rubric_and_names_the_first_problem_of_a_broken_one()
    {
        var good = Path.Combine(Dir, "good.csv");
        var bad = Path.Combine(Dir, "bad.csv");
        File.WriteAllText(good, "student,task,item,max_points,points,comment,rubric\nalice,002/1/gan,answer,1,1,,\n");
        File.WriteAllText(bad, "student,task,item,max_points,points,comment,rubric\nalice,002/1/gan,answer,1,\"1,5\",,\n");

        var fine = Run("rubric", "check", good);
        var broken = Run("rubric", "check", bad);

        fine.Exit.Should().Be(ExitCodes.Done);
        fine.Out.Should().Contain("1 score for 1 student");
        broken.Exit.Should().Be(ExitCodes.UsageError);
        broken.Err.Trim().Should().Be("bad.csv, row 2, column 5 (points): '1,5' uses ',' as the decimal separator; write 1.5 with '.'.");
    }
}
