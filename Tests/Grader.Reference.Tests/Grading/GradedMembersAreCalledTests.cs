using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// "Every member a task grades is called" (issue 26, part 3): for every pack, each task's checks (visible and hidden)
/// run against the pack's correct example wrapped in a recorder (<see cref="Recorder"/>, a <see cref="DispatchProxy"/>
/// per contract that counts each member's calls and forwards them); every member of every contract bound to a graded
/// task must be called at least once by the checks of a task that binds the contract (a contract a sheet splits over
/// two tasks, DTU's <c>NegativeElbo</c> and <c>Sample</c>, has each member graded by one of them). A member no check
/// calls earns its task's points whatever it does (a <c>Value</c> that throws kept full marks). Each member must also
/// be called by a hidden check (on inputs drawn for the run): a member only visible checks call is decided on the
/// shipped snapshots alone, which a hand-in can match without computing. The table (member × calls per task, the hidden
/// checks' share in brackets) is written to the test output.
/// <para>
/// Training contracts (<c>I…Training</c>, and the members <c>Train</c> and <c>TrainOnImages</c> of any contract, such as the grader's <c>IDtuTrainingRun.TrainOnImages</c>) are graded by the training checks, which train for seconds to minutes; the
/// recorder stops such a check at its first call of <c>Train</c> (recorded, then an exception ends the check), so a
/// training check counts as calling <c>Train</c> only when it does, without paying for the training.
/// </para>
/// </summary>
public class GradedMembersAreCalledTests
{
    private static readonly string Root = RepositoryRoot.Path;

    public static IEnumerable<TestCaseData> Families() => TutorCatalog.Default.Packs.Select(p => new TestCaseData(p.Family).SetName($"Every member {p.Family} grades is called by a check of a task binding it"));

    [TestCaseSource(nameof(Families))]
    public void Every_member_a_task_grades_is_called_by_a_check_of_a_task_binding_it(string family)
    {
        var catalog = TutorCatalog.Default;
        var pack = catalog.Packs.Single(p => p.Family == family);
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(Root, pack.Folders.Correct)));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var resolve = new HandinInstance(compiled.Assembly!).Resolve;
        var snapshots = Path.Combine(Root, "fixtures", "snapshots");

        // Calls per task, then per contract over the graded tasks that bind it.
        var calls = new Dictionary<string, ConcurrentDictionary<string, int>>();
        var hiddenCalls = new Dictionary<string, ConcurrentDictionary<string, int>>();
        foreach (var binding in pack.Bindings)
        {
            var task = catalog.Tasks.Single(t => t.Id == binding.TaskId);
            if (!task.Graded) continue;
            var taskCalls = calls[binding.TaskId] = new ConcurrentDictionary<string, int>();
            var taskHiddenCalls = hiddenCalls[binding.TaskId] = new ConcurrentDictionary<string, int>();
            foreach (var spec in task.Checks.Where(c => binding.Checks.Any(b => b.Check.Id == c.Check.Id)))
            {
                bool hidden = spec.Visibility == Visibility.Hidden;
                var context = new CheckContext(type => Recorder.Wrap(type, resolve(type), taskCalls, hidden ? taskHiddenCalls : null), HandinGrader.CheckSeed(20231010, spec.Check.Id), snapshots) { Hidden = hidden };
                spec.Check.Run(context);
            }
        }

        // The grader's own loops (issue 66): a check that reaches IDiffusionTrainingRun.Train (IOdeTrainingRun.Train) hands
        // the hand-in's parts to GraderTraining (OdeGraderTraining), which calls Settings, Model and Loss on every run
        // (outside the recorder: the run resolves the parts itself); GraderTrainingTests' (OdeGraderTrainingTests')
        // mutants show each of the three graded there (settings out of bounds, a model
        // that ignores its parameters, a loss that writes the model or has another formula).
        foreach (var (task, taskCalls) in calls)
        {
            foreach (var (run, parts) in GraderLoops)
            {
                if (taskCalls.GetValueOrDefault(run) is > 0 and var n)
                {
                    foreach (var member in Recorder.Members(parts))
                    {
                        taskCalls.AddOrUpdate($"{parts.Name}.{member.Name}", n, (_, m) => m + n);
                        if (hiddenCalls[task].GetValueOrDefault(run) > 0) hiddenCalls[task].AddOrUpdate($"{parts.Name}.{member.Name}", n, (_, m) => m + n);
                    }
                }
            }
            foreach (var (run, member) in GraderLoopMembers)
            {
                if (taskCalls.GetValueOrDefault(run) is > 0 and var n)
                {
                    taskCalls.AddOrUpdate(member, n, (_, m) => m + n);
                    if (hiddenCalls[task].GetValueOrDefault(run) > 0) hiddenCalls[task].AddOrUpdate(member, n, (_, m) => m + n);
                }
            }
        }

        var table = new StringBuilder();
        var uncalled = new List<string>();
        var unseen = new List<string>();
        foreach (var contract in pack.Contracts)
        {
            var tasks = pack.Bindings.Where(b => b.Contracts.Contains(contract) && calls.ContainsKey(b.TaskId)).Select(b => b.TaskId).ToList();
            if (tasks.Count == 0) continue;
            foreach (var member in Recorder.Members(contract))
            {
                var key = $"{contract.Name}.{member.Name}";
                var perTask = tasks.Select(t => (Task: t, Calls: calls[t].GetValueOrDefault(key), Hidden: hiddenCalls[t].GetValueOrDefault(key))).ToList();
                table.AppendLine($"| {key} | {string.Join(", ", perTask.Select(p => $"{p.Task}: {p.Calls} ({p.Hidden})"))} |");
                if (perTask.All(p => p.Calls == 0)) uncalled.Add($"{key} (bound to {string.Join(", ", tasks)})");
                else if (perTask.All(p => p.Hidden == 0)) unseen.Add($"{key} (bound to {string.Join(", ", tasks)})");
            }
        }
        TestContext.Out.WriteLine($"| member | calls by the checks of each graded task binding its contract (by its hidden checks) |\n|---|---|\n{table}");
        uncalled.Should().BeEmpty("every member of a contract bound to a graded task is called by the checks of a task binding it (else it earns points whatever it does)");
        unseen.Should().BeEmpty("every member of a contract bound to a graded task is called by a hidden check, on inputs drawn for the run (else the shipped snapshots alone decide it)");
    }

    /// <summary>The grader's training loops: the member whose call runs one, and the contract of the parts it calls.</summary>
    private static readonly (string Run, Type Parts)[] GraderLoops =
        [
            ($"{nameof(Grader.Contracts.Diffusion.IDiffusionTrainingRun)}.{nameof(Grader.Contracts.Diffusion.IDiffusionTrainingRun.Train)}", typeof(Grader.Contracts.Diffusion.IDiffusionTrainingParts)),
            ($"{nameof(Grader.Contracts.Diffusion.IDtuTrainingRun)}.{nameof(Grader.Contracts.Diffusion.IDtuTrainingRun.Train)}", typeof(Grader.Contracts.Diffusion.IDtuTrainingParts)),
            ($"{nameof(Grader.Contracts.Flows.IInnTrainingRun)}.{nameof(Grader.Contracts.Flows.IInnTrainingRun.Train)}", typeof(Grader.Contracts.Flows.IInnTrainingParts)),
            ($"{nameof(Grader.Contracts.OdeSde.IOdeTrainingRun)}.{nameof(Grader.Contracts.OdeSde.IOdeTrainingRun.Train)}", typeof(Grader.Contracts.OdeSde.IOdeTrainingParts)),
            ($"{nameof(Grader.Contracts.Diffusion.IDtuTrainingRun)}.{nameof(Grader.Contracts.Diffusion.IDtuTrainingRun.TrainOnImages)}", typeof(Grader.Contracts.Diffusion.IDtuTrainingParts)),
            ($"{nameof(Grader.Contracts.OdeSde.ISdeTrainingRun)}.{nameof(Grader.Contracts.OdeSde.ISdeTrainingRun.Train)}", typeof(Grader.Contracts.OdeSde.ISdeTrainingParts)),
        ];

    /// <summary>Single members a grader's loop calls besides its parts' (3.5's images: the settings chosen for images).</summary>
    private static readonly (string Run, string Member)[] GraderLoopMembers =
        [
            ($"{nameof(Grader.Contracts.Diffusion.IDtuTrainingRun)}.{nameof(Grader.Contracts.Diffusion.IDtuTrainingRun.TrainOnImages)}", $"{nameof(Grader.Contracts.Diffusion.IMnistDdpm)}.{nameof(Grader.Contracts.Diffusion.IMnistDdpm.Settings)}"),
        ];

    /// <summary>Ends a training check at its first call of a training contract's member, once the call is recorded.</summary>
    public sealed class TrainingCallReached() : Exception("the call was recorded; the training check stops here");

    /// <summary>A contract's implementation that counts every call of its members and forwards it to the hand-in.</summary>
    public class Recorder : DispatchProxy
    {
        private object _target = null!;
        private Type _contract = null!;
        private ConcurrentDictionary<string, int> _calls = null!;
        private ConcurrentDictionary<string, int>? _hiddenCalls;

        /// <summary>The members a hand-in implements for <paramref name="contract"/> (its own and inherited interfaces').</summary>
        public static IEnumerable<MethodInfo> Members(Type contract) =>
            contract.GetMethods().Concat(contract.GetInterfaces().SelectMany(i => i.GetMethods()));

        public static object? Wrap(Type contract, object? target, ConcurrentDictionary<string, int> calls, ConcurrentDictionary<string, int>? hiddenCalls = null)
        {
            if (target is null || !contract.IsInterface) return target;
            var proxy = (Recorder)Create(contract, typeof(Recorder));
            proxy._target = target;
            proxy._contract = contract;
            proxy._calls = calls;
            proxy._hiddenCalls = hiddenCalls;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            _calls.AddOrUpdate($"{_contract.Name}.{targetMethod.Name}", 1, (_, n) => n + 1);
            _hiddenCalls?.AddOrUpdate($"{_contract.Name}.{targetMethod.Name}", 1, (_, n) => n + 1);
            if (_contract.Name.EndsWith("Training", StringComparison.Ordinal) || targetMethod.Name is "Train" or "TrainOnImages") throw new TrainingCallReached();
            try
            {
                return targetMethod.Invoke(_target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
