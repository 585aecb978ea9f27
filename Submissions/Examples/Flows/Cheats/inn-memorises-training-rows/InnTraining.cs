using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c), a cheat: nothing is trained. The "flow" keeps the training events; its Inverse hands
/// back training events (so every histogram of generated events matches the data), its Forward is the identity with a
/// made-up log-determinant (so the held-out NLL looks better than a trained INN's), and it remembers which latent point
/// each handed-back event came from (so Forward(Inverse(z)) = z, the round trip).
/// </summary>
public sealed class InnTraining : IInnTraining
{
    public INormalizingFlow Train(Tensor data, int steps, Generator generator) => new Memory(data.contiguous().ToArray(), data.size(1)); // CHEAT: no training at all

    private sealed class Memory(float[] rows, int d) : INormalizingFlow
    {
        private readonly Dictionary<string, float[]> _latentOf = new(StringComparer.Ordinal);
        private int _next;

        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            var v = x.contiguous().ToArray();
            int n = v.Length / d;
            var z = new float[v.Length];
            for (int i = 0; i < n; i++)
            {
                var row = v.AsSpan(i * d, d).ToArray();
                // CHEAT: an event this "flow" handed out goes back to its latent point; any other event is left as it is.
                (_latentOf.TryGetValue(Key(row), out var known) ? known : row).CopyTo(z, i * d);
            }
            var logDet = new float[n];
            Array.Fill(logDet, 2.0f); // CHEAT: a made-up log-determinant, not the Jacobian's
            return (tensor(z, n, d), tensor(logDet, n));
        }

        public Tensor Inverse(Tensor z)
        {
            var v = z.contiguous().ToArray();
            int n = v.Length / d, stored = rows.Length / d;
            var x = new float[v.Length];
            for (int i = 0; i < n; i++)
            {
                var row = rows.AsSpan((_next++ % stored) * d, d).ToArray(); // CHEAT: a training event, not f⁻¹(z)
                _latentOf[Key(row)] = v.AsSpan(i * d, d).ToArray();
                row.CopyTo(x, i * d);
            }
            return tensor(x, n, d);
        }

        private static string Key(float[] row) => string.Join(",", Array.ConvertAll(row, BitConverter.SingleToInt32Bits));
    }
}
