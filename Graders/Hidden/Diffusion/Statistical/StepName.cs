namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// A tested code index as the student's feedback names it, relative to T and never as a number that reveals the
/// hidden T: "t = 0 (the last reverse step)", "t = 1", "t = T − 1 (the first reverse step)", "a step in between".
/// </summary>
public static class StepName
{
    public static string Of(int t, int T) =>
        t == 0 ? "t = 0 (the last reverse step)"
        : t == T - 1 ? "t = T − 1 (the first reverse step)"
        : t == 1 ? "t = 1"
        : "a step in between";
}
