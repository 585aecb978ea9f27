using Grader.Checks.Hidden.OdeSde;
using Grader.Runner.Host;
using Grader.Contracts.OdeSde;
using Grader.Remote.Channel;
using Grader.Tensors;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// The grader's ODE and SDE trainings across the channel (issue 66, sheet 003 1.3–1.4 and 2.3): one real host loads the
/// OdeSde Correct example, as <c>grader grade</c> loads a hand-in once for all its checks; each test begins a check and
/// resolves <see cref="IOdeTrainingRun"/> or <see cref="ISdeTrainingRun"/>, which the host answers with its own loop
/// beside the example's drift (model); the record (losses, parameters and gradients per recorded step) and the trained
/// values come back as tensors, and the grader's check of the loss (<see cref="OdeTrainingVerification"/>,
/// <see cref="SdeTrainingVerification"/>) rebuilds each recorded step's drift (model) in the host and reads its networks
/// through the channel — the path <c>grader grade</c> takes. Both loops step on the grader's loss
/// (<see cref="OdeGraderLoss"/>, <see cref="SdeGraderLoss"/>), which stays in the grader and is called back from the host (issue 79). The host closes cleanly after both.
/// </summary>
public sealed class OdeSdeTrainingRunRemoteTests
{
    private HostSession _session = null!;

    /// <summary>The runs' data: 500 draws of N(0, 3²).</summary>
    private static readonly Tensor Data = torch.randn([500, 1], new Generator(3UL)) * 3f;

    [OneTimeSetUp]
    public async Task Load_the_correct_example_in_a_host() =>
        _session = await LoadedHost.StartAsync(HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "OdeSde", "Correct")));

    [OneTimeTearDown]
    public async Task The_host_closes_cleanly()
    {
        await _session.ShouldCloseCleanlyAsync();
        _session.Dispose();
    }

    /// <summary>A new check's account begun, and the training contract <typeparamref name="T"/> resolved in the host.</summary>
    private T Begin<T>()
    {
        _session.BeginCheck(CallbackBudget.Default);
        return (T)_session.Resolve(typeof(T))!;
    }

    [Test]
    public void The_host_trains_the_ode_parts_and_the_grader_verifies_the_record()
    {
        var run = Begin<IOdeTrainingRun>();
        var loss = new OdeGraderLoss();
        var outcome = run.Train(Data, 2, new Generator(4UL), new Generator(5UL), loss);
        outcome.Reason.Should().BeNull(_session.LogTail());
        // The grader's loss, called back from the host's loop (issue 79), saw the last step's batch on the same drift as the hand-in's loss.
        var last = (double)outcome.Losses.contiguous().ToArray()[1];
        loss.LastValue.Should().BeApproximately(last, 1e-4 * Math.Max(1, Math.Abs(last)));
        outcome.Values.Select(v => string.Join("x", v.shape)).Should().Equal("64x2", "64", "64x64", "64", "64x64", "64", "1x64", "1");
        outcome.Losses.numel().Should().Be(2);
        outcome.Snapshots.shape.Should().Equal(2, 8577);

        var (verified, problem) = OdeTrainingVerification.Check(run, outcome, Data, new Generator(4UL), new Generator(5UL), new Generator(6UL));
        problem.Should().BeNull(problem?.Message);
        verified!.MaxLossRatio.Should().BeLessThan(0.25);
        _session.Channel.Broken.Should().BeNull(_session.LogTail());
    }

    /// <summary>
    /// What the grader's loss costs across the channel (issue 79): the check's 48 steps of the Correct example trained in
    /// the host with <see cref="OdeGraderLoss"/> called back (4,848 callbacks), against the same training in this process;
    /// the wall time of each and this process's CPU (the grader's side: the callbacks and the channel) are printed.
    /// </summary>
    [Test]
    [Explicit("a measurement: two 48-step trainings (≈ 10 s)")]
    public void The_grader_s_loss_across_the_channel_costs()
    {
        var data = torch.randn([1000, 1], new Generator(3UL)) * 3f;
        var run = Begin<IOdeTrainingRun>();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var remote = run.Train(data, 48, new Generator(4UL), new Generator(5UL), new OdeGraderLoss());
        var remoteWall = clock.Elapsed;
        process.Refresh();
        var graderCpu = process.TotalProcessorTime - cpu;
        remote.Reason.Should().BeNull(_session.LogTail());

        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "OdeSde", "Correct")));
        var parts = (IOdeTrainingParts)new Grader.Remote.Handins.HandinInstance(compiled.Assembly!).Resolve(typeof(IOdeTrainingParts))!;
        clock.Restart();
        cpu = process.TotalProcessorTime;
        var local = Grader.Remote.Training.OdeTrainingRun.InProcess(parts).Train(data, 48, new Generator(4UL), new Generator(5UL), new OdeGraderLoss());
        var localWall = clock.Elapsed;
        process.Refresh();
        local.Reason.Should().BeNull();
        TestContext.Out.WriteLine($"48 steps: in the host {remoteWall.TotalSeconds:F2} s wall, the grader's process {graderCpu.TotalSeconds:F2} s CPU meanwhile; in process {localWall.TotalSeconds:F2} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F2} s CPU");
    }

    [Test]
    public void The_host_trains_the_sde_parts_and_the_grader_verifies_the_record()
    {
        var run = Begin<ISdeTrainingRun>();
        var loss = new SdeGraderLoss();
        var outcome = run.Train(Data, 2, new Generator(4UL), new Generator(5UL), loss);
        outcome.Reason.Should().BeNull(_session.LogTail());
        // The grader's loss, called back from the host's loop three times a step (issue 79), saw the last step's batch and
        // draws on the same model as the hand-in's loss: the same −mean ELBO (float32 against double, ≈ 25 terms of size ≤ 10²).
        var last = (double)outcome.Losses.contiguous().ToArray()[1];
        loss.LastValue.Should().BeApproximately(last, 1e-4 * Math.Max(1, Math.Abs(last)));
        // What Adam stepped on is the formula's gradient: the hand-in's (the Correct example's autograd) agrees with it.
        outcome.GraderGradients.shape.Should().Equal(2, 17_669);
        outcome.Values.Sum(v => v.numel()).Should().Be(17_669, "the notebook's four networks and log β");
        outcome.Losses.numel().Should().Be(2);
        outcome.RecordedSteps.numel().Should().Be(2, "2 steps: both recorded");
        outcome.Snapshots.shape.Should().Equal(2, 17_669);

        var (verified, problem) = SdeTrainingVerification.Check(run, outcome, Data, new Generator(4UL), new Generator(5UL), new Generator(6UL));
        problem.Should().BeNull(problem?.Message);
        verified!.MaxLossRatio.Should().BeLessThan(0.25);
        verified.MaxExactGradientGap.Should().BeLessThan(SdeTrainingVerification.ExactGradientTolerance);
        var model = run.Trained(new Generator(4UL), outcome.Values);
        model.LikelihoodStd.Should().BePositive();
        _session.Channel.Broken.Should().BeNull(_session.LogTail());
    }
}
