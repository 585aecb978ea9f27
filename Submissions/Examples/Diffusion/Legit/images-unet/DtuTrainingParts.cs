using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.5, "test ... the provided U-Net architecture (in unet.py)": on 3.5's
/// images unet.py's ScoreNetwork0 ported to the engine (<see cref="UNet"/>: t/T as a second constant channel, 3×3
/// convolutions, LogSigmoid, an encoder and a decoder joined by skip concatenations), adapted to the grader's 14×14
/// images; on the toy data the Correct example's network; the settings (MnistDdpm.Settings: Adam 1e−3, batch 64) and
/// the loss are the Correct example's.
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    private const int Hidden = 64;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        UNet.Side(dataDimension) is { } side ? new UNet(side, generator) : new FcNetwork(dataDimension, Hidden, generator);

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>
    /// ddpm.py's train loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows, the loss DDPM.loss = mean of NegativeElbo (which draws t and ε from the random source), backward and
    /// Adam's step. Returns the losses. <paramref name="settings"/>: other settings than these parts' (3.5's images).
    /// </summary>
    public static List<double> TrainAtHome(Tensor data, NoiseSchedule schedule, int steps, Generator generator, TrainingSettings? settings = null)
    {
        var parts = new DtuTrainingParts();
        var ddpm = new DtuDdpm();
        settings ??= parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var network = parts.Model(d, schedule.T, generator);
        var optimizer = torch.optim.Adam(network.Parameters(), settings.LearningRate);
        var random = new GeneratorRandom(generator);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = ddpm.NegativeElbo(data.index_select(0, rows), schedule, network, random).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return losses;
    }

    /// <summary>torch.randint and torch.randn on a generator, for the loop at home.</summary>
    private sealed class GeneratorRandom(Generator generator) : IRandomSource
    {
        public Tensor Integers(int low, int high, int[] shape)
        {
            int count = shape.Aggregate(1, (p, s) => p * s);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = low + generator.NextInt(0, high - low);
            return tensor(values, shape);
        }

        public Tensor Normal(int[] shape) => randn(shape, generator);
    }

    /// <summary>
    /// unet.py's ScoreNetwork0 (a copy of mfkasim1's score-based tutorial's) for square images of side 14: the image
    /// [N, side·side] reshaped to [N, 1, side, side] beside t/T broadcast to a second constant channel, then an encoder
    /// of 3×3 convolutions (padding 1) each followed by LogSigmoid, at side, side/2 (max-pool 2), ⌈side/4⌉ (max-pool 2
    /// with padding 1) and ⌈side/8⌉ (max-pool 2); a decoder of 3×3 transposed convolutions of stride 2 (padding 1,
    /// output padding 1, 0, 1) with LogSigmoid, each after the first concatenated with the encoder's output at its size;
    /// last the concatenation with the first level, a 3×3 convolution, LogSigmoid and a 3×3 convolution to one channel.
    /// unet.py's network is for 28×28 and has five levels of 32, 64, 128, 256, 256 channels; the grader's images are
    /// pooled to 14×14, so this copy drops the first level (28×28) and keeps the other four at 14, 7, 4 and 2 pixels, in
    /// <see cref="Channels"/>.
    /// </summary>
    private sealed class UNet : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        /// <summary>The channels of the four levels: a quarter of unet.py's at the same sizes (64, 128, 256, 256 at 14, 7, 4 and 2 pixels), for the check's CPU budget (README.md).</summary>
        private static ReadOnlySpan<int> Channels => [16, 32, 64, 64];

        private readonly int _side;
        private readonly Sequential[] _encoder;
        private readonly Sequential[] _decoder;

        public UNet(int side, Generator generator)
        {
            _side = side;
            var c = Channels;
            _encoder =
            [
                register_module("conv0", torch.nn.Sequential(torch.nn.Conv2d(2, c[0], 3, generator, padding: 1), torch.nn.LogSigmoid())),
                register_module("conv1", torch.nn.Sequential(torch.nn.MaxPool2d(2, 2), torch.nn.Conv2d(c[0], c[1], 3, generator, padding: 1), torch.nn.LogSigmoid())),
                register_module("conv2", torch.nn.Sequential(torch.nn.MaxPool2d(2, 2, padding: 1), torch.nn.Conv2d(c[1], c[2], 3, generator, padding: 1), torch.nn.LogSigmoid())),
                register_module("conv3", torch.nn.Sequential(torch.nn.MaxPool2d(2, 2), torch.nn.Conv2d(c[2], c[3], 3, generator, padding: 1), torch.nn.LogSigmoid())),
            ];
            _decoder =
            [
                register_module("tconv0", torch.nn.Sequential(torch.nn.ConvTranspose2d(c[3], c[2], 3, generator, stride: 2, padding: 1, output_padding: 1), torch.nn.LogSigmoid())),
                register_module("tconv1", torch.nn.Sequential(torch.nn.ConvTranspose2d(2 * c[2], c[1], 3, generator, stride: 2, padding: 1, output_padding: 0), torch.nn.LogSigmoid())),
                register_module("tconv2", torch.nn.Sequential(torch.nn.ConvTranspose2d(2 * c[1], c[0], 3, generator, stride: 2, padding: 1, output_padding: 1), torch.nn.LogSigmoid())),
                register_module("tconv3", torch.nn.Sequential(torch.nn.Conv2d(2 * c[0], c[0], 3, generator, padding: 1), torch.nn.LogSigmoid(), torch.nn.Conv2d(c[0], 1, 3, generator, padding: 1))),
            ];
        }

        /// <summary>The side of the square images of <paramref name="dataDimension"/> pixels this network takes (14), or null (the toy data).</summary>
        public static int? Side(int dataDimension) => dataDimension == 196 ? 14 : null;

        public override Tensor forward(Tensor input) => throw new NotSupportedException("call Forward(zt, t)");

        /// <param name="zt">[N, side·side].</param>
        /// <param name="t">t/T, [N, 1] or [N].</param>
        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0);
            var signal = cat([zt.reshape(n, 1, _side, _side), t.reshape(n, 1, 1, 1).expand(n, 1, _side, _side)], 1);
            var skips = new List<Tensor>();
            for (int i = 0; i < _encoder.Length; i++)
            {
                signal = _encoder[i].forward(signal);
                if (i < _encoder.Length - 1) skips.Add(signal);
            }

            for (int i = 0; i < _decoder.Length; i++)
            {
                if (i > 0) signal = cat([signal, skips[^i]], 1);
                signal = _decoder[i].forward(signal);
            }

            return signal.reshape(n, _side * _side);
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP.</summary>
    private sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Sequential _layers;

        public FcNetwork(int dataDimension, int hidden, Generator generator)
        {
            _layers = register_module("network", torch.nn.Sequential(
                torch.nn.Linear(dataDimension + 1, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, dataDimension, generator)));
        }

        public override Tensor forward(Tensor input) => _layers.forward(input);

        /// <param name="zt">[N, d].</param>
        /// <param name="t">t/T, [N, 1] or [N].</param>
        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
