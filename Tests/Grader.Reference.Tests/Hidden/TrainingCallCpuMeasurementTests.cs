using System.Diagnostics;
using System.Reflection;
using Grader.Reference.Tests.Snapshots;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The measurement behind the CPU budgets of training calls (<c>Graders/Runner/CallCpu.TrainingCalls</c>, issue 66
/// item 3): every training check of the tutor catalog run in process on the reference as the hand-in, each call of a
/// training member (a contract named <c>I…Training</c>, or a member named <c>Train</c>) timed by the process's CPU time,
/// and the largest call per member printed (tab-separated rows, <c>TRAINCPU</c>). Asserts only that every training
/// check passed on the reference and that each member was called. Run on purpose, alone (the process's CPU is read):
/// minutes of CPU. Figures: docs/measurements/2026-11-27-training-call-cpu.md.
/// </summary>
[Explicit("measurement: every training check on the reference, minutes of CPU; run alone, it reads the process's CPU time")]
[NonParallelizable]
public sealed class TrainingCallCpuMeasurementTests
{
    [Test]
    public void Largest_training_call_per_member_on_the_reference([Values(1UL, 2UL)] ulong seed)
    {
        var largest = new Dictionary<string, (double Cpu, double Wall, int Calls)>(StringComparer.Ordinal);
        var reference = TutorCatalog.ReferenceResolver();
        Func<Type, object?> timed = contract => reference(contract) is { } o && contract.IsInterface && IsTraining(contract) ? TimedCalls.Wrap(contract, o, largest) : reference(contract);
        foreach (var check in TutorCatalog.Packs.SelectMany(p => p.TrainingChecks))
        {
            var clock = Stopwatch.StartNew();
            var result = check.Run(new CheckContext(timed, HandinGrader.CheckSeed(seed, check.Id), SnapshotApproval.SnapshotRoot()) { Hidden = true });
            TestContext.Out.WriteLine($"CHECK\t{check.Id}\t{seed}\t{result.Outcome}\t{clock.Elapsed.TotalSeconds:F1} s wall");
            result.Outcome.Should().Be(CheckOutcome.Passed, $"{check.Id}: {result.Message}");
        }

        foreach (var (member, (cpu, wall, calls)) in largest.OrderBy(p => p.Key, StringComparer.Ordinal))
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TRAINCPU\t{member}\t{seed}\tlargest call {cpu:F2} s CPU\t{wall:F2} s wall\t{calls} calls"));
        largest.Should().NotBeEmpty();
    }

    private static bool IsTraining(Type contract) => contract.Name.EndsWith("Training", StringComparison.Ordinal) || contract.GetMethods().Any(m => m.Name == "Train");

    /// <summary>A proxy of a contract that times each call of a training member by the process's CPU time.</summary>
    public class TimedCalls : DispatchProxy
    {
        private object _target = null!;
        private Type _contract = null!;
        private Dictionary<string, (double Cpu, double Wall, int Calls)> _largest = null!;

        public static object Wrap(Type contract, object target, Dictionary<string, (double Cpu, double Wall, int Calls)> largest)
        {
            var proxy = (TimedCalls)DispatchProxy.Create(contract, typeof(TimedCalls));
            (proxy._target, proxy._contract, proxy._largest) = (target, contract, largest);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var training = _contract.Name.EndsWith("Training", StringComparison.Ordinal) || targetMethod.Name == "Train";
            if (!training) return Call(targetMethod, args);
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            var value = Call(targetMethod, args);
            var used = (Cpu() - cpu).TotalSeconds;
            var key = $"{_contract.Name}.{targetMethod.Name}";
            lock (_largest)
            {
                var (most, wall, calls) = _largest.GetValueOrDefault(key);
                _largest[key] = used > most ? (used, clock.Elapsed.TotalSeconds, calls + 1) : (most, wall, calls + 1);
            }
            return value;
        }

        private object? Call(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(_target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }

        private static TimeSpan Cpu()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }
}
