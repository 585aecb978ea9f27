namespace Grader.Checks.Flows.Support;

/// <summary>The non-linearity between the two layers of a <see cref="FixedSubnet"/>.</summary>
public enum SubnetActivation
{
    /// <summary>max(0, v), as the notebook's <c>subnet_fc</c>.</summary>
    ReLU,

    /// <summary>tanh v: a smooth subnet, for checks that integrate or differentiate the flow.</summary>
    Tanh,
}
