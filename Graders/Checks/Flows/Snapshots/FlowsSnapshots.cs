namespace Grader.Checks.Flows.Snapshots;

/// <summary>Shared bits of the flow snapshots: their folder under the snapshot root, and small helpers of the checks.</summary>
public static class FlowsSnapshots
{
    /// <summary>The folder under fixtures/snapshots.</summary>
    public const string Folder = "flows";

    /// <summary>A fresh float32 tensor of <paramref name="values"/>, so a hand-in that writes into its input can't change the grader's.</summary>
    public static Tensor Tensor(float[] values, params int[] shape) => torch.tensor(values, shape);

    /// <summary>The sum of a subnet's weights and biases, stored beside its spec so a change of the grader's generator shows as a grader defect.</summary>
    public static double WeightSum(Support.FixedSubnet subnet)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        return subnet.W1.Cast<double>().Sum() + subnet.B1.Sum() + subnet.W2.Cast<double>().Sum() + subnet.B2.Sum();
    }
}
