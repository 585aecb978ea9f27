using Grader.Web.Comments;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// The code page's C# highlighting (issue 82): Roslyn's lexer classes as spans, line by line, every character kept and
/// escaped, whatever the student's file holds (markup in a string, code that does not compile).
/// </summary>
public sealed partial class CSharpHighlightTests
{
    [Test]
    public void Keywords_strings_numbers_comments_and_directives_are_spans_and_a_span_never_crosses_a_line()
    {
        string[] code = ["#nullable enable", "var x = 42; // the answer", "string s = $\"a {x} b\" + 'c';", "/* two", "   lines */ int y;", "/// <summary>A doc comment</summary>", "void F() { }"];
        var html = CSharpHighlight.Lines(code);
        html.Should().HaveCount(code.Length);
        html[0].Should().Be("<span class=\"pp\">#nullable enable</span>");
        html[1].Should().Be("<span class=\"kw\">var</span> x = <span class=\"num\">42</span>; <span class=\"com\">// the answer</span>");
        html[2].Should().StartWith("<span class=\"kw\">string</span> s = <span class=\"str\">$&quot;a </span>{x}<span class=\"str\"> b&quot;</span> + <span class=\"str\">&#39;c&#39;</span>;");
        html[3].Should().Be("<span class=\"com\">/* two</span>", "a comment over two lines is a span on each");
        html[4].Should().Be("<span class=\"com\">   lines */</span> <span class=\"kw\">int</span> y;");
        html[5].Should().Be("<span class=\"com\">/// &lt;summary&gt;A doc comment&lt;/summary&gt;</span>", "a doc comment from its slashes on");
    }

    [Test]
    public void A_hostile_or_broken_file_keeps_every_character_escaped()
    {
        string[] code = ["var s = \"</pre><script>window.pwned = 1</script>\";", "class { \"unterminated <b>", "\u202Eevil // <img src=x onerror=alert(1)>", ""];
        var html = CSharpHighlight.Lines(code);
        html.Should().HaveCount(code.Length);
        foreach (var (line, source) in html.Zip(code))
        {
            line.Should().NotContain("<script").And.NotContain("<img").And.NotContain("<b>").And.NotContain("</pre>");
            System.Net.WebUtility.HtmlDecode(Tags().Replace(line, "")).Should().Be(source, "every character is kept");
        }

        // The check catches an unescaped line: the raw first line holds what the lines above must not.
        code[0].Should().Contain("<script").And.Contain("</pre>");
    }

    [GeneratedRegex("<span class=\"[a-z]+\">|</span>")]
    private static partial Regex Tags();
}
