using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Grader.Grading.Tests.Reporters;

public sealed class JUnitReporterTests
{
    [Test]
    public void The_document_parses_and_every_classname_and_name_pair_is_unique()
    {
        var xml = JUnitReporter.Render(ReporterFixture.Summary());
        var document = XDocument.Parse(xml);

        xml.Should().StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        document.Root!.Name.LocalName.Should().Be("testsuites");
        document.Root.Elements("testsuite").Select(s => (string)s.Attribute("name")!).Should().Equal("alice", "bob", "carol", "dave, jr.", "eve");
        var cases = document.Descendants("testcase").Select(c => ((string)c.Attribute("classname")!, (string)c.Attribute("name")!)).ToArray();
        cases.Should().OnlyHaveUniqueItems();
        cases.Should().Contain(("alice.Sheet004", "3.4 negative-elbo — diffusion.negative-elbo"));
    }

    [Test]
    public void The_file_written_from_the_kept_suites_is_the_document_byte_for_byte_every_time()
    {
        // The file is streamed from each hand-in's kept suite (no copy per write, grader serve's writer writes it after
        // every burst of scores); it must be the document Document builds, saved with the file's settings, on the first
        // write (suites built) and on later ones (suites kept), and a write must leave the kept suites as they were.
        var summary = ReporterFixture.Summary();
        string Saved()
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = true, NewLineChars = "\n" };
            using var buffer = new MemoryStream();
            using (var writer = XmlWriter.Create(buffer, settings))
            {
                JUnitReporter.Document(summary).Save(writer);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        var first = JUnitReporter.Render(summary);
        first.Should().Be(Saved());
        JUnitReporter.Render(summary).Should().Be(first);
        Saved().Should().Be(first);
        XDocument.Parse(first).Root!.Elements("testsuite").Should().HaveCount(5);
    }

    [Test]
    public void Failures_and_errors_are_counted_per_suite_and_in_total()
    {
        var root = XDocument.Parse(JUnitReporter.Render(ReporterFixture.Summary())).Root!;
        (int Tests, int Failures, int Errors) Counts(XElement e) => ((int)e.Attribute("tests")!, (int)e.Attribute("failures")!, (int)e.Attribute("errors")!);
        XElement Suite(string name) => root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == name);

        // Each suite: a compile case and six checks; a timeout or crash adds a grading case.
        Counts(Suite("alice")).Should().Be((7, 2, 0));
        Counts(Suite("bob")).Should().Be((7, 7, 0), "the compile case and every check fail");
        Counts(Suite("carol")).Should().Be((8, 2, 2), "two failed checks; an errored check and the timeout");
        Counts(Suite("dave, jr.")).Should().Be((8, 0, 7), "six errored checks and the crash");
        Counts(Suite("eve")).Should().Be((1, 1, 0), "the refused hand-in: one intake case that fails with the refusal");
        Counts(root).Should().Be((31, 12, 9));
        foreach (var suite in root.Elements("testsuite"))
        {
            suite.Elements("testcase").Count(c => c.Element("failure") is not null).Should().Be((int)suite.Attribute("failures")!);
            suite.Elements("testcase").Count(c => c.Element("error") is not null).Should().Be((int)suite.Attribute("errors")!);
        }
    }

    [Test]
    public void A_failure_carries_the_message_and_the_check_text_and_a_timeout_its_reason()
    {
        var root = XDocument.Parse(JUnitReporter.Render(ReporterFixture.Summary())).Root!;

        var elbo = root.Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "alice.Sheet004" && ((string)c.Attribute("name")!).EndsWith("diffusion.negative-elbo", StringComparison.Ordinal));
        var failure = elbo.Element("failure")!;
        ((string)failure.Attribute("message")!).Should().Be("loss differs at t = 3: got <1.5 & 2>, \"expected\" 2.0,");
        failure.Value.Should().Contain("expected: [1.0, 2.0]").And.Contain("see the second line");
        ((string)elbo.Attribute("time")!).Should().Be("0.125");

        var grading = root.Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "carol" && (string)c.Attribute("name")! == "grading");
        ((string)grading.Element("error")!.Attribute("message")!).Should().Contain("Check diffusion.toy-quality ran past its limit of 30 s");
        ((string)grading.Element("error")!.Attribute("type")!).Should().Be("timed-out");

        var intake = root.Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "eve" && (string)c.Attribute("name")! == "intake");
        ((string)intake.Element("failure")!.Attribute("type")!).Should().Be("refused");
        ((string)intake.Element("failure")!.Attribute("message")!).Should().Be("the zip is corrupt: \"unexpected end of archive\"");
        intake.Parent!.Descendants("property").Single(p => (string)p.Attribute("name")! == "score").Attribute("value")!.Value.Should().Be("0");

        var compile = root.Descendants("testcase").Single(c => (string)c.Attribute("classname")! == "bob" && (string)c.Attribute("name")! == "compile");
        compile.Element("failure")!.Value.Should().Contain("Diffusion/DtuDdpm.cs:12:5: error CS1002: ; expected");
    }

    [Test]
    public void Control_characters_are_dropped_and_CDATA_terminators_stay_text()
    {
        var xml = JUnitReporter.Render(ReporterFixture.Summary());

        xml.Should().NotContain("\u0001").And.NotContain("\u0002").And.NotContain("\u0007");
        var dave = XDocument.Parse(xml).Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "dave, jr.");
        dave.Descendants("error").First(e => (string)e.Attribute("type")! == "errored").Value.Should().Contain("(bell) ]]> and");
        dave.Descendants("system-out").Single().Value.Should().Contain("at Hand.In() ]]>");
    }

    [Test]
    public void A_summary_of_one_hand_in_gives_one_suite()
    {
        var one = ReporterFixture.Summary() with { Handins = [ReporterFixture.AliceVisibleOnly()], Problems = [], Manual = ManualGrades.Empty };

        var root = XDocument.Parse(JUnitReporter.Render(one)).Root!;

        root.Elements("testsuite").Should().ContainSingle();
        ((int)root.Attribute("tests")!).Should().Be(1 + 3, "the compile case and the three visible checks");
        ((int)root.Attribute("failures")!).Should().Be(1);
        var path = Path.Combine(Path.GetTempPath(), $"grader-junit-{Guid.NewGuid():N}", "junit.xml");
        try
        {
            JUnitReporter.WriteFile(one, path);
            XDocument.Load(path).Root!.Elements("testsuite").Should().ContainSingle();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
