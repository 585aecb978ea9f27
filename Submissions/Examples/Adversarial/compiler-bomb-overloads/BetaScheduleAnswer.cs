using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    public IReadOnlySet<int> InvalidSchedules { get; } = new HashSet<int> { 2, 4 };

    // ADVERSARIAL: a compiler bomb. A lambda handed to an overloaded method is bound once per overload, and nested
    // 30 deep that is 2^30 bindings: the compiler would run for days.
    private static void M(Action<int> a) { }

    private static void M(Action<string> a) { }

    public static void Run() => M(a0 => M(a1 => M(a2 => M(a3 => M(a4 => M(a5 => M(a6 => M(a7 => M(a8 => M(a9 => M(a10 => M(a11 => M(a12 => M(a13 => M(a14 => M(a15 => M(a16 => M(a17 => M(a18 => M(a19 => M(a20 => M(a21 => M(a22 => M(a23 => M(a24 => M(a25 => M(a26 => M(a27 => M(a28 => M(a29 => { }))))))))))))))))))))))))))))));
}
