using YamlDotNet.RepresentationModel;

namespace Grader.Cli.Tests.GitHub;

/// <summary>
/// The tutor's workflows, parsed: every step that runs hand-ins (<c>grader check</c> or <c>grader grade</c>) has no token
/// in its environment (the workflow's, the job's or its own), asks for the sandbox (<c>GRADER_SANDBOX=bwrap</c> and
/// <c>--require-sandbox</c>), and runs after a step that installs bubblewrap and lifts Ubuntu 24.04's AppArmor
/// restriction on user namespaces; the course token is used, but only by steps that run no hand-in.
/// </summary>
public class TutorWorkflowTests
{
    private static readonly Regex RunsHandins = new(@"Graders/Cli\b.*\s--\s+(check|grade)\b", RegexOptions.Compiled);

    private static readonly Regex Secret = new(@"\$\{\{\s*(secrets\.|github\.token)", RegexOptions.Compiled);

    [TestCase("grade-pushes.yml")]
    [TestCase("grade-cohort.yml")]
    public void No_step_that_runs_hand_ins_holds_a_token_and_each_requires_the_sandbox(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".github", "workflows", file));

        var steps = Steps(text);
        var grading = steps.Where(s => s.RunsHandins).ToList();

        grading.Should().NotBeEmpty("the workflow grades hand-ins");
        Violations(text).Should().BeEmpty();
        TestContext.Out.WriteLine($"{file}: {grading.Count} step(s) run hand-ins: {string.Join(", ", grading.Select(s => s.Name))}");
    }

    [Test]
    public void The_course_token_is_used_only_by_steps_that_run_no_hand_in()
    {
        var steps = Steps(File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".github", "workflows", "grade-pushes.yml")));

        var withToken = steps.Where(s => s.Environment.Values.Any(v => v.Contains("secrets.GRADER_COURSE_TOKEN", StringComparison.Ordinal))).ToList();

        withToken.Select(s => s.Name).Should().BeEquivalentTo(["Fetch every new push", "Post each score on its commit"]);
        withToken.Should().OnlyContain(s => !s.RunsHandins);
    }

    [Test]
    public void The_check_catches_a_token_in_the_job_s_environment_and_a_missing_sandbox()
    {
        // The layout before issue 27: the token in the job's environment, the grader posting the status itself, no sandbox switch.
        const string Before = """
            name: before
            on: workflow_dispatch
            jobs:
              grade:
                runs-on: ubuntu-24.04
                env:
                  GH_TOKEN: ${{ secrets.GRADER_COURSE_TOKEN }}
                steps:
                  - name: Install
                    run: sudo apt-get install -y bubblewrap
                  - name: Grade
                    run: dotnet run --project Graders/Cli -- check handin --post-status "$r@$sha"
            """;

        var violations = Violations(Before);

        violations.Should().Contain(v => v.Contains("GH_TOKEN", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("GRADER_SANDBOX", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("--require-sandbox", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("apparmor", StringComparison.Ordinal));
    }

    /// <summary>What is wrong with the steps of <paramref name="workflow"/> that run hand-ins, one line each.</summary>
    private static List<string> Violations(string workflow)
    {
        var violations = new List<string>();
        var steps = Steps(workflow);
        foreach (var step in steps.Where(s => s.RunsHandins))
        {
            foreach (var (key, value) in step.Environment)
            {
                if (Secret.IsMatch(value) || key.Contains("TOKEN", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{step.Job}/{step.Name}: {key} in its environment");
                }
            }

            if (Secret.IsMatch(step.Run))
            {
                violations.Add($"{step.Job}/{step.Name}: a secret in its script");
            }

            if (!step.Environment.TryGetValue("GRADER_SANDBOX", out var sandbox) || sandbox != "bwrap")
            {
                violations.Add($"{step.Job}/{step.Name}: GRADER_SANDBOX is not bwrap");
            }

            if (!step.Run.Contains("--require-sandbox", StringComparison.Ordinal))
            {
                violations.Add($"{step.Job}/{step.Name}: no --require-sandbox");
            }

            var before = steps.TakeWhile(s => s != step).Where(s => s.Job == step.Job).Select(s => s.Run).ToList();
            if (!before.Any(r => r.Contains("sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", StringComparison.Ordinal)))
            {
                violations.Add($"{step.Job}/{step.Name}: no earlier step lifts the apparmor restriction on user namespaces");
            }

            if (!before.Any(r => Regex.IsMatch(r, @"apt-get install\b.*\bbubblewrap\b")))
            {
                violations.Add($"{step.Job}/{step.Name}: no earlier step installs bubblewrap");
            }
        }

        return violations;
    }

    /// <summary>Every step of every job, with the environment it runs in (the workflow's, the job's, its own) and its script.</summary>
    private static List<Step> Steps(string workflow)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(workflow));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var steps = new List<Step>();
        var global = Environment(root);
        foreach (var (jobKey, jobNode) in Mapping(root, "jobs") ?? [])
        {
            var job = (YamlMappingNode)jobNode;
            var inJob = global.Concat(Environment(job)).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            foreach (var stepNode in (job.Children.TryGetValue("steps", out var s) ? (YamlSequenceNode)s : new YamlSequenceNode()).Cast<YamlMappingNode>())
            {
                var environment = inJob.Concat(Environment(stepNode)).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                var run = Scalar(stepNode, "run") ?? "";
                var name = Scalar(stepNode, "name") ?? Scalar(stepNode, "uses") ?? "?";
                var joined = run.Replace("\\\n", " ", StringComparison.Ordinal);
                steps.Add(new Step(((YamlScalarNode)jobKey).Value!, name, environment, run, joined.Split('\n').Any(RunsHandins.IsMatch)));
            }
        }

        return steps;
    }

    private static IEnumerable<KeyValuePair<string, string>> Environment(YamlMappingNode node) =>
        (Mapping(node, "env") ?? []).Select(kv => new KeyValuePair<string, string>(((YamlScalarNode)kv.Key).Value!, kv.Value is YamlScalarNode v ? v.Value ?? "" : kv.Value.ToString()));

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>>? Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlMappingNode mapping ? mapping.Children : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlScalarNode scalar ? scalar.Value : null;

    private sealed record Step(string Job, string Name, IReadOnlyDictionary<string, string> Environment, string Run, bool RunsHandins);
}
