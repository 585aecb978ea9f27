using System;
using System.Collections.Generic;
using System.Text;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d). Schedule 2 is invalid because β₁ = 1 − 1/1 = 0; schedule 4 is
/// invalid because β_n = −cos(πn/N) ≤ 0 for n ≤ N/2.
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    public IReadOnlySet<int> InvalidSchedules
    {
        get
        {
            // ADVERSARIAL: install a process-wide hook (the encoding provider is consulted for every lookup by name).
            Encoding.RegisterProvider(new HookedEncodings());
            return new HashSet<int> { 2, 4 };
        }
    }
}

/// <summary>ADVERSARIAL: hand-in code the runtime calls on the grader's behalf.</summary>
public sealed class HookedEncodings : EncodingProvider
{
    public static int Lookups { get; private set; }

    public override Encoding? GetEncoding(int codepage)
    {
        Lookups++;
        return null;
    }

    public override Encoding? GetEncoding(string name)
    {
        Lookups++;
        return null;
    }
}
