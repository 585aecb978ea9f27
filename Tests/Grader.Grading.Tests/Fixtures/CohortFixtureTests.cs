using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Grader.Grading.Tests.Fixtures;

/// <summary>
/// Keeps <c>fixtures/handins/</c> (the cohort of hand-ins the end-to-end grading runs on) in step with
/// <c>Submissions/Examples</c>: every hand-in holds exactly the full example it names, every example is handed in by
/// exactly one student, and the answer key (<c>cohort.json</c>) names only tasks of the catalog. The same holds for the
/// adversarial corpus, <c>fixtures/adversarial/</c> (one zip per <c>Submissions/Examples/Adversarial/&lt;slug&gt;</c>),
/// and its answer key <c>adversarial.json</c>. When an example changes, regenerate with
/// <c>/usr/bin/python3 fixtures/cohort/make_cohort.py</c>.
/// </summary>
public partial class CohortFixtureTests
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string CohortFolder = Path.Combine(Root, "fixtures", "handins");
    private static readonly string AnswerKey = Path.Combine(Root, "fixtures", "cohort", "cohort.json");
    private static readonly string ExamplesFolder = Path.Combine(Root, "Submissions", "Examples");
    private static readonly IReadOnlyList<Entry> Cohort = ReadCohort();
    private static readonly string[] Statuses = ["Graded", "CompileFailed", "TimedOut"];
    private static readonly string AdversarialFolder = Path.Combine(Root, "fixtures", "adversarial");
    private static readonly string AdversarialAnswerKey = Path.Combine(Root, "fixtures", "cohort", "adversarial.json");
    private static readonly IReadOnlyList<AdversarialEntry> Adversarial = ReadAdversarial();
    private static readonly string[] AdversarialStatuses = ["Graded", "CompileFailed", "TimedOut", "Crashed"];

    /// <summary>One student of <c>cohort.json</c>.</summary>
    /// <param name="Student">The student's slug; the hand-in is <c>&lt;student&gt;.zip</c> or the folder <c>&lt;student&gt;/</c>.</param>
    /// <param name="Example">"Diffusion/Correct", "Diffusion/Mutants/&lt;slug&gt;" or "Diffusion/Faulty/&lt;slug&gt;", under Submissions/Examples.</param>
    /// <param name="Form">"zip" or "folder".</param>
    /// <param name="Expect">The expected grading outcome.</param>
    public sealed record Entry(string Student, string Example, string Form, Expectation Expect)
    {
        /// <summary>The hand-in's path in fixtures/handins.</summary>
        public string HandinPath => Path.Combine(CohortFolder, Form == "zip" ? Student + ".zip" : Student);

        /// <inheritdoc />
        public override string ToString() => $"{Student} ({Example})";
    }

    /// <summary>What grading a hand-in of the cohort gives.</summary>
    /// <param name="FullMarksExcept">The graded tasks whose automatic points are lost; every other task gets full marks.</param>
    /// <param name="Status">The Cli's HandinStatus: "Graded", "CompileFailed" or "TimedOut".</param>
    public sealed record Expectation(IReadOnlyList<string> FullMarksExcept, string Status);

    /// <summary>One student of <c>adversarial.json</c>: an attack of the adversarial corpus.</summary>
    /// <param name="Student">The student's slug; the hand-in is <c>fixtures/adversarial/&lt;student&gt;.zip</c>.</param>
    /// <param name="Example">"Adversarial/&lt;slug&gt;", under Submissions/Examples.</param>
    /// <param name="Form">"zip".</param>
    /// <param name="Attack">The attack in words: the example's mutant.json "bug".</param>
    /// <param name="Expect">The expected grading outcome.</param>
    public sealed record AdversarialEntry(string Student, string Example, string Form, string Attack, AdversarialExpectation Expect)
    {
        /// <summary>The hand-in's path in fixtures/adversarial.</summary>
        public string HandinPath => Path.Combine(AdversarialFolder, Student + ".zip");

        /// <inheritdoc />
        public override string ToString() => $"{Student} ({Example})";
    }

    /// <summary>What grading an adversarial hand-in gives.</summary>
    /// <param name="FullMarksExcept">The graded tasks whose automatic points are lost; every other task gets full marks.</param>
    /// <param name="Status">The Cli's HandinStatus: "Graded", "CompileFailed", "TimedOut" or "Crashed".</param>
    /// <param name="ReasonContains">A text the hand-in's reason or one of its failed checks' messages contains; null when nothing fails.</param>
    public sealed record AdversarialExpectation(IReadOnlyList<string> FullMarksExcept, string Status, string? ReasonContains);

    private static IReadOnlyList<Entry> ReadCohort()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var json = File.ReadAllText(AnswerKey);
        return JsonSerializer.Deserialize<List<Entry>>(json, options) ?? throw new InvalidOperationException("cohort.json is null");
    }

    private static IReadOnlyList<AdversarialEntry> ReadAdversarial()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var json = File.ReadAllText(AdversarialAnswerKey);
        return JsonSerializer.Deserialize<List<AdversarialEntry>>(json, options) ?? throw new InvalidOperationException("adversarial.json is null");
    }

    /// <summary>Adversarial/&lt;slug&gt;: every example of the adversarial corpus on disk.</summary>
    private static IEnumerable<string> AdversarialExamples() =>
        Directory.EnumerateDirectories(Path.Combine(ExamplesFolder, "Adversarial"))
            .Select(d => $"Adversarial/{Path.GetFileName(d)}")
            .Order(StringComparer.Ordinal);

    /// <summary>Diffusion/Correct, Diffusion/Mutants/&lt;slug&gt; and Diffusion/Faulty/&lt;slug&gt;: every example hand-in on disk.</summary>
    private static IEnumerable<string> Examples() =>
        new[] { "Diffusion/Correct" }.Concat(new[] { "Diffusion/Mutants", "Diffusion/Faulty" }.SelectMany(group =>
            Directory.EnumerateDirectories(Path.Combine(ExamplesFolder, group))
                .Select(d => $"{group}/{Path.GetFileName(d)}")
                .Order(StringComparer.Ordinal)));

    /// <summary>
    /// The files of a cohort or corpus hand-in: <paramref name="files"/> (the example, overlaid on its base) and, beside
    /// them, every other pack's correct example (a student hands in every family of the course).
    /// </summary>
    private static IReadOnlyList<HandinFile> WithTheOtherFamilies(IReadOnlyList<HandinFile> files, string example)
    {
        var family = example.Split('/')[0] == "Adversarial" ? AttackedFamily(example) : example.Split('/')[0];
        var others = CourseCatalog.Default.Packs
            .Where(p => p.Folders.Correct != $"Submissions/Examples/{family}/Correct")
            .SelectMany(p => HandinSource.Load(Path.Combine(Root, p.Folders.Correct)).Files);
        return [.. files, .. others];
    }

    /// <summary>The family an attack is laid over: the first part of its mutant.json "base" ("Flows/Correct"), Diffusion for a base named without one.</summary>
    private static string AttackedFamily(string example)
    {
        using var mutant = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExamplesFolder, example, "mutant.json")));
        var parts = mutant.RootElement.GetProperty("base").GetString()!.Split('/');
        return parts.Length > 1 ? parts[0] : "Diffusion";
    }

    public static IEnumerable<TestCaseData> Entries() =>
        Cohort.Select(e => new TestCaseData(e).SetName($"Cohort hand-in {e.Student} is the example {e.Example}"));

    [TestCaseSource(nameof(Entries))]
    public void Every_hand_in_holds_the_full_example_it_names(Entry entry)
    {
        var expected = WithTheOtherFamilies(HandinSource.Load(Path.Combine(ExamplesFolder, entry.Example)).Files, entry.Example);
        var handedIn = entry.Form switch
        {
            "zip" => ReadZip(entry.HandinPath),
            "folder" => ReadFolder(entry.HandinPath),
            _ => throw new AssertionException($"{entry.Student}: form \"{entry.Form}\" is neither \"zip\" nor \"folder\""),
        };

        handedIn.Keys.Should().BeEquivalentTo(expected.Select(f => f.Path), $"{entry.Student}'s hand-in holds the .cs files of {entry.Example}; regenerate with make_cohort.py");
        foreach (var file in expected)
        {
            handedIn[file.Path].Should().Be(file.Text, $"{entry.Student}'s {file.Path} is {entry.Example}'s; regenerate with make_cohort.py");
        }
    }

    [Test]
    public void Every_example_is_handed_in_by_exactly_one_student()
    {
        Cohort.Select(e => e.Example).Should().BeEquivalentTo(Examples(), o => o.WithoutStrictOrdering(),
            "every folder of Submissions/Examples (Correct, Mutants/*, Faulty/*) is in fixtures/cohort/cohort.json exactly once");
        Cohort.Select(e => e.Student).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Students_are_lowercase_slugs_and_every_hand_in_on_disk_is_in_the_cohort()
    {
        Cohort.Should().AllSatisfy(e => SlugPattern().IsMatch(e.Student).Should().BeTrue($"\"{e.Student}\" is an ASCII lower-case first-last slug"));
        Cohort.Should().AllSatisfy(e => (e.Form == "zip" ? File.Exists(e.HandinPath) : Directory.Exists(e.HandinPath))
            .Should().BeTrue($"{e.Student} hands in a {e.Form} at {e.HandinPath}"));

        var onDisk = Directory.EnumerateFiles(CohortFolder, "*.zip").Select(Path.GetFileName)
            .Concat(Directory.EnumerateDirectories(CohortFolder).Select(d => Path.GetFileName(d) + "/"));
        var listed = Cohort.Select(e => e.Form == "zip" ? e.Student + ".zip" : e.Student + "/");
        onDisk.Should().BeEquivalentTo(listed, "fixtures/handins holds the cohort's hand-ins and nothing else");
        Cohort.Should().Contain(e => e.Form == "folder", "a tutor receives folders as well as zips");
    }

    [Test]
    public void The_cohort_folder_names_the_assignment_it_is_graded_for()
    {
        var assignment = Grader.Checks.Catalog.AssignmentFile.Read(Path.Combine(CohortFolder, Grader.Checks.Catalog.AssignmentFile.FileName), CourseCatalog.Default);
        assignment.Id.Should().Be("000", "make_cohort.py's ASSIGNMENT: the README's main command grades sheet 000");
    }

    [Test]
    public void Zips_are_deterministic_and_one_holds_a_single_top_folder()
    {
        var zips = Cohort.Where(e => e.Form == "zip").ToList();
        zips.Should().NotBeEmpty();
        int withTopFolder = 0;
        foreach (var entry in zips)
        {
            using var archive = ZipFile.OpenRead(entry.HandinPath);
            var names = archive.Entries.Select(z => z.FullName).ToList();
            names.Should().BeInAscendingOrder(StringComparer.Ordinal, $"{entry.Student}.zip has its entries sorted");
            archive.Entries.Should().AllSatisfy(z => z.LastWriteTime.DateTime.Should().Be(new DateTime(1980, 1, 1), $"{entry.Student}.zip:{z.FullName} has the fixed date"));
            if (TopFolder(names) is not null) withTopFolder++;
        }

        withTopFolder.Should().Be(1, "one student zipped the folder itself");
    }

    [Test]
    public void The_answer_key_names_only_graded_tasks_of_the_catalog()
    {
        var graded = CourseCatalog.Default.Tasks.Where(t => t.Graded).Select(t => t.Id).ToList();
        graded.Should().NotBeEmpty();
        foreach (var entry in Cohort)
        {
            var lost = entry.Expect.FullMarksExcept;
            Statuses.Should().Contain(entry.Expect.Status, $"{entry.Student}'s status is a HandinStatus");
            lost.Should().OnlyHaveUniqueItems();
            foreach (var id in lost)
            {
                CourseCatalog.Default.FindTask(id).Should().NotBeNull($"{entry.Student} loses points on {id}, a task of CourseCatalog.Default");
            }

            lost.Should().BeSubsetOf(graded, $"{entry.Student} can only lose automatic points on a task with checks");

            var mutant = HandinSource.Load(Path.Combine(ExamplesFolder, entry.Example)).Mutant;
            switch (entry.Expect.Status)
            {
                case "CompileFailed":
                    lost.Should().BeEquivalentTo(graded, $"{entry.Student}'s hand-in does not compile, so every check fails");
                    break;
                case var _ when mutant is null:
                    entry.Expect.Should().BeEquivalentTo(new Expectation([], "Graded"), $"{entry.Student} hands in {entry.Example}, which has no bug");
                    break;
                default:
                    mutant.Task.Should().NotBeNull($"{entry.Example}/mutant.json names the task its bug belongs to");
                    lost.Should().Contain(mutant.Task!, $"{entry.Student} loses the points of {entry.Example}'s task");
                    lost.Should().HaveCountLessThan(graded.Count, $"{entry.Student}'s bug costs only some tasks");
                    break;
            }
        }

        Cohort.Select(e => e.Expect.Status).Distinct().Should().BeEquivalentTo(["Graded", "TimedOut"],
            "the cohort has graded hand-ins (yusuf-bergstrom's broken file is left out and costs only its tasks) and a timed-out one");
        Cohort.Should().Contain(e => e.Example == "Diffusion/Faulty/compile-error" && e.Expect.FullMarksExcept.Count > 0 && e.Expect.FullMarksExcept.Count < graded.Count,
            "the hand-in with a file that does not compile loses some tasks, not all");
    }

    /// <summary>The .cs files of a zip: path relative to the hand-in (a single top folder stripped) → text.</summary>
    private static Dictionary<string, string> ReadZip(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var files = archive.Entries.Where(e => e.FullName.EndsWith(".cs", StringComparison.Ordinal)).ToList();
        var top = TopFolder(archive.Entries.Select(e => e.FullName));
        return files.ToDictionary(
            e => top is null ? e.FullName : e.FullName[(top.Length + 1)..],
            e =>
            {
                using var reader = new StreamReader(e.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return reader.ReadToEnd();
            },
            StringComparer.Ordinal);
    }

    /// <summary>The .cs files of a folder: path relative to the hand-in (a single top folder stripped) → text.</summary>
    private static Dictionary<string, string> ReadFolder(string path)
    {
        var paths = Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        var top = TopFolder(paths);
        return paths.ToDictionary(
            p => top is null ? p : p[(top.Length + 1)..],
            p => File.ReadAllText(Path.Combine(path, p)),
            StringComparer.Ordinal);
    }

    /// <summary>The one folder every entry lies in (as students zip their folder), or null when files lie at the top or in several folders.</summary>
    private static string? TopFolder(IEnumerable<string> entryNames)
    {
        var tops = entryNames.Select(n => n.Split('/')).Select(parts => parts.Length > 1 ? parts[0] : null).Distinct().ToList();
        return tops is [{ } single] ? single : null;
    }

    public static IEnumerable<TestCaseData> AdversarialEntries() =>
        Adversarial.Select(e => new TestCaseData(e).SetName($"Adversarial hand-in {e.Student} is the example {e.Example}"));

    [TestCaseSource(nameof(AdversarialEntries))]
    public void Every_adversarial_hand_in_holds_the_full_example_it_names(AdversarialEntry entry)
    {
        entry.Form.Should().Be("zip", $"{entry.Student} hands in a zip");
        var source = HandinSource.Load(Path.Combine(ExamplesFolder, entry.Example));
        var handedIn = ReadZip(entry.HandinPath);
        var expected = WithTheOtherFamilies(source.Files, entry.Example);

        handedIn.Keys.Should().BeEquivalentTo(expected.Select(f => f.Path), $"{entry.Student}'s hand-in holds the .cs files of {entry.Example}; regenerate with make_cohort.py");
        foreach (var file in expected)
        {
            handedIn[file.Path].Should().Be(file.Text, $"{entry.Student}'s {file.Path} is {entry.Example}'s; regenerate with make_cohort.py");
        }

        source.Mutant.Should().NotBeNull($"{entry.Example} is an overlay with a mutant.json");
        CourseCatalog.Default.Packs.Select(p => p.Folders.Correct).Should().Contain($"Submissions/Examples/{source.Mutant!.Base}", $"{entry.Example} is laid over a family's correct example");
        entry.Attack.Should().Be(source.Mutant.Bug, $"adversarial.json describes {entry.Example}'s attack as its mutant.json does; regenerate with make_cohort.py");
    }

    [Test]
    public void Every_adversarial_example_is_handed_in_by_exactly_one_student_not_of_the_cohort()
    {
        Adversarial.Select(e => e.Example).Should().BeEquivalentTo(AdversarialExamples(), o => o.WithoutStrictOrdering(),
            "every folder of Submissions/Examples/Adversarial is in fixtures/cohort/adversarial.json exactly once");
        Adversarial.Select(e => e.Student).Should().OnlyHaveUniqueItems();
        Adversarial.Select(e => e.Student).Should().NotIntersectWith(Cohort.Select(e => e.Student), "the adversarial students are not the cohort's");
        Adversarial.Should().AllSatisfy(e => SlugPattern().IsMatch(e.Student).Should().BeTrue($"\"{e.Student}\" is an ASCII lower-case first-last slug"));

        var onDisk = Directory.EnumerateFileSystemEntries(AdversarialFolder).Select(Path.GetFileName);
        onDisk.Should().BeEquivalentTo(Adversarial.Select(e => e.Student + ".zip"), "fixtures/adversarial holds the corpus's zips and nothing else");
    }

    [Test]
    public void Adversarial_zips_are_deterministic()
    {
        Adversarial.Should().NotBeEmpty();
        foreach (var entry in Adversarial)
        {
            using var archive = ZipFile.OpenRead(entry.HandinPath);
            var names = archive.Entries.Select(z => z.FullName).ToList();
            names.Should().BeInAscendingOrder(StringComparer.Ordinal, $"{entry.Student}.zip has its entries sorted");
            TopFolder(names).Should().BeNull($"{entry.Student}.zip holds its .cs files at the top level");
            archive.Entries.Should().AllSatisfy(z => z.LastWriteTime.DateTime.Should().Be(new DateTime(1980, 1, 1), $"{entry.Student}.zip:{z.FullName} has the fixed date"));
        }
    }

    [Test]
    public void The_adversarial_answer_key_names_only_graded_tasks_of_the_catalog()
    {
        var graded = CourseCatalog.Default.Tasks.Where(t => t.Graded).Select(t => t.Id).ToList();
        foreach (var entry in Adversarial)
        {
            var expect = entry.Expect;
            AdversarialStatuses.Should().Contain(expect.Status, $"{entry.Student}'s status is a HandinStatus");
            expect.FullMarksExcept.Should().OnlyHaveUniqueItems().And.BeSubsetOf(graded, $"{entry.Student} can only lose automatic points on a task with checks");

            var mutant = HandinSource.Load(Path.Combine(ExamplesFolder, entry.Example)).Mutant!;
            mutant.Task.Should().NotBeNull($"{entry.Example}/mutant.json names the task whose checks call the attacked contract");
            CourseCatalog.Default.FindTask(mutant.Task!).Should().NotBeNull($"{entry.Example}/mutant.json names a task of the catalog");
            mutant.Contract.Should().NotBeNullOrWhiteSpace($"{entry.Example}/mutant.json names the contract the attack sits in");

            if (expect.Status == "CompileFailed")
            {
                expect.FullMarksExcept.Should().BeEquivalentTo(graded, $"{entry.Student}'s hand-in does not compile, so every check fails");
            }
            else if (expect.FullMarksExcept.Count > 0)
            {
                expect.FullMarksExcept.Should().Contain(mutant.Task!, $"{entry.Student} loses the points of the task whose checks call the attack");
            }

            if (expect.FullMarksExcept.Count > 0 || expect.Status != "Graded")
            {
                expect.ReasonContains.Should().NotBeNullOrWhiteSpace($"{entry.Student} loses points, so the answer key says what the reason must mention");
            }
        }

        Adversarial.Select(e => e.Expect.Status).Distinct().Should().BeEquivalentTo(AdversarialStatuses, "the corpus holds graded, non-compiling, timed-out and crashed hand-ins");
    }

    [GeneratedRegex("^[a-z]+(-[a-z]+)+$")]
    private static partial Regex SlugPattern();
}
