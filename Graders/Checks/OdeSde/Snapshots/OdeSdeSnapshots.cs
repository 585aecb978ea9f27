namespace Grader.Checks.OdeSde.Snapshots;

/// <summary>The folder of the family's approved snapshots under the snapshot root.</summary>
public static class OdeSdeSnapshots
{
    public const string Folder = "ode-sde";
}
