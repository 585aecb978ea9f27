using System.Text.Json.Nodes;
using Json.Schema;
using Tomlyn;
using Tomlyn.Model;

namespace Grader.Checks.Tests.Catalog;

/// <summary>
/// <c>courses/course.schema.json</c>, the schema editors check course files with (Taplo's <c>#:schema</c> comment): every
/// shipped course file, read as TOML and turned into JSON, validates against it, and a file with an unknown field or a
/// level without its points does not.
/// </summary>
public sealed class CourseSchemaTests
{
    private static readonly string Courses = Path.Combine(RepositoryRoot.Path, "courses");

    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Courses, "course.schema.json")));

    public static IEnumerable<string> ShippedFiles() => Directory.GetFiles(Courses, "*.toml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(ShippedFiles))]
    public void A_shipped_course_file_validates_against_the_schema_it_names(string file)
    {
        var text = File.ReadAllText(Path.Combine(Courses, file));
        text.Should().StartWith("#:schema ./course.schema.json\n");
        var result = Schema.Evaluate(Json(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.Should().BeTrue(string.Join("; ", result.Details.Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")));
    }

    [TestCase("total = 14\n", "total = 14\ncolour = \"red\"\n")]
    [TestCase("[[sheet.task.manual.level]]\npoints = 0.5\n", "[[sheet.task.manual.level]]\n")]
    [TestCase("id = \"004\"\n", "id = \"4\"\n")]
    public void A_broken_course_file_does_not(string from, string to)
    {
        var text = File.ReadAllText(Path.Combine(Courses, "dtu-02460-2024.toml"));
        text.Should().Contain(from);
        Schema.Evaluate(Json(text.Replace(from, to, StringComparison.Ordinal))).IsValid.Should().BeFalse();
    }

    private const string Groups = "\n[semester]\nstudents = [\"ada\", \"bob\"]\ngroup-size = 2\n\n[[semester.group]]\nid = \"g1\"\nmembers = [\"ada\", \"bob\"]\n\n[[semester.tutorial]]\nid = \"mon\"\ntutors = [\"tom\"]\nstudents = [\"ada\", \"bob\"]\n";

    [Test]
    public void A_group_course_validates_and_a_group_id_that_cannot_name_a_folder_does_not()
    {
        var text = File.ReadAllText(Path.Combine(Courses, "heidelberg-ml4physics-2023.toml")) + Groups;
        var result = Schema.Evaluate(Json(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.Should().BeTrue(string.Join("; ", result.Details.Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")));
        Schema.Evaluate(Json(text.Replace("id = \"g1\"", "id = \"=SUM(A1)\"", StringComparison.Ordinal))).IsValid.Should().BeFalse();
        Schema.Evaluate(Json(text.Replace("group-size = 2", "group-size = 0", StringComparison.Ordinal))).IsValid.Should().BeFalse();
        var declared = text.Replace("members = [\"ada\", \"bob\"]\n\n[[semester.tutorial]]", "members = [\"ada\", \"bob\"]\ntutorial = \"mon\"\n\n[[semester.tutorial]]", StringComparison.Ordinal);
        declared.Should().Contain("tutorial = \"mon\"", "the control: the replacement found the group");
        Schema.Evaluate(Json(declared)).IsValid.Should().BeTrue("a group may name the tutorial that grades it");
        Schema.Evaluate(Json(declared.Replace("tutorial = \"mon\"", "tutorial = \"\"", StringComparison.Ordinal))).IsValid.Should().BeFalse("an empty tutorial is no tutorial");
    }

    /// <summary>The TOML document as JSON: tables as objects, arrays (of tables too) as arrays, date-times as RFC 3339 strings.</summary>
    private static JsonNode? Json(string toml) => Node(TomlSerializer.Deserialize<TomlTable>(toml)!);

    private static JsonNode? Node(object? value) => value switch
    {
        TomlTable table => new JsonObject(table.Select(kv => KeyValuePair.Create(kv.Key, Node(kv.Value)))),
        TomlTableArray tables => new JsonArray([.. tables.Select(Node)]),
        TomlArray array => new JsonArray([.. array.Select(Node)]),
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        TomlDateTime t => JsonValue.Create(t.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"unexpected TOML value {value?.GetType().Name}"),
    };
}
