using Grader.Tensors;

namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// The event-generation data of Heidelberg sheets 9 (ex. 3) and 10 (ex. 2): training, test and validation events, each
/// [n, 8] float32 as <see cref="DrellYanEvents.Events"/>. <see cref="Load"/> reads the sheet's files where a course has
/// them; <see cref="Generate"/> makes look-alikes with <see cref="DrellYanGenerator"/>.
/// </summary>
/// <param name="Source">Where the events came from (a folder, or the generator's seed and settings), for reports.</param>
public sealed record DrellYanDataSet(Tensor Training, Tensor Test, Tensor Validation, string Source)
{
    /// <summary>The sheet's file names inside <c>tutorial-11-data/</c>.</summary>
    public const string TrainingFile = "dy_trn_data.npy", TestFile = "dy_tst_data.npy", ValidationFile = "dy_val_data.npy";

    /// <summary>Reads the three files from <paramref name="folder"/>; each must hold a 2-D float array with 8 columns.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is not such an array (the message names the file and the reason).</exception>
    public static DrellYanDataSet Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"No folder '{folder}': give the folder that holds {TrainingFile}, {TestFile} and {ValidationFile}.");
        Tensor Read(string file) => NpyFile.Read(Path.Combine(folder, file), DrellYanGenerator.Columns).ToTensor();
        return new DrellYanDataSet(Read(TrainingFile), Read(TestFile), Read(ValidationFile), Path.GetFullPath(folder));
    }

    /// <summary>Three independent draws of look-alike events (in this order: training, test, validation).</summary>
    public static DrellYanDataSet Generate(Generator generator, int training, int test, int validation, DrellYanSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        settings ??= DrellYanSettings.Sheet;
        var seed = generator.Seed;
        return new DrellYanDataSet(
            DrellYanGenerator.Generate(training, generator, settings).Events,
            DrellYanGenerator.Generate(test, generator, settings).Events,
            DrellYanGenerator.Generate(validation, generator, settings).Events,
            $"generated (seed {seed}, {(settings == DrellYanSettings.Sheet ? "sheet" : settings == DrellYanSettings.Detector ? "detector" : "custom")} settings)");
    }
}
