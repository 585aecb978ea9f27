using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The run-time probes of "the model is a pure function of its parameters and inputs" (issue 79 item 2) in the ODE's
/// and the SDE's loops (<see cref="OdeGraderTraining"/>, <see cref="SdeGraderTraining"/>): at
/// <see cref="GraderLoop.ProbeMoments"/> drawn steps every call the grader's loss makes into the model is recorded
/// (inputs, outputs, that step's parameters) and, after training, replayed on a fresh model holding those values, in a
/// drawn order (<see cref="GraderLoop.Probes"/>). A model whose function changes during training (here a wrapper
/// around the reference's, adding 0.5 to one network's output from its <c>from</c>-th call on, counted per model object)
/// loses, charged to the model, with a message that says its function changed; the reference's parts keep their
/// training (the same wrapper without its window, and the Correct parts in the loops' own tests).
/// </summary>
public sealed class OdeSdeTrainingProbeTests
{
    /// <summary>Steps of each training: the window opens after step 0's calls (the SDE's) or step 1's (the ODE's), so a moment misses it only when all four fall before it, at most (2/8)⁴ ≈ 0.4 % a seed.</summary>
    private const int Steps = 8;

    /// <summary>The ODE drift's call the window opens at: past step 0's and step 1's (the hand-in's loss and the grader's, about 200 drift calls a step).</summary>
    private const int From = 400;

    /// <summary>The SDE drift network's: the grader's loss calls it once a step (the hand-in's loss calls the reference's own; no step makes another call), so from step 1 on.</summary>
    private const int SdeFrom = 1;

    private static string? Ode(Func<IOdeTrainingParts> parts, int seed)
    {
        var outcome = OdeGraderTraining.Run(parts(), parts, SdeGraderTrainingTests.Data(seed), Steps, new Generator((ulong)(2000 + seed)), new Generator((ulong)(3000 + seed)), new OdeGraderLoss());
        return outcome.FailedPart is { } part ? $"{part}: {outcome.Reason}" : null;
    }

    private static string? Sde(Func<ISdeTrainingParts> parts, int seed)
    {
        var outcome = SdeGraderTraining.Run(parts(), parts, SdeGraderTrainingTests.Data(seed), Steps, new Generator((ulong)(2000 + seed)), new Generator((ulong)(3000 + seed)), new SdeGraderLoss());
        return outcome.FailedPart is { } part ? $"{part}: {outcome.Reason}" : null;
    }

    [TestCase(1)]
    [TestCase(2)]
    public void An_ODE_drift_whose_function_changes_during_training_loses_at_a_probe(int seed)
    {
        var failure = Ode(() => new CountingOdeParts(From), seed);
        TestContext.Out.WriteLine(failure);
        failure.Should().StartWith("model: ").And.Contain("function changed during training").And.Contain("pure function of its parameters and its inputs");
    }

    [Test]
    public void The_same_ODE_drift_without_its_window_keeps_its_training() => Ode(() => new CountingOdeParts(int.MaxValue), 1).Should().BeNull();

    [TestCase(1)]
    [TestCase(2)]
    public void An_SDE_model_whose_drift_changes_during_training_loses_at_a_probe(int seed)
    {
        var failure = Sde(() => new CountingSdeParts(SdeFrom), seed);
        TestContext.Out.WriteLine(failure);
        failure.Should().StartWith("model: ").And.Contain("function changed during training");
    }

    [Test]
    public void The_same_SDE_model_without_its_window_keeps_its_training() => Sde(() => new CountingSdeParts(int.MaxValue), 1).Should().BeNull();

    /// <summary>
    /// The fresh cheat <c>Submissions/Examples/OdeSde/Cheats/ode-training-own-random-source</c> (a drift that keeps the
    /// generator Model was given, as a delegate to its NextDouble, and shifts every call by a draw of its own): GRADER005
    /// refuses it when it is compiled since the delegate rule (<c>PurityRuleTests</c>, <c>CheatHandinsTests</c>); compiled
    /// without that rule it loses at run time too, charged to the model: a fresh drift's draws are others, which the
    /// probes see (and the comparison after the last step).
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public void The_own_random_source_cheat_loses_at_run_time_without_the_purity_rule(int seed)
    {
        var family = Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");
        var compiled = Hidden.TrainingQualityTestSupport.WithoutPurityRule.Compile(HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, "Cheats", "ode-training-own-random-source")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var type = new HandinInstance(compiled.Assembly!).Resolve(typeof(IOdeTrainingParts))!.GetType();
        var failure = Ode(() => (IOdeTrainingParts)Activator.CreateInstance(type)!, seed);
        TestContext.Out.WriteLine(failure);
        failure.Should().StartWith("model: ").And.Match(m => m.Contains("function changed during training") || m.Contains("computes with something besides its parameters"));
    }

    /// <summary>
    /// The 20-seed sweep (seeds 1 … 20) of the always-on tests above: the two models whose function changes during training
    /// and the own-random-source cheat lose on every seed, charged to the model; the same wrappers without their window
    /// (the reference's parts, now probed) keep their training on every seed. Counts printed.
    /// </summary>
    [Test]
    [Explicit("20 seeds × 5 short trainings (8 steps): ≈ 3 minutes of CPU")]
    [Category("Slow")]
    public void On_20_seeds_every_changing_model_loses_and_the_reference_keeps_its_training()
    {
        var family = Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");
        var compiled = Hidden.TrainingQualityTestSupport.WithoutPurityRule.Compile(HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, "Cheats", "ode-training-own-random-source")));
        var cheat = new HandinInstance(compiled.Assembly!).Resolve(typeof(IOdeTrainingParts))!.GetType();
        var cases = new (string Name, Func<int, string?> Run, bool Loses)[]
        {
            ("ODE drift changing during training", seed => Ode(() => new CountingOdeParts(From), seed), true),
            ("SDE drift changing during training", seed => Sde(() => new CountingSdeParts(SdeFrom), seed), true),
            ("ode-training-own-random-source", seed => Ode(() => (IOdeTrainingParts)Activator.CreateInstance(cheat)!, seed), true),
            ("ODE reference (no window)", seed => Ode(() => new CountingOdeParts(int.MaxValue), seed), false),
            ("SDE reference (no window)", seed => Sde(() => new CountingSdeParts(int.MaxValue), seed), false),
        };
        var wrong = new List<string>();
        foreach (var (name, run, loses) in cases)
        {
            var lost = 0;
            var atProbe = 0;
            for (var seed = 1; seed <= 20; seed++)
            {
                var failure = run(seed);
                if (failure is not null && failure.StartsWith("model: ", StringComparison.Ordinal)) lost++;
                if (failure?.Contains("function changed during training", StringComparison.Ordinal) == true) atProbe++;
                if ((failure is not null) != loses) wrong.Add($"{name}, seed {seed}: {failure ?? "kept its training"}");
            }

            TestContext.Out.WriteLine($"{name}: lost on {lost}/20 seeds ({atProbe} at a probe)");
        }

        wrong.Should().BeEmpty();
    }

    /// <summary>The reference's ODE parts, whose drift adds 0.5 to f from its <c>from</c>-th call on.</summary>
    private sealed class CountingOdeParts(int from) : IOdeTrainingParts
    {
        private readonly ReferenceOdeTrainingParts _inner = new();

        public ITrainableDrift Model(Generator generator) => new Counting(_inner.Model(generator), from);

        public Tensor Loss(ITrainableDrift drift, Tensor y) => _inner.Loss(drift, y);

        public TrainingSettings Settings() => _inner.Settings();

        private sealed class Counting(ITrainableDrift inner, int from) : ITrainableDrift
        {
            private readonly CountingNetwork _network = new(inner, from);

            public Tensor Forward(Tensor x, Tensor t) => _network.Forward(x, t);

            public Tensor PartialX(Tensor x, Tensor t) => inner.PartialX(x, t);

            public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);

            public IReadOnlyList<Tensor> Parameters() => inner.Parameters();
        }
    }

    /// <summary>The reference's SDE parts, whose model's drift network adds 0.5 to f from its <c>from</c>-th call on.</summary>
    private sealed class CountingSdeParts(int from) : ISdeTrainingParts
    {
        private readonly ReferenceSdeTrainingParts _inner = new();

        public ITrainableSdeModel Model(Generator generator) => new Counting(_inner.Model(generator), from);

        /// <summary>The reference's loss on the model it made (its own networks: the hand-in's loss is only recorded; the grader's loss calls the counting drift).</summary>
        public Tensor Loss(ITrainableSdeModel model, Tensor y, IElboNoiseSource noise) => _inner.Loss(((Counting)model).Inner, y, noise);

        public TrainingSettings Settings() => _inner.Settings();

        private sealed class Counting(ITrainableSdeModel inner, int from) : ITrainableSdeModel
        {
            public ITrainableSdeModel Inner => inner;

            public IDifferentiableNetwork Drift { get; } = new CountingNetwork(inner.Drift, from);

            public IDifferentiableNetwork Diffusion => inner.Diffusion;

            public IDifferentiableNetwork Alpha => inner.Alpha;

            public IDifferentiableNetwork Beta => inner.Beta;

            public double LikelihoodStd => inner.LikelihoodStd;

            public IReadOnlyList<Tensor> Parameters() => inner.Parameters();

            public Tensor LikelihoodBeta() => inner.LikelihoodBeta();
        }
    }

    /// <summary>A network that adds 0.5 to its output from its <c>from</c>-th Forward call on (counted per object).</summary>
    private sealed class CountingNetwork(IDifferentiableNetwork inner, int from) : IDifferentiableNetwork
    {
        private int _calls;

        public Tensor Forward(Tensor x, Tensor t)
        {
            var honest = inner.Forward(x, t);
            return _calls++ >= from ? honest + 0.5f : honest;
        }

        public Tensor PartialX(Tensor x, Tensor t) => inner.PartialX(x, t);

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }
}
