using Grader.Checks.Attention;
using Grader.Checks.Properties;
using Grader.Contracts.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// A law of attention checked on random calls (FsCheck, 30 calls of <paramref name="law"/> drawn from the run's seed):
/// a call passes when <see cref="Violation"/> finds nothing, and a failing call is told by its violation.
/// </summary>
/// <param name="claim">The law in one sentence, the pass message.</param>
public abstract class AttentionLawCheck(string id, AttentionCaseLaw law, string claim) : HandinCheck<IMultiHeadAttention>(id)
{
    /// <summary>The label FsCheck's statistics give a call (null: none).</summary>
    private protected virtual Func<RandomCall, string>? Label => null;

    protected sealed override CheckResult Check(CheckContext context, HandinCall call, IMultiHeadAttention layer) =>
        PropertyRunner.Check(
            new PropertyRunner.Settings(Id, SheetRef, claim, context.Seed, MaxTest: 30, Hidden: context.Hidden),
            AttentionProperty.Calls(law),
            c => Violation(call, layer, c) is null,
            c => Violation(call, layer, c) ?? "",
            Label,
            describe: c => AttentionProperty.Rule(Violation(call, layer, c)));

    /// <summary>What breaks the law on <paramref name="random"/>'s call, or null when it holds.</summary>
    private protected abstract string? Violation(HandinCall call, IMultiHeadAttention layer, RandomCall random);
}
