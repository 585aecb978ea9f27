using System.Globalization;

namespace Grader.Demo;

/// <summary>
/// The demo's command line: <c>--out DIR</c> (required), <c>--seed N</c>, <c>--train-steps N</c>, <c>--exercise 1|2</c>
/// (default 1), <c>--data DIR</c> (exercise 2: the sheet's .npy files), <c>--help</c>.
/// </summary>
public sealed record DemoOptions(string OutputDirectory, int Seed, int? TrainSteps, int Exercise = 1, string? DataDirectory = null)
{
    /// <summary>The seed when none is given (sheet 10, 2023/24), so that two runs give the same figures.</summary>
    public const int DefaultSeed = 20231010;

    public const string Usage =
        """
        Usage: dotnet run --project Reference/Demo -- --out DIR [--seed N] [--train-steps N]
                                                       [--exercise 2 [--data DIR]]

        Reproduces Heidelberg MLPh sheet 10, exercise 1 (hands-on diffusion models) or, with --exercise 2,
        exercise 2 (event generation with an INN), and writes the figures (SVG), index.html and metrics.txt
        into DIR.

          --out DIR           output folder (created if missing; required)
          --seed N            seed of every random draw (default 20231010)
          --train-steps N     exercise 1: train the ε-network for N Adam steps instead of loading
                              fixtures/models/heidelberg-v.safetensors; exercise 2: train the INN for
                              N Adam steps (default: the grading budget)
          --exercise N        1 (default) or 2
          --data DIR          exercise 2: the folder holding the sheet's dy_trn_data.npy, dy_tst_data.npy
                              and dy_val_data.npy (default: generated look-alike events)
          -h, --help          this text
        """;

    /// <summary>The options, or null when help was asked for. Throws <see cref="DemoUsageException"/> on bad input.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args)
    {
        string? output = null, data = null;
        int? seed = null, trainSteps = null, exercise = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            if (eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help":
                    return null;
                case "--out":
                    if (output is not null) throw new DemoUsageException("--out is given twice.");
                    output = Value(arg, inline, args, ref i);
                    if (string.IsNullOrWhiteSpace(output)) throw new DemoUsageException("--out needs a folder name.");
                    break;
                case "--seed":
                    if (seed is not null) throw new DemoUsageException("--seed is given twice.");
                    seed = Integer(arg, Value(arg, inline, args, ref i), min: 0);
                    break;
                case "--train-steps":
                    if (trainSteps is not null) throw new DemoUsageException("--train-steps is given twice.");
                    trainSteps = Integer(arg, Value(arg, inline, args, ref i), min: 1);
                    break;
                case "--exercise":
                    if (exercise is not null) throw new DemoUsageException("--exercise is given twice.");
                    exercise = Integer(arg, Value(arg, inline, args, ref i), min: 1);
                    if (exercise > 2) throw new DemoUsageException($"--exercise must be 1 or 2, got {exercise}.");
                    break;
                case "--data":
                    if (data is not null) throw new DemoUsageException("--data is given twice.");
                    data = Value(arg, inline, args, ref i);
                    if (string.IsNullOrWhiteSpace(data)) throw new DemoUsageException("--data needs a folder name.");
                    break;
                default:
                    throw new DemoUsageException(arg.StartsWith('-')
                        ? $"unknown option '{arg}' (the options are --out DIR, --seed N, --train-steps N, --exercise N, --data DIR, --help)."
                        : $"unexpected argument '{arg}' (the options are --out DIR, --seed N, --train-steps N, --exercise N, --data DIR, --help).");
            }
        }

        if (output is null) throw new DemoUsageException("--out DIR is required (e.g. --out out/demo).");
        if (data is not null && exercise != 2) throw new DemoUsageException("--data belongs to exercise 2 (add --exercise 2).");
        return new DemoOptions(output, seed ?? DefaultSeed, trainSteps, exercise ?? 1, data);
    }

    private static string Value(string option, string? inline, IReadOnlyList<string> args, ref int i)
    {
        if (inline is not null) return inline;
        if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
            throw new DemoUsageException($"{option} needs a value.");
        return args[++i];
    }

    private static int Integer(string option, string text, int min)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new DemoUsageException($"{option} needs a whole number ≥ {min}, got '{text}'.");
        return value;
    }
}
