using System.Text.Json;

namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// A validator for Gradescope's <c>results.json</c>, written from the spec (gradescope/autograder_samples docs/specs.md,
/// as summarised in shared/research/autograder-anchors.md §4.1): known fields only, each with its JSON type, the
/// enums of formats, visibilities and statuses, <c>score</c> required unless every test has one; and Grader's own
/// rules on top: every test has a score and a max_score, numbers are unique, and score == Σ tests' scores.
/// </summary>
internal static class GradescopeSpec
{
    private static readonly string[] Formats = ["text", "html", "simple_format", "md", "ansi"];
    private static readonly string[] Visibilities = ["hidden", "after_due_date", "after_published", "visible"];
    private static readonly string[] Statuses = ["passed", "failed"];

    /// <summary>Every violation found; empty when the document is valid.</summary>
    public static IReadOnlyList<string> Validate(string json)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ["the top level is not an object"];
            }

            foreach (var property in root.EnumerateObject())
            {
                var v = property.Value;
                switch (property.Name)
                {
                    case "score" or "execution_time":
                        Expect(problems, property.Name, v, JsonValueKind.Number);
                        break;
                    case "output":
                        Expect(problems, property.Name, v, JsonValueKind.String);
                        break;
                    case "output_format" or "test_output_format" or "test_name_format":
                        Enum(problems, property.Name, v, Formats);
                        break;
                    case "visibility" or "stdout_visibility":
                        Enum(problems, property.Name, v, Visibilities);
                        break;
                    case "extra_data":
                        Expect(problems, property.Name, v, JsonValueKind.Object);
                        break;
                    case "tests" or "leaderboard":
                        Expect(problems, property.Name, v, JsonValueKind.Array);
                        break;
                    default:
                        problems.Add($"unknown top-level field \"{property.Name}\"");
                        break;
                }
            }

            var tests = root.TryGetProperty("tests", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().ToArray() : [];
            bool hasScore = root.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number;
            if (!hasScore && (tests.Length == 0 || tests.Any(x => !x.TryGetProperty("score", out _))))
            {
                problems.Add("no top-level score and not every test has a score");
            }

            var numbers = new HashSet<string>(StringComparer.Ordinal);
            double sum = 0;
            for (int i = 0; i < tests.Length; i++)
            {
                var test = tests[i];
                var where = $"tests[{i}]";
                if (test.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{where} is not an object");
                    continue;
                }

                foreach (var property in test.EnumerateObject())
                {
                    var name = $"{where}.{property.Name}";
                    var v = property.Value;
                    switch (property.Name)
                    {
                        case "score" or "max_score":
                            Expect(problems, name, v, JsonValueKind.Number);
                            break;
                        case "name" or "number" or "output":
                            Expect(problems, name, v, JsonValueKind.String);
                            break;
                        case "status":
                            Enum(problems, name, v, Statuses);
                            break;
                        case "name_format" or "output_format":
                            Enum(problems, name, v, Formats);
                            break;
                        case "visibility":
                            Enum(problems, name, v, Visibilities);
                            break;
                        case "tags":
                            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                            {
                                problems.Add($"{name} is not an array of strings");
                            }

                            break;
                        case "extra_data":
                            Expect(problems, name, v, JsonValueKind.Object);
                            break;
                        default:
                            problems.Add($"unknown field \"{name}\"");
                            break;
                    }
                }

                if (!test.TryGetProperty("score", out var s) || s.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{where} has no numeric score");
                }
                else
                {
                    sum += s.GetDouble();
                    if (test.TryGetProperty("max_score", out var m) && m.ValueKind == JsonValueKind.Number && s.GetDouble() > m.GetDouble() + 1e-9)
                    {
                        problems.Add($"{where}: score {s.GetDouble()} exceeds max_score {m.GetDouble()}");
                    }
                }

                if (!test.TryGetProperty("max_score", out _))
                {
                    problems.Add($"{where} has no max_score");
                }

                if (test.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String && !numbers.Add(n.GetString()!))
                {
                    problems.Add($"{where}: number \"{n.GetString()}\" is not unique");
                }
            }

            // The top-level score is the report's total (HandinReport.Total, rounded to 4 decimals once); the tests carry
            // their points to 6, so they add up to it within that rounding.
            if (hasScore && Math.Abs(score.GetDouble() - sum) > 0.5e-4 + 1e-9)
            {
                problems.Add($"score {score.GetDouble()} is not the sum of the tests' scores {sum}");
            }
        }

        return problems;
    }

    private static void Expect(List<string> problems, string name, JsonElement value, JsonValueKind kind)
    {
        if (value.ValueKind != kind)
        {
            problems.Add($"{name} is {value.ValueKind}, not {kind}");
        }
    }

    private static void Enum(List<string> problems, string name, JsonElement value, string[] allowed)
    {
        if (value.ValueKind != JsonValueKind.String || !allowed.Contains(value.GetString()))
        {
            problems.Add($"{name} is {value}, not one of {string.Join("/", allowed)}");
        }
    }
}
