using System.Text.Json.Nodes;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// The tutor's records (<c>records/&lt;student&gt;.json</c>) hold each <see cref="CheckVerdict"/> as the grading made it,
/// in the shape records had before the verdict was one type: a record that grader wrote (<c>fixtures/records</c>, four
/// checks of a real one: plots, expected and seen, the tutor's detail) loads, and is written back unchanged.
/// </summary>
public sealed class RecordsTests
{
    private static string Fixture => Path.Combine(RepositoryRoot.Path, "fixtures", "records", "bruno-iwasaki.json");

    [Test]
    public void A_record_written_before_the_verdict_was_one_type_loads_with_every_field()
    {
        var record = ResultStore.Read(Fixture);

        record.Should().NotBeNull("a record of the earlier grader loads (it is not graded again)");
        record!.Student.Should().Be("bruno-iwasaki");
        record.Status.Should().Be(HandinStatus.Graded);
        record.Compile!.Success.Should().BeTrue();
        record.Checks.Select(c => (c.TaskId, c.CheckId, c.Result.Outcome)).Should().Equal(
            ("000/1c/same-noise", "diffusion.heidelberg.same-noise-trajectory-matches-reference", CheckOutcome.Passed),
            ("000/1d/ddim", "diffusion.heidelberg.ddim-step-matches-reference", CheckOutcome.Failed),
            ("000/1d/ddim", "diffusion.heidelberg.ddim-step-on-unseen-inputs", CheckOutcome.Failed),
            ("000/3e/generative-losses", "quickies.heidelberg.gan-loss-matches", CheckOutcome.Passed));

        var trajectory = record.Checks[0];
        trajectory.Result.Plots.Should().HaveCount(5);
        trajectory.Elapsed.Should().Be(TimeSpan.FromTicks(629_471), "0.0629471 s, to the tick");
        trajectory.HandinCpuSeconds.Should().Be(0.02);
        var ddim = record.Checks[1];
        ddim.Result.Expected.Should().NotBeNullOrEmpty();
        ddim.Result.Seen.Should().NotBeNullOrEmpty();
        ddim.Result.SheetRef.Should().StartWith("sheet 000");
        ddim.Result.TutorDetail.Should().BeNull();
        record.Checks[2].Result.TutorDetail.Should().StartWith("DdimStep differs from the reference");
    }

    [Test]
    public void A_loaded_record_is_saved_back_byte_for_byte()
    {
        using var scratch = new Scratch();
        var record = ResultStore.Read(Fixture)!;
        var store = new ResultStore(scratch.Root);

        store.Save(record);

        var saved = File.ReadAllText(store.RecordPath(record.Student));
        var original = File.ReadAllText(Fixture);
        JsonNode.DeepEquals(JsonNode.Parse(saved), JsonNode.Parse(original)).Should().BeTrue("every field keeps its name and value");
        saved.Should().Be(original, "the verdicts are written in the order and format they were");
    }

    [Test]
    public void A_verdict_without_the_fields_added_later_loads_with_them_empty()
    {
        using var scratch = new Scratch();
        var node = JsonNode.Parse(File.ReadAllText(Fixture))!;
        foreach (var check in node["checks"]!.AsArray())
        {
            check!.AsObject().Remove("handinCpuSeconds");
            check.AsObject().Remove("tutorDetail");
            check.AsObject().Remove("key");
        }

        var path = Path.Combine(scratch.Root, "older.json");
        File.WriteAllText(path, node.ToJsonString());
        var record = ResultStore.Read(path);

        record.Should().NotBeNull();
        record!.Checks.Should().HaveCount(4).And.OnlyContain(c => c.HandinCpuSeconds == null && c.Result.TutorDetail == null && c.Result.Images == null);
    }

    [Test]
    public void A_verdict_without_its_task_makes_the_record_unreadable_so_it_is_graded_again()
    {
        using var scratch = new Scratch();
        var node = JsonNode.Parse(File.ReadAllText(Fixture))!;
        node["checks"]![0]!.AsObject().Remove("taskId");
        var path = Path.Combine(scratch.Root, "broken.json");
        File.WriteAllText(path, node.ToJsonString());

        ResultStore.Read(path).Should().BeNull();
    }

    [Test]
    public void The_compile_result_is_stored_as_records_have_it_and_its_left_out_files_come_back_whole()
    {
        using var scratch = new Scratch();
        var record = ResultStore.Read(Fixture)!;
        record.Compile!.Elapsed.Should().Be(TimeSpan.FromTicks(8_350_339), "0.8350339 s, to the tick");
        record.Compile.Excluded.Should().BeEmpty("the fixture predates left-out files");
        var error = new CompileDiagnostic("Diffusion/DtuDdpm.cs", 12, 5, "CS1002", "; expected");
        var left = new ExcludedFile("Diffusion/DtuDdpm.cs", [error], ["Flows/Map.cs"], ["Grader.Contracts.Diffusion.IDtuDdpm"]);
        var partial = record with { Compile = record.Compile with { Errors = [error], WarningCount = 3, Excluded = [left] } };
        var store = new ResultStore(scratch.Root);

        store.Save(partial);

        var compile = JsonNode.Parse(File.ReadAllText(store.RecordPath(record.Student)))!["compile"]!.AsObject();
        compile.Select(p => p.Key).Should().Equal("success", "errors", "warningCount", "seconds", "excluded");
        compile["seconds"]!.GetValue<double>().Should().Be(0.8350339);
        var back = ResultStore.Read(store.RecordPath(record.Student))!.Compile!;
        back.Success.Should().BeTrue();
        back.Partial.Should().BeTrue();
        back.Errors.Should().Equal(error);
        back.WarningCount.Should().Be(3);
        back.Elapsed.Should().Be(record.Compile.Elapsed);
        back.Assembly.Should().BeNull();
        back.Excluded.Should().ContainSingle().Which.Should().BeEquivalentTo(left);
    }
}
