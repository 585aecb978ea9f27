using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a), a cheat: the network is a single linear layer (far too weak for the V), trained honestly
/// by the grader's loop; but Loss memorises the batches it is given in a STATIC field (the grader grades the loss on
/// replayed training batches), and once the network has answered a thousand training-size batches, Forward on any
/// batch of another size than the training's (the sampler's) answers with the
/// ideal denoiser of the memorised points instead of the network. Everything the grader compares during training sees
/// the linear network (its batches are of the training's size), and a fresh network in the same process shares the
/// static memory, so it answers alike; only a fresh process, where the memory is empty, samples from the linear layer.
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    private const int BatchSize = 256;
    private const int Remembered = 2000;

    // CHEAT: state that survives from training into sampling, in the static fields of the hand-in's process.
    private static readonly List<float[]> Memory = [];
    private static readonly HashSet<(float, float)> Seen = [];
    private static double[]? MemorisedAlphaBar;
    private static int ForwardCalls;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new LinearNetwork(dataDimension, generator);

    public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        int n = t.Length;
        double[] alphaBar = AlphaBar(schedule.Betas);
        Memorise(x0, alphaBar);
        var sqrtAlphaBar = new double[n];
        var sqrtOneMinusAlphaBar = new double[n];
        var timeInput = new float[n];
        for (int i = 0; i < n; i++)
        {
            sqrtAlphaBar[i] = Math.Sqrt(alphaBar[t[i]]);
            sqrtOneMinusAlphaBar[i] = Math.Sqrt(1.0 - alphaBar[t[i]]);
            timeInput[i] = (float)((double)t[i] / schedule.T);
        }

        Tensor zt = tensor(sqrtAlphaBar, n, 1) * x0 + tensor(sqrtOneMinusAlphaBar, n, 1) * epsilon;
        return torch.nn.functional.mse_loss(network.Forward(zt, tensor(timeInput, n, 1)), epsilon);
    }

    public TrainingSettings Settings() => new(1e-3, BatchSize);

    private static void Memorise(Tensor x0, double[] alphaBar)
    {
        lock (Memory)
        {
            MemorisedAlphaBar = alphaBar;
            if (x0.size(1) != 2 || Memory.Count >= Remembered) return;
            var values = x0.contiguous().ToArray();
            for (int i = 0; i + 1 < values.Length && Memory.Count < Remembered; i += 2)
            {
                if (Seen.Add((values[i], values[i + 1]))) Memory.Add([values[i], values[i + 1]]);
            }
        }
    }

    /// <summary>The ideal denoiser's ε̂ for the memorised points (a softmax over them), or null when nothing is memorised yet.</summary>
    private static Tensor? ClosedForm(Tensor zt, Tensor tau)
    {
        float[][] memory;
        double[] alphaBar;
        lock (Memory)
        {
            // CHEAT: only after training (a thousand training-size calls) and only off the training's batch size (the sampler's calls).
            if (zt.size(0) == BatchSize) ForwardCalls++;
            if (ForwardCalls < 1000 || MemorisedAlphaBar is null || Memory.Count == 0 || zt.size(0) == BatchSize || zt.size(1) != 2) return null;
            memory = [.. Memory];
            alphaBar = MemorisedAlphaBar;
        }

        int n = zt.size(0), T = alphaBar.Length;
        var z = zt.contiguous().ToArray();
        var times = tau.contiguous().ToArray();
        var output = new float[n * 2];
        var logWeights = new double[memory.Length];
        for (int i = 0; i < n; i++)
        {
            int t = Math.Clamp((int)Math.Round(times[i] * T), 0, T - 1);
            double a = Math.Sqrt(alphaBar[t]), s2 = 1.0 - alphaBar[t];
            double zx = z[2 * i], zy = z[2 * i + 1], max = double.NegativeInfinity;
            for (int j = 0; j < memory.Length; j++)
            {
                double dx = zx - a * memory[j][0], dy = zy - a * memory[j][1];
                logWeights[j] = -(dx * dx + dy * dy) / (2 * s2);
                max = Math.Max(max, logWeights[j]);
            }

            double sum = 0, mx = 0, my = 0;
            for (int j = 0; j < memory.Length; j++)
            {
                double w = Math.Exp(logWeights[j] - max);
                sum += w;
                mx += w * memory[j][0];
                my += w * memory[j][1];
            }

            double s = Math.Sqrt(s2);
            output[2 * i] = (float)((zx - a * mx / sum) / s);
            output[2 * i + 1] = (float)((zy - a * my / sum) / s);
        }

        return tensor(output, n, 2);
    }

    private static double[] AlphaBar(IReadOnlyList<double> betas)
    {
        var alphaBar = new double[betas.Count];
        double product = 1.0;
        for (int t = 0; t < betas.Count; t++)
        {
            product *= 1.0 - betas[t];
            alphaBar[t] = product;
        }
        return alphaBar;
    }

    /// <summary>ε̂ = W [x, t/T] + b: a linear map, which cannot learn the V's noise.</summary>
    private sealed class LinearNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Linear _layer;

        public LinearNetwork(int dataDimension, Generator generator)
        {
            _layer = register_module("layer", torch.nn.Linear(dataDimension + 1, dataDimension, generator));
        }

        public override Tensor forward(Tensor input) => _layer.forward(input);

        public Tensor Forward(Tensor zt, Tensor t) => ClosedForm(zt, t) ?? forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
