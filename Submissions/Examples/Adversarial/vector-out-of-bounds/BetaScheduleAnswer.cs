using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using Grader.Contracts.Diffusion;

namespace Submission;

/// <summary>
/// Sheet 002 (TUM end-term 2023), problem 4 (d).
/// </summary>
public sealed class BetaScheduleAnswer : IBetaScheduleAnswer
{
    // Not a constant, so the JIT can't fold the array's length.
    private static int _size = 16;

    public IReadOnlySet<int> InvalidSchedules
    {
        get
        {
            // ADVERSARIAL: out-of-bounds memory access without `unsafe`. Element offset −2 (unchecked) is the array's
            // header: lane 0 its method table, lane 1 its length.
            var a = new long[_size];
            nuint header = unchecked((nuint)(-2L));
            Vector<long> original = Vector.LoadUnsafe(ref a[0], header);
            Span<long> lanes = stackalloc long[Vector<long>.Count];
            original.CopyTo(lanes);
            long methodTable = lanes[0];
            long length = lanes[1];
            lanes[1] = 1_000_000;
            Vector.StoreUnsafe(new Vector<long>(lanes), ref a[0], header);
            int stretched = a.GetLength(0); // a call, so the JIT can't reuse the length it read for a[0]
            Vector.StoreUnsafe(original, ref a[0], header);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"out of bounds without unsafe: read the header of a long[{_size}] (method table 0x{methodTable:x}, length {length}) and set its length to {stretched}"));
        }
    }
}
