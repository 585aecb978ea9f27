namespace Grader.Grading.Tests.Support;

/// <summary>Progress that remembers what it was told.</summary>
internal sealed class RecordingProgress : IGradingProgress
{
    public (int ToGrade, int Reused, int Refused) Plan { get; private set; }

    public List<(string Student, HandinStatus Status, bool KeptEarlier)> Finished { get; } = [];

    public void Planned(int toGrade, int reused, int refused) => Plan = (toGrade, reused, refused);

    public void Started(string student)
    {
    }

    void IGradingProgress.Finished(HandinReport outcome, bool keptEarlier)
    {
        lock (Finished)
        {
            Finished.Add((outcome.Student, outcome.Status, keptEarlier));
        }
    }
}
