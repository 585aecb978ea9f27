namespace Grader.Remote.Values;

/// <summary>How a call of one contract method crosses: the description of each parameter and of the result, and which parameters are generators (their final state comes back with the answer).</summary>
/// <param name="Method">The contract method.</param>
/// <param name="Parameters">One description per parameter, in order.</param>
/// <param name="Result">The result's description (<c>void</c> writes nothing).</param>
/// <param name="Generators">The indices of the <see cref="Grader.Tensors.Generator"/> parameters.</param>
internal sealed record CallPlan(MethodInfo Method, WireType[] Parameters, WireType Result, int[] Generators)
{
    /// <summary>"INoiseSource.Latent".</summary>
    public string Name => $"{Method.DeclaringType?.Name}.{Method.Name}";

    /// <summary>The elements the arguments ask a callback to work on (see <see cref="WireType.Elements"/>).</summary>
    public long Elements(object?[] args)
    {
        long total = 0;
        for (int i = 0; i < Parameters.Length; i++)
        {
            total = checked(total + Parameters[i].Elements(args[i]));
        }

        return total;
    }
}
