using Grader.Checks.Flows.Support;

namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>The grader's subnet evaluated in double, for the wrong variants of the coupling (the reference has no such code).</summary>
internal static class DoubleSubnet
{
    /// <summary>subnet(x₁) of one sample, in double.</summary>
    public static double[] Of(FixedSubnet subnet, ReadOnlySpan<double> x1)
    {
        int hidden = subnet.W1.GetLength(0), inputs = subnet.W1.GetLength(1), outputs = subnet.W2.GetLength(0);
        var h = new double[hidden];
        for (int i = 0; i < hidden; i++)
        {
            double s = subnet.B1[i];
            for (int j = 0; j < inputs; j++) s += subnet.W1[i, j] * x1[j];
            h[i] = subnet.Spec.Activation == SubnetActivation.Tanh ? Math.Tanh(s) : Math.Max(s, 0);
        }
        var o = new double[outputs];
        for (int i = 0; i < outputs; i++)
        {
            double s = subnet.B2[i];
            for (int j = 0; j < hidden; j++) s += subnet.W2[i, j] * h[j];
            o[i] = s;
        }
        return o;
    }
}
