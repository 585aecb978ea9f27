namespace Grader.Checks.Tests.Checking;

/// <summary><see cref="SheetCitation"/>: a reference without a sheet is cited under the graded sheet; one that names its sheet is kept.</summary>
public class SheetCitationTests
{
    [TestCase("001", "ex. 1 (a): the notebook's p_sample", "sheet 001, ex. 1 (a): the notebook's p_sample")]
    [TestCase("000", "ex. 1 (a): the notebook's p_sample", "sheet 000, ex. 1 (a): the notebook's p_sample")]
    [TestCase("002", "sheet 002, problem 4 (d)", "sheet 002, problem 4 (d)")]
    [TestCase("002", "sheet 002, problem 4 (b)–(d) (and sheet 004, ex. 3.1)", "sheet 002, problem 4 (b)–(d) (and sheet 004, ex. 3.1)")]
    [TestCase("004", "sheets of notes, eq. (1)", "sheet 004, sheets of notes, eq. (1)")]
    public void A_reference_is_cited_under_the_graded_sheet_unless_it_names_one(string sheet, string reference, string cited) =>
        SheetCitation.Cite(sheet, reference).Should().Be(cited);

    [Test]
    public void Citing_twice_changes_nothing() =>
        SheetCitation.Cite("000", SheetCitation.Cite("001", "ex. 1 (c)")).Should().Be("sheet 001, ex. 1 (c)");
}
