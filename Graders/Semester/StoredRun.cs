namespace Grader.Semester;

/// <summary>
/// One recorded run as the semester reads it (<see cref="RunStore"/>): its configuration, each hand-in's record and
/// times, and the inputs it refused with their reasons (from its folder's run.json; none when the folder is gone).
/// </summary>
internal sealed record StoredRun(long Id, string Folder, GradingConfig Config, IReadOnlyDictionary<string, (HandinRecord Record, HandinTimes Times)> Handins, IReadOnlyDictionary<string, string> Refused);
