namespace Grader.Grading.Tests.Reporters;

/// <summary>The one CSV module: what <see cref="Csv"/> writes, its reader gives back; the reader names the row and column of bad quotes.</summary>
public sealed class CsvTests
{
    [Test]
    public void Every_field_comes_back_as_it_was_written_however_hostile()
    {
        string[][] records =
        [
            ["student", "note", "points"],
            ["", " leading space", "trailing space "],
            ["\ttab first", "a,b", "say \"hi\", then"],
            ["two\r\nlines", "cr\ronly", "lf\nonly"],
            ["Jürgen", "=1+2", "\"\""],
        ];

        var text = Csv.Table(records);

        Csv.Read(text).Select(r => r.Fields.ToArray()).Should().BeEquivalentTo(records, o => o.WithStrictOrdering());
        Csv.Read(text).Select(r => r.Row).Should().Equal(1, 2, 3, 4, 5);
    }

    [Test]
    public void A_field_is_quoted_only_when_it_must_be()
    {
        Csv.Field("alice").Should().Be("alice");
        Csv.Field("").Should().Be("");
        Csv.Field("a,b").Should().Be("\"a,b\"");
        Csv.Field("\tx").Should().Be("\"\tx\"", "a spreadsheet may trim white space at an end of an unquoted cell");
        Csv.Field("x ").Should().Be("\"x \"");
        Csv.Record(["a", "b c", "d"]).Should().Be("a,b c,d\r\n");
    }

    [TestCase("a,b\r\nc,\"d\r\n", 2, 2, "never closed")]
    [TestCase("a,b\"c\r\n", 1, 2, "does not start with one")]
    [TestCase("x\r\n\"y\"z,w\r\n", 2, 1, "text follows the closing quote")]
    public void Bad_quotes_are_an_error_at_their_row_and_column(string text, int row, int column, string says)
    {
        var act = () => Csv.Read(text).ToList();

        var e = act.Should().Throw<CsvSyntaxException>().Which;
        (e.Row, e.Column).Should().Be((row, column));
        e.Message.Should().Contain(says);
    }
}
