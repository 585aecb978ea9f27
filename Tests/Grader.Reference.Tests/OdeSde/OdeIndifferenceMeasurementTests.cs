using Grader.Checks.Hidden.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The measurements the ODE check's indifference zone (<see cref="OdeTrainingPartsQuality.Bounds"/>) is derived from
/// (docs/measurements/2026-11-29-ode-indifference.md): on each grading seed (run parameter <c>seeds</c>, e.g. "15 1 2"),
/// the decision's score of <c>runs</c> trainings on the same law (fresh 0, 1, …: the spread within one law, the part of
/// the spread the fresh runs' mean narrows) for the noisiest legitimate drift, the Correct example and the closed-form
/// cheat; and the noisiest drift's held-out gap and training loss at 48 steps against 96 and 192 (is it still moving?).
/// Printed, not asserted beyond the runs going through. Explicit: ≈ 5 s of CPU a training.
/// </summary>
[Explicit("trainings on several seeds: minutes of CPU")]
public sealed class OdeIndifferenceMeasurementTests
{
    private static string Family => Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");

    private static IEnumerable<ulong> Seeds => TestContext.Parameters.Get("seeds", "15 1 2").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse);

    private static Func<Type, object?> Compiled(HandinSource source)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!).Resolve;
    }

    /// <summary>A line to the progress stream and, with the run parameter <c>log</c>, appended to that file (a passed test's output is not shown).</summary>
    private static void Print(string line)
    {
        TestContext.Progress.WriteLine(line);
        if (TestContext.Parameters.Get("log", "") is { Length: > 0 } log) File.AppendAllText(log, line + Environment.NewLine);
    }

    private static HandinSource Correct => HandinSource.FromFolder(Path.Combine(Family, "Correct"));

    [Test]
    public void Scores_within_one_law()
    {
        var check = new OdeTrainingPartsQuality();
        var runs = TestContext.Parameters.Get("runs", 6);
        var cases = new (string Name, Func<Type, object?> Resolve)[]
        {
            ("drift-other-lr-batch", Compiled(Correct.WithOverlay(Path.Combine(Family, "Legit", "drift-other-lr-batch")))),
            ("Correct", Compiled(Correct)),
            ("ode-training-closed-form-of-the-sheet-law", Compiled(Correct.WithOverlay(Path.Combine(Family, "Cheats", "ode-training-closed-form-of-the-sheet-law")))),
        };
        foreach (var seed in Seeds)
            foreach (var (name, resolve) in cases.Where(c => TestContext.Parameters.Get("cases", "all") == "all" || TestContext.Parameters.Get("cases", "").Split(' ').Contains(c.Name)))
            {
                var context = new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: "") { Hidden = true };
                var reference = OdeTrainingPartsQuality.Reference(context);
                for (var fresh = 0; fresh < runs; fresh++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var (failed, run) = check.Once(context, fresh);
                    failed.Should().BeNull(failed?.Message);
                    Print($"within {name} seed {seed} fresh {fresh}: score {OdeTrainingPartsQuality.Score(run!.Scores, reference):F4} order {run.Scores.ShiftOrder:F4} gap {run.Scores.Gap:F4} ref gap {reference.Gap:F4} | cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s");
                }
            }
    }

    [Test]
    public void Budget_48_against_more()
    {
        var check = new OdeTrainingPartsQuality();
        var cases = new (string Name, Func<Type, object?> Resolve)[]
        {
            ("drift-other-lr-batch", Compiled(Correct.WithOverlay(Path.Combine(Family, "Legit", "drift-other-lr-batch")))),
            ("reference", ReferenceOdeHandin.Resolver()),
        };
        foreach (var seed in Seeds)
            foreach (var (name, resolve) in cases)
                foreach (var steps in (int[])[48, 96, 192])
                {
                    var context = new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: "") { Hidden = true };
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var (failed, run) = check.Once(context, 0, steps);
                    failed.Should().BeNull(failed?.Message);
                    var losses = run!.Losses.ToDoubleArray();
                    string Window(int end) => losses.Skip(end - 8).Take(8).Average().ToString("F4", CultureInfo.InvariantCulture);
                    var curve = string.Join(" ", ((int[])[8, 16, 24, 32, 40, 48, 96, 144, 192]).Where(e => e <= losses.Length).Select(e => $"{e}:{Window(e)}"));
                    Print($"budget {name} seed {seed} steps {steps}: order {run.Scores.ShiftOrder:F4} gap {run.Scores.Gap:F4} | loss (mean of the 8 steps before) {curve} | cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s");
                }
    }
}
