namespace Grader.Reference.Ode;

/// <summary>
/// One training recipe of the ODE model: the integrator the loss is computed with, the number of Adam steps, the batch
/// size, the learning rate and the time grid. The seed is not part of a preset: it is passed to <see cref="OdeTraining"/>.
/// </summary>
public sealed record OdeTrainingPreset(string Name, OdeMethod Method, int Steps, int BatchSize, double LearningRate, int TimePoints = TimeGrid.NotebookPoints)
{
    /// <summary>
    /// <c>ODE.ipynb</c> as run (seed-origins §4 "Training"): <c>training_loop_ode(…, method="euler", n_epochs=100,
    /// lr=1e-2)</c> over 1000 points in batches of 125 (8 per epoch) = 800 Adam steps (weight decay 0), loss
    /// −mean log p(y) by Euler on the 100-point grid.
    /// </summary>
    public static readonly OdeTrainingPreset Notebook = new("ode-notebook", OdeMethod.Euler, 100 * 8, 125, 1e-2);

    /// <summary>
    /// The grading budget: the notebook's recipe with the loss computed by RK4 (the step the benchmark's W4 workload
    /// times) and cut to 48 steps (6 epochs of 1000 points). See <c>OdeCalibrationTests</c> for its figures.
    /// </summary>
    public static readonly OdeTrainingPreset Grading = Notebook with { Name = "ode-grading", Method = OdeMethod.Rk4, Steps = 48 };
}
