using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;
using Grader.Tensors;

namespace Grader.Reference.Tests.Hidden;

/// <summary>Hand-ins, contexts and statistics for the tests of the hidden training checks.</summary>
internal static class TrainingQualityTestSupport
{
    /// <summary>The context a grading run with seed <paramref name="runSeed"/> gives check <paramref name="checkId"/>.</summary>
    public static CheckContext Context(object handin, string checkId, ulong runSeed) =>
        new(type => type.IsInstanceOfType(handin) ? handin : null, HandinGrader.CheckSeed(runSeed, checkId), snapshotRoot: "");

    /// <summary>An example hand-in under Submissions/Examples/Diffusion (e.g. "Correct", "Mutants/training-target-x0"), compiled, as its trainer.</summary>
    public static IDiffusionTraining Example(string relative)
    {
        var source = HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion", relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (IDiffusionTraining)(new HandinInstance(assembly).Resolve(typeof(IDiffusionTraining))
            ?? throw new InvalidOperationException($"{relative} has no IDiffusionTraining"));
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Grader.sln not found above the test directory");
    }

    /// <summary>Mean, sample sd, min and max.</summary>
    public static (double Mean, double Sd, double Min, double Max) Stats(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, sd, values.Min(), values.Max());
    }

    /// <summary>"mean ± sd [min, max]; suggested threshold" for a metric where larger is worse (or better, <paramref name="lowerIsWorse"/>).</summary>
    public static string Row(string name, IReadOnlyCollection<double> values, bool lowerIsWorse = false)
    {
        var (mean, sd, min, max) = Stats(values);
        var suggested = lowerIsWorse ? Math.Min(mean - 6 * sd, min - 0.25 * (mean - min)) : Math.Max(mean + 6 * sd, max + 0.25 * (max - mean));
        return string.Create(CultureInfo.InvariantCulture, $"{name}: mean {mean:G4}, sd {sd:G3}, min {min:G4}, max {max:G4}; mean {(lowerIsWorse ? "−" : "+")} 6 sd = {(lowerIsWorse ? mean - 6 * sd : mean + 6 * sd):G4}; suggested threshold {suggested:G3}");
    }

    /// <summary>A trainer that ignores the budget and takes <paramref name="steps"/> steps (0: an untrained network).</summary>
    public sealed class FixedSteps(IDiffusionTraining inner, int steps) : IDiffusionTraining
    {
        public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int budget, Generator generator) => inner.Train(data, schedule, steps, generator);
    }
}
