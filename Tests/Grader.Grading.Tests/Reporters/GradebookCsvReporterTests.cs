namespace Grader.Grading.Tests.Reporters;

[NonParallelizable] // switches the current culture
public sealed class GradebookCsvReporterTests
{
    private static readonly string[] TaskIds =
        ["004/1 (a)/schedule", "004/1 (b)/proof", "004/2/bonus-sampler", "004/3.4/negative-elbo", "004/3.4/toy-data", "004/3.5/mnist", "004/4/flow"];

    [Test]
    public void The_header_has_student_status_three_columns_per_task_and_the_totals()
    {
        var rows = GradebookCsv.Parse(GradebookCsvReporter.Render(GradebookTable.From(ReporterFixture.Summary())));

        rows[0].Should().Equal(["student", "status", .. TaskIds.SelectMany(t => new[] { $"{t} auto", $"{t} manual", $"{t} total" }), "auto total", "manual total", "late", "total", "max", "note"]);
        rows.Should().HaveCount(6, "a header and one row per hand-in, the refused one included");
        rows.Skip(1).Select(r => r[0]).Should().Equal("alice", "bob", "carol", "dave, jr.", "eve");
        rows.Skip(1).Select(r => r[1]).Should().Equal("graded", "compile-failed", "timed-out", "crashed", "refused");
        rows.Should().OnlyContain(r => r.Length == rows[0].Length);
    }

    [Test]
    public void Cells_and_totals_agree_with_the_reports_and_the_manual_scores_under_a_comma_culture()
    {
        var text = TestCultures.InGerman(() => GradebookCsvReporter.Render(GradebookTable.From(ReporterFixture.Summary())));
        var rows = TestCultures.InGerman(() => GradebookCsv.Parse(text));
        var alice = GradebookCsv.Cells(rows, "alice");

        // Automatic: 0 of 2 (the hidden check failed, which withholds the visible check's point), none, 1 (bonus), 2/3 (the
        // weight-2 visible check failed), 1, none, 1 (no check yet: in full).
        alice["004/1 (a)/schedule auto"].Should().Be("0");
        alice["004/1 (a)/schedule manual"].Should().Be("1");
        alice["004/1 (a)/schedule total"].Should().Be("1");
        alice["004/1 (b)/proof auto"].Should().BeEmpty("the task has no checks");
        alice["004/1 (b)/proof manual"].Should().Be("1.5");
        alice["004/2/bonus-sampler auto"].Should().Be("1");
        alice["004/3.4/negative-elbo auto"].Should().Be("0.6667");
        alice["004/3.4/toy-data manual"].Should().Be("0.5", "one of two items is scored; the other is pending");
        alice["004/3.5/mnist manual"].Should().Be("1.5", "the score for an unknown item does not count");
        alice["004/4/flow auto"].Should().Be("1", "a task whose automatic share has no check yet counts in full");
        alice["004/4/flow manual"].Should().BeEmpty("the task has no manual items");
        alice["auto total"].Should().Be("3.6667");
        alice["manual total"].Should().Be("4.5");
        alice["total"].Should().Be("8.1667");
        alice["max"].Should().Be("12", "auto 6 + manual 6, bonus excluded");

        var bob = GradebookCsv.Cells(rows, "bob");
        bob["004/1 (a)/schedule auto"].Should().Be("0");
        bob["004/1 (a)/schedule manual"].Should().BeEmpty("pending manual points are an empty cell, not 0");
        bob["004/1 (b)/proof total"].Should().BeEmpty("nothing of the task is scored yet");
        bob["manual total"].Should().BeEmpty();
        bob["total"].Should().Be("1", "only the task without checks counts, in full, whatever the hand-in");

        GradebookCsv.Cells(rows, "carol")["auto total"].Should().Be("3.6667", "1 + 1 (bonus) + 2/3 + 1 (no check yet); the errored and timed-out checks score 0");
        GradebookCsv.Cells(rows, "dave, jr.")["auto total"].Should().Be("1");

        foreach (var row in rows.Skip(1))
        {
            var cells = GradebookCsv.Cells(rows, row[0]);
            double Sum(string suffix) => TaskIds.Sum(t => Value(cells[$"{t} {suffix}"]));
            Sum("auto").Should().BeApproximately(Value(cells["auto total"]), 1e-3);
            Sum("manual").Should().BeApproximately(Value(cells["manual total"]), 1e-3);
            Sum("total").Should().BeApproximately(Value(cells["total"]), 1e-3);
            foreach (var cell in row.Skip(2))
            {
                cell.Should().NotContain(",", "numbers use '.' whatever the culture");
            }
        }
    }

    [Test]
    public void Fields_are_quoted_per_RFC_4180_and_records_end_in_CRLF()
    {
        var text = GradebookCsvReporter.Render(GradebookTable.From(ReporterFixture.Summary()));

        text.Should().Contain("\r\n\"dave, jr.\",crashed,");
        text.Should().Contain(",004/1 (a)/schedule auto,", "a field without ',', '\"', CR or LF is not quoted");
        text.Should().EndWith("\r\n");
        text.Replace("\r\n", "", StringComparison.Ordinal).Should().NotContain("\n", "records end in CRLF only");
    }

    [Test]
    public void A_cell_that_a_spreadsheet_would_read_as_a_formula_is_defused()
    {
        Csv.Text("=HYPERLINK(\"x\")").Should().Be("'=HYPERLINK(\"x\")");
        Csv.Text("alice").Should().Be("alice");
        Csv.Field("say \"hi\", then").Should().Be("\"say \"\"hi\"\", then\"");
    }

    [Test]
    public void The_LMS_file_has_canvas_identity_columns_and_one_column_per_sheet_left_empty_while_manual_items_are_pending()
    {
        var rows = GradebookCsv.Parse(GradebookCsvReporter.RenderLms(GradebookTable.From(ReporterFixture.Summary())));

        rows[0].Should().Equal("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Sheet 004 (points)", "Grader note");
        rows.Single(r => r[0] == "alice").Should().Equal(new[] { "alice", "", "", "alice", "", "", "" }, "alice's toy-data architecture item is still pending");
        rows.Single(r => r[0] == "bob").Skip(5).Should().Equal("", "");
        rows.Single(r => r[0] == "dave, jr.")[3].Should().Be("dave, jr.");
        rows.Single(r => r[0] == "eve").Should().Equal(
            new[] { "eve", "", "", "eve", "", "0", "refused: the zip is corrupt: \"unexpected end of archive\"" },
            "a refused hand-in gets 0, not an empty cell an import would skip, and the note says why");

        // With alice's last item scored, her cell is her automatic total (bonus included) plus her manual total: 3.6667 + 5.
        var manual = new Grader.Grading.ManualGrades([.. ReporterFixture.Manual.All, new("alice", "004/3.4/toy-data", "architecture", 0.5, "")]);
        var complete = ReporterFixture.Summary() with { Handins = ReporterFixture.Summary().Handins.Select(h => HandinGrade.Of(HandinVerdicts.Of(h), manual)).ToArray(), Manual = manual };
        GradebookCsv.Parse(GradebookCsvReporter.RenderLms(GradebookTable.From(complete))).Single(r => r[0] == "alice").Should().Equal("alice", "", "", "alice", "", "8.6667", "");
    }

    [Test]
    public void Without_a_refused_hand_in_the_LMS_file_has_no_note_column()
    {
        var summary = ReporterFixture.Summary() with { Problems = ReporterFixture.Summary().Problems.Where(p => !p.Skipped).ToArray() };

        GradebookCsv.Parse(GradebookCsvReporter.RenderLms(GradebookTable.From(summary)))[0].Should().Equal("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Sheet 004 (points)");
    }

    [Test]
    public void A_refused_hand_in_has_a_zero_row_with_its_reason_and_its_names_neutralised()
    {
        var summary = ReporterFixture.Summary() with
        {
            Problems = [new Grader.Grading.Discovery.InputProblem("/handins/=cmd|' x'!A0.zip", null, "'=cmd|' x'!A0.zip' was not graded: its student name starts with '='.", Skipped: true)],
        };
        var table = GradebookTable.From(summary);

        var row = GradebookCsv.Cells(GradebookCsv.Parse(GradebookCsvReporter.Render(table)), "'=cmd|' x'!A0");
        row["status"].Should().Be("refused");
        row["auto total"].Should().Be("0");
        row["004/4/flow auto"].Should().Be("0", "a task without checks yet gives its points only to a graded hand-in: a refused one's share is withheld");
        row["total"].Should().Be("0");
        row["max"].Should().Be(GradebookCsv.Cells(GradebookCsv.Parse(GradebookCsvReporter.Render(table)), "alice")["max"], "the one maximum: the run's, the same for every hand-in, a refused one too (the task without checks yet included)");
        row["note"].Should().Be("'=cmd|' x'!A0.zip' was not graded: its student name starts with '='.");
        var lms = GradebookCsv.Parse(GradebookCsvReporter.RenderLms(table)).Single(r => r[0] == "'=cmd|' x'!A0");
        lms[3].Should().Be("'=cmd|' x'!A0");
        lms[5].Should().Be("0");
    }

    private static double Value(string cell) => cell.Length == 0 ? 0 : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
