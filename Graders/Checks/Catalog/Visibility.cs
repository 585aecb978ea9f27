namespace Grader.Checks.Catalog;

/// <summary>Who sees a check's result: visible checks run in the student's self-check, hidden ones only for the tutor and in CI.</summary>
public enum Visibility
{
    Visible,
    Hidden,
}
