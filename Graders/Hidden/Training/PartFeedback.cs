namespace Grader.Checks.Hidden.Training;

/// <summary>
/// How a training check's feedback names the part of the hand-in a failed training of the grader's loop is charged to
/// (issue 66, item 2: "the feedback says which part lost the points"): the outcome's <c>FailedPart</c> ("model", "loss",
/// "settings") in the sheet's words, with what the part must do. Shared by the checks on the grader's loop (the V's, the
/// INN's, the ODE's), so a new training check states only its own words.
/// </summary>
/// <param name="Model">The model part as the sheet names it, e.g. "Model: the INN and its Parameters()".</param>
/// <param name="Loss">The loss part, e.g. "Loss: the negative log-likelihood of one batch".</param>
/// <param name="ModelAdvice">What the model must do (empty: none).</param>
/// <param name="LossAdvice">What the loss must do (empty: none).</param>
internal sealed record PartFeedback(string Model, string Loss, string ModelAdvice = "", string LossAdvice = "")
{
    /// <summary>The part a training failure is charged to, as the feedback names it.</summary>
    public string Name(string part) => part switch
    {
        "model" => $"model ({Model})",
        "loss" => $"loss ({Loss})",
        "settings" => "settings (Settings: learning rate and batch size)",
        _ => part,
    };

    /// <summary>What the part must do, or "" (the settings' bounds are in the reason).</summary>
    public string Advice(string part) => part switch
    {
        "model" => ModelAdvice,
        "loss" => LossAdvice,
        _ => "",
    };

    /// <summary>
    /// The failure of a training the grader's loop (drawing <paramref name="draws"/>) stopped: the part, the loop's reason,
    /// then <paramref name="advice"/> (default: the part's <see cref="Advice"/>).
    /// </summary>
    public string Stopped(string draws, string part, string? reason, string? advice = null) =>
        $"The grader trained your parts with its own loop ({draws}) and stopped: your {Name(part)} — {reason} {advice ?? Advice(part)}";

    /// <summary>The advice on the model every loop gives: only the parameters' values survive the training.</summary>
    public static string OnlyItsParameters(string model, string computes) =>
        $"The {model} must compute {computes} and the parameters Parameters() lists, and nothing else: after training only their values are kept.";
}
