using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;

namespace Grader.Grading.Reporters;

/// <summary>
/// JUnit XML of a run, in the shape GitLab's <c>artifacts:reports:junit</c> reads: <c>testsuites</c>, one
/// <c>testsuite</c> per hand-in, and per check a <c>testcase</c> with classname "&lt;student&gt;.Sheet&lt;sheet&gt;" (GitLab
/// shows the classname as the suite) and name "&lt;exercise&gt; &lt;task&gt; — &lt;check id&gt;", so (classname, name) is unique
/// (GitLab keeps only the first of duplicates). A failed check has a <c>failure</c>, an errored one an <c>error</c>;
/// each hand-in has a "compile" case (a failure listing the errors when it did not compile) and, after a timeout or a
/// crash, a "grading" case with an <c>error</c> giving the reason. A hand-in refused at intake (<see cref="RefusedHandin"/>)
/// has a suite too, with one "intake" case whose <c>failure</c> (type "refused") gives the refusal, and score 0, so no
/// student goes missing from a dashboard. Control characters are dropped; no CDATA is used, so
/// "]]&gt;" in a message is plain text. One hand-in (<c>grader check --ci</c>) gives one suite.
/// </summary>
public sealed class JUnitReporter : IReporter
{
    /// <summary>The reporter.</summary>
    public static readonly JUnitReporter Default = new();

    /// <summary>The file name it writes in a run's folder.</summary>
    public const string FileName = "junit.xml";

    public string Name => FileName;

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/>.</summary>
    public void Write(GradingSummary summary, string folder) => WriteFile(summary, Path.Combine(folder, FileName));

    /// <summary>The XML document as text (UTF-8 declaration, indented, LF line ends).</summary>
    public static string Render(GradingSummary summary) => Encoding.UTF8.GetString(Bytes(summary));

    /// <summary>Writes the XML document to <paramref name="path"/> atomically.</summary>
    public static void WriteFile(GradingSummary summary, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, Bytes(summary));
    }

    /// <summary>The document (a copy of each kept suite; <see cref="Render"/> and <see cref="WriteFile"/> stream the same
    /// document without copying).</summary>
    public static XDocument Document(GradingSummary summary)
    {
        var suites = Suites(summary);
        var root = new XElement("testsuites", RootAttributes(summary, suites));
        foreach (var built in suites)
        {
            lock (built)
            {
                root.Add(new XElement(built.Suite));
            }
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XmlWriterSettings WriterSettings() => new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        NewLineChars = "\n",
    };

    // The document written straight from the kept suites: grader serve's writer writes junit.xml of a 500-student sheet
    // after every burst of scores, and copying every kept suite into a new document each time was most of the garbage a
    // write made (57 of 105 MB a write, measured in docs/measurements/2026-11-28-student-page-500-profile.md).
    private static byte[] Bytes(GradingSummary summary)
    {
        var suites = Suites(summary);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings()))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("testsuites");
            foreach (var attribute in RootAttributes(summary, suites))
            {
                writer.WriteAttributeString(attribute.Name.LocalName, attribute.Value);
            }

            foreach (var built in suites)
            {
                lock (built)
                {
                    built.Suite.WriteTo(writer);
                }
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static BuiltSuite[] Suites(GradingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Handins.Concat(RefusedHandin.Reports(summary))
            .OrderBy(h => h.Student, StringComparer.Ordinal)
            .Select(h => CachedSuite(h, summary.Run))
            .ToArray();
    }

    private static XAttribute[] RootAttributes(GradingSummary summary, BuiltSuite[] suites) =>
    [
        new("name", "grader"),
        new("tests", suites.Sum(s => s.Tests)),
        new("failures", suites.Sum(s => s.Failures)),
        new("errors", suites.Sum(s => s.Errors)),
        new("skipped", 0),
        new("time", Seconds(summary.Run.Elapsed)),
    ];

    // Each hand-in's suite as last built, per grade (a HandinReport is immutable; grader serve's writer keeps the grades
    // no score changed, so a write after one score builds one suite, not 500). The kept suite is only ever written or
    // copied under its lock, never put in a document.
    private static readonly ConditionalWeakTable<HandinReport, BuiltSuite> Built = new();

    private sealed record BuiltSuite(RunInfo Run, XElement Suite)
    {
        public int Tests { get; } = (int)Suite.Attribute("tests")!;

        public int Failures { get; } = (int)Suite.Attribute("failures")!;

        public int Errors { get; } = (int)Suite.Attribute("errors")!;
    }

    private static BuiltSuite CachedSuite(HandinReport outcome, RunInfo run)
    {
        if (!Built.TryGetValue(outcome, out var built) || built.Run != run)
        {
            built = new BuiltSuite(run, Suite(outcome, run));
            Built.AddOrUpdate(outcome, built);
        }

        return built;
    }

    private static XElement Suite(HandinReport outcome, RunInfo run)
    {
        var report = outcome;
        var cases = new List<XElement>();
        var seen = new HashSet<(string, string)>();

        XElement Case(string classname, string name, TimeSpan time)
        {
            var unique = name;
            for (int n = 2; !seen.Add((classname, unique)); n++)
            {
                unique = $"{name} ({n.ToString(CultureInfo.InvariantCulture)})";
            }

            var element = new XElement("testcase",
                new XAttribute("classname", Clean(classname)),
                new XAttribute("name", Clean(unique)),
                new XAttribute("time", Seconds(time)));
            cases.Add(element);
            return element;
        }

        if (outcome.Status == HandinStatus.Refused)
        {
            var reason = outcome.Reason ?? HandinStatusText.Words(outcome.Status);
            Case(outcome.Student, "intake", TimeSpan.Zero).Add(Problem("failure", reason, HandinStatusText.Token(outcome.Status), HandinStatusText.Detail(outcome) ?? reason));
        }
        else
        {
            var compile = Case(outcome.Student, "compile", report.Compile.Elapsed);
            if (!report.Compile.Success)
            {
                compile.Add(Problem("failure", "the hand-in does not compile", "compile-error", report.Compile.Summary()));
            }
        }

        if (outcome.Status is HandinStatus.TimedOut or HandinStatus.Crashed)
        {
            var grading = Case(outcome.Student, "grading", outcome.Timing.Total);
            var detail = HandinStatusText.Headline(outcome) ?? HandinStatusText.Words(outcome.Status);
            grading.Add(Problem("error", detail, HandinStatusText.Token(outcome.Status), detail));
            if (!string.IsNullOrWhiteSpace(outcome.Log))
            {
                grading.Add(new XElement("system-out", Clean(outcome.Log)));
            }
        }

        foreach (var task in outcome.Status == HandinStatus.Refused ? [] : report.Tasks)
        {
            var classname = $"{outcome.Student}.Sheet{task.Task.Sheet}";
            var slug = task.Task.Id[(task.Task.Id.LastIndexOf('/') + 1)..];
            foreach (var verdict in task.Checks)
            {
                var testcase = Case(classname, $"{task.Task.Exercise} {slug} — {verdict.Result.Id}", verdict.Elapsed);
                var r = verdict.Result;
                if (r.Outcome != CheckOutcome.Passed)
                {
                    var body = report.Compile.Success ? TextReport.RenderCheck(task, verdict) : r.Message;
                    testcase.Add(r.Outcome == CheckOutcome.Errored
                        ? Problem("error", r.Message, "errored", body)
                        : Problem("failure", r.Message, "failed", body));
                }
            }
        }

        var properties = new XElement("properties",
            Property("status", HandinStatusText.Token(outcome.Status)),
            Property("score", Csv.Number(report.Total)),
            Property("max", Csv.Number(report.Max)),
            Property("automatic", Csv.Number(report.AutoTotal)),
            Property("possible", PointsText.Exact(report.Possible)),
            Property("hidden-not-run", PointsText.Exact(report.NotRun)),
            Property("seed", run.Seed.ToString(CultureInfo.InvariantCulture)),
            Property("grader-version", run.Version));
        return new XElement("testsuite",
            new XAttribute("name", Clean(outcome.Student)),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", cases.Count(c => c.Element("error") is not null)),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(outcome.Timing.Total)),
            new XAttribute("timestamp", run.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            properties,
            cases);
    }

    private static XElement Problem(string kind, string message, string type, string body) =>
        new(kind,
            new XAttribute("message", Clean(FirstLine(message))),
            new XAttribute("type", type),
            Clean(body.ReplaceLineEndings("\n")));

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", Clean(value)));

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n')[0];
        return line.Length > 500 ? line[..500] + "…" : line;
    }

    private static string Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Drops what XML 1.0 cannot hold: control characters other than tab, CR and LF, unpaired surrogates, U+FFFE/U+FFFF.</summary>
    private static string Clean(string text)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
