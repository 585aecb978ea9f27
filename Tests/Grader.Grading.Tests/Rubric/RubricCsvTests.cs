using System.Text;
using Grader.Grading.Rubric;

namespace Grader.Grading.Tests.Rubric;

public sealed class RubricCsvTests
{
    private const string Header = "student,task,item,max_points,points,comment,rubric";

    private static readonly CourseCatalog Catalog = SmallCatalog.Catalog;

    private static ManualGrades Parse(params string[] lines) => RubricCsv.Parse(string.Join("\r\n", lines) + "\r\n", Catalog, "rubric.csv");

    private static RubricCsvException Refused(params string[] lines)
    {
        var act = () => Parse(lines);
        return act.Should().Throw<RubricCsvException>().Which;
    }

    private static void ShouldPoint(RubricCsvException e, int row, int column, string? name)
    {
        e.Row.Should().Be(row);
        e.Column.Should().Be(column);
        e.ColumnName.Should().Be(name);
        var position = name is null ? $"row {row}, column {column}:" : $"row {row}, column {column} ({name}):";
        e.Message.Should().StartWith($"rubric.csv, {position} ");
    }

    // ---- export ----

    [Test]
    public void Export_writes_one_row_per_student_and_manual_item_with_quoting()
    {
        var csv = RubricCsv.Export(Catalog, ["alice", "bob"], null);

        csv.Should().Be(
            Header + "\r\n"
            + "alice,001/1/flows,explain,2,,,\"Explains the Jacobian, with a comma.\"\r\n"
            + "alice,001/1/flows,plot,0.5,,,\"A \"\"quoted\"\" plot,\nover two lines.\"\r\n"
            + "alice,002/1/gan,answer,1,,,Answer\r\n"
            + "bob,001/1/flows,explain,2,,,\"Explains the Jacobian, with a comma.\"\r\n"
            + "bob,001/1/flows,plot,0.5,,,\"A \"\"quoted\"\" plot,\nover two lines.\"\r\n"
            + "bob,002/1/gan,answer,1,,,Answer\r\n");
    }

    [Test]
    public void Export_of_selected_sheets_keeps_only_their_items()
    {
        var csv = RubricCsv.Export(Catalog, ["alice"], ["002"]);

        csv.Should().Be(Header + "\r\nalice,002/1/gan,answer,1,,,Answer\r\n");
    }

    [Test]
    public void Export_refuses_an_unknown_sheet()
    {
        var act = () => RubricCsv.Export(Catalog, ["alice"], ["009"]);

        act.Should().Throw<RubricCsvException>().WithMessage("Unknown sheet '009'; the sheets are 001, 002.");
    }

    [TestCase("a/b", "The student name 'a/b' contains a path separator*")]
    [TestCase(".x", "The student name '.x' starts with '.'*")]
    public void Export_refuses_an_unsafe_student_name(string student, string message)
    {
        var act = () => RubricCsv.Export(Catalog, [student], null);

        act.Should().Throw<RubricCsvException>().WithMessage(message);
    }

    [Test]
    public void Export_refuses_a_student_named_twice()
    {
        var act = () => RubricCsv.Export(Catalog, ["alice", "alice"], null);

        act.Should().Throw<RubricCsvException>().WithMessage("The student 'alice' is named twice.");
    }

    [Test]
    public void Export_of_the_course_catalog_reads_back_with_every_item_pending()
    {
        var csv = RubricCsv.Export(CourseCatalog.Default, ["alice", "Jürgen"], null);

        var grades = RubricCsv.Parse(csv, CourseCatalog.Default);

        grades.All.Should().BeEmpty();
        Csv.Read(csv).Count().Should().Be(1 + (2 * CourseCatalog.Default.Tasks.Sum(t => t.Manual.Count)));
    }

    // ---- round trip ----

    [Test]
    public void Export_fill_read_round_trip_gives_the_scores_and_leaves_empty_points_pending()
    {
        var csv = RubricCsv.Export(Catalog, ["alice", "bob"], null);
        var rows = Csv.Read(csv).Select(r => r.Fields.ToArray()).ToList();
        Fill(rows, 1, "1.5", "Good, \"mostly\" right;\nmissing the det.");
        Fill(rows, 2, "0", "");
        Fill(rows, 6, "1", "ok");
        var filled = new StringBuilder();
        rows.ForEach(r => filled.Append(Csv.Record(r)));

        var grades = RubricCsv.Parse(filled.ToString(), Catalog);

        grades.All.Should().Equal(
            new ManualScore("alice", "001/1/flows", "explain", 1.5, "Good, \"mostly\" right;\nmissing the det."),
            new ManualScore("alice", "001/1/flows", "plot", 0, ""),
            new ManualScore("bob", "002/1/gan", "answer", 1, "ok"));
        grades.Points("alice", "001/1/flows").Should().Be(1.5);
        grades.Points("alice", "002/1/gan").Should().BeNull("alice's answer is still pending");
    }

    [Test]
    public void Full_points_on_every_item_of_the_course_give_each_task_its_manual_points()
    {
        var csv = RubricCsv.Export(CourseCatalog.Default, ["alice"], null);
        var rows = Csv.Read(csv).Select(r => r.Fields.ToArray()).ToList();
        for (int i = 1; i < rows.Count; i++)
        {
            Fill(rows, i, rows[i][3], "");
        }

        var filled = new StringBuilder();
        rows.ForEach(r => filled.Append(Csv.Record(r)));
        var grades = RubricCsv.Parse(filled.ToString(), CourseCatalog.Default);

        foreach (var task in CourseCatalog.Default.Tasks.Where(t => t.Manual.Count > 0))
        {
            grades.Points("alice", task.Id).Should().BeApproximately(task.ManualPoints, 1e-12, task.Id);
        }
    }

    [Test]
    public void Read_takes_a_file_with_a_byte_order_mark_as_Excel_saves_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rubric-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, Header + "\nalice,002/1/gan,answer,1,0.5,half,\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            RubricCsv.Read(path, Catalog).All.Should().Equal(new ManualScore("alice", "002/1/gan", "answer", 0.5, "half"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Columns_may_come_in_any_order_and_header_case_does_not_matter()
    {
        var grades = Parse("Points,Student,Task,Item,Max_Points,Rubric,Comment", "1,alice,002/1/gan,answer,1,,fine");

        grades.All.Should().Equal(new ManualScore("alice", "002/1/gan", "answer", 1, "fine"));
    }

    [Test]
    public void Blank_rows_are_skipped_but_counted()
    {
        var e = Refused(Header, "", ",,,,,,", "alice,002/1/gan,answer,1,x,,");

        ShouldPoint(e, 4, 5, "points");
    }

    [Test]
    public void A_row_whose_rubric_spans_lines_counts_as_one_row()
    {
        var e = Refused(Header, "alice,001/1/flows,plot,0.5,,,\"two\nlines\"", "alice,001/1/flows,nope,2,,,");

        ShouldPoint(e, 3, 3, "item");
    }

    // ---- malformed: header ----

    [Test]
    public void A_missing_header_column_is_refused()
    {
        var e = Refused("student,task,item,max_points,points,rubric", "alice,002/1/gan,answer,1,1,");

        ShouldPoint(e, 1, 6, "comment");
        e.Message.Should().Be($"rubric.csv, row 1, column 6 (comment): the column 'comment' is missing; the header must be {Header}.");
    }

    [Test]
    public void An_extra_header_column_is_refused()
    {
        var e = Refused(Header + ",notes", "alice,002/1/gan,answer,1,1,,,x");

        ShouldPoint(e, 1, 8, "notes");
        e.Message.Should().Contain("the extra column 'notes' is not part of the rubric");
    }

    [Test]
    public void A_renamed_header_column_is_refused_naming_the_missing_one()
    {
        var e = Refused("student,task,item,max_points,score,comment,rubric", "alice,002/1/gan,answer,1,1,,");

        ShouldPoint(e, 1, 5, "score");
        e.Message.Should().Be($"rubric.csv, row 1, column 5 (score): unknown column 'score', and the column 'points' is missing (was it renamed?); the header must be {Header}.");
    }

    [Test]
    public void A_header_column_named_twice_is_refused()
    {
        var e = Refused("student,task,item,max_points,points,comment,points", "alice,002/1/gan,answer,1,1,,");

        ShouldPoint(e, 1, 7, null);
        e.Message.Should().Contain("the column 'points' appears twice (also column 5)");
    }

    [Test]
    public void A_semicolon_separated_file_is_refused_with_a_hint()
    {
        var e = Refused("student;task;item;max_points;points;comment;rubric", "alice;002/1/gan;answer;1;1;;");

        ShouldPoint(e, 1, 1, null);
        e.Message.Should().Contain("the values are separated by ';', not ','; save the file as CSV with ',' as the separator");
    }

    [Test]
    public void An_empty_file_is_refused_as_missing_its_header()
    {
        var act = () => RubricCsv.Parse("", Catalog, "rubric.csv");

        act.Should().Throw<RubricCsvException>().WithMessage($"rubric.csv, row 1: the header is missing; the first row must be {Header}.");
    }

    // ---- malformed: cells ----

    [Test]
    public void An_unknown_task_is_refused()
    {
        var e = Refused(Header, "alice,002/1/gan,answer,1,1,,", "alice,003/9/nope,answer,1,1,,");

        ShouldPoint(e, 3, 2, "task");
        e.Message.Should().Contain("unknown task '003/9/nope'");
    }

    [Test]
    public void An_unknown_item_of_a_task_is_refused_listing_its_items()
    {
        var e = Refused(Header, "alice,001/1/flows,derivation,2,1,,");

        ShouldPoint(e, 2, 3, "item");
        e.Message.Should().Be("rubric.csv, row 2, column 3 (item): the task '001/1/flows' has no manual item 'derivation' (its items: explain, plot).");
    }

    [Test]
    public void An_item_of_a_task_without_manual_items_is_refused()
    {
        var e = Refused(Header, "alice,001/2/auto-only,answer,1,1,,");

        ShouldPoint(e, 2, 3, "item");
        e.Message.Should().Contain("the task '001/2/auto-only' has no manual items");
    }

    [Test]
    public void Points_that_are_not_a_number_are_refused()
    {
        var e = Refused(Header, "alice,002/1/gan,answer,1,full,,");

        ShouldPoint(e, 2, 5, "points");
        e.Message.Should().Be("rubric.csv, row 2, column 5 (points): 'full' is not a number.");
    }

    [Test]
    public void A_quoted_comma_decimal_is_refused_with_a_hint_to_use_a_point()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,\"1,5\",,");

        ShouldPoint(e, 2, 5, "points");
        e.Message.Should().Be("rubric.csv, row 2, column 5 (points): '1,5' uses ',' as the decimal separator; write 1.5 with '.'.");
    }

    [Test]
    public void An_unquoted_comma_decimal_splits_the_row_and_is_refused_with_the_same_hint()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,1,5,,");

        ShouldPoint(e, 2, 8, null);
        e.Message.Should().Contain("points use '.' as the decimal separator (2.5, not 2,5)");
    }

    [Test]
    public void A_comma_decimal_in_max_points_is_refused_too()
    {
        var e = Refused(Header, "alice,001/1/flows,plot,\"0,5\",,,");

        ShouldPoint(e, 2, 4, "max_points");
        e.Message.Should().Contain("write 0.5 with '.'");
    }

    [TestCase("-0.5", "-0.5 points is below 0")]
    [TestCase("2.5", "2.5 points is more than the item's 2")]
    [TestCase("NaN", "'NaN' is not a number")]
    [TestCase("Infinity", "'Infinity' is not a number")]
    [TestCase("1e0", "'1e0' is not a number")]
    public void Points_out_of_range_are_refused(string points, string what)
    {
        var e = Refused(Header, $"alice,001/1/flows,explain,2,{points},,");

        ShouldPoint(e, 2, 5, "points");
        e.Message.Should().Be($"rubric.csv, row 2, column 5 (points): {what}.");
    }

    [Test]
    public void Points_at_both_ends_of_the_range_are_taken()
    {
        Parse(Header, "alice,001/1/flows,explain,2,0,,", "bob,001/1/flows,explain,2, 2 ,,")
            .All.Select(s => s.Points).Should().Equal(0, 2);
    }

    [Test]
    public void Max_points_that_do_not_match_the_catalog_are_refused()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,3,1,,");

        ShouldPoint(e, 2, 4, "max_points");
        e.Message.Should().Be("rubric.csv, row 2, column 4 (max_points): max_points is 3, but the catalog gives the item 'explain' of '001/1/flows' 2 points; export the rubric again.");
    }

    [Test]
    public void Empty_max_points_are_refused()
    {
        ShouldPoint(Refused(Header, "alice,001/1/flows,explain,,1,,"), 2, 4, "max_points");
    }

    [Test]
    public void A_duplicate_student_task_item_is_refused_naming_the_earlier_row()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,1,,", "alice,002/1/gan,answer,1,,,", "alice,001/1/flows,explain,2,,,");

        ShouldPoint(e, 4, 3, "item");
        e.Message.Should().Contain("are already on row 2");
    }

    [Test]
    public void An_unsafe_student_name_is_refused()
    {
        ShouldPoint(Refused(Header, "../x,001/1/flows,explain,2,1,,"), 2, 1, "student");
    }

    [Test]
    public void A_row_with_too_few_values_is_refused_at_the_first_missing_column()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,1");

        ShouldPoint(e, 2, 6, "comment");
        e.Message.Should().Contain("the row ends after 5 values, but the header has 7 columns");
    }

    // ---- malformed: quotes ----

    [Test]
    public void A_quote_that_is_never_closed_is_refused_where_it_opens()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,1,,", "bob,001/1/flows,explain,2,1,\"never closed,", "carol,002/1/gan,answer,1,1,,");

        ShouldPoint(e, 3, 6, null);
        e.Message.Should().Be("rubric.csv, row 3, column 6: the quote that opens this value is never closed (unbalanced quotes).");
    }

    [Test]
    public void A_quote_inside_an_unquoted_value_is_refused()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,1,said \"hi\",");

        ShouldPoint(e, 2, 6, null);
        e.Message.Should().Contain("unbalanced quotes");
    }

    [Test]
    public void Text_after_a_closing_quote_is_refused()
    {
        var e = Refused(Header, "alice,001/1/flows,explain,2,1,\"ok\" more,");

        ShouldPoint(e, 2, 6, null);
        e.Message.Should().Contain("text follows the closing quote");
    }

    // ---- files ----

    [Test]
    public void A_missing_file_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv");

        var act = () => RubricCsv.Read(path, Catalog);

        act.Should().Throw<RubricCsvException>().WithMessage($"The rubric CSV '{path}' does not exist.");
    }

    [Test]
    public void A_file_that_is_not_UTF8_is_refused_naming_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rubric-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, Encoding.Latin1.GetBytes(Header + "\nJürgen,002/1/gan,answer,1,1,,\n"));

            var act = () => RubricCsv.Read(path, Catalog);

            act.Should().Throw<RubricCsvException>().WithMessage(
                $"{Path.GetFileName(path)} is not UTF-8 text (line 2 holds the byte 0xFC, which is not UTF-8); save it as \"CSV UTF-8\" and try again.");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Fill(List<string[]> rows, int row, string points, string comment)
    {
        rows[row][4] = points;
        rows[row][5] = comment;
    }
}
