using System.Diagnostics;

namespace Grader.Remote.Channel;

/// <summary>A call one side of a <see cref="RemoteChannel"/> made and is still waiting for: which contract method, and since when.</summary>
/// <param name="Contract">The interface that declares <paramref name="Method"/>.</param>
/// <param name="Method">The contract method called.</param>
/// <param name="Started">When it was sent (<see cref="Stopwatch.GetTimestamp"/>).</param>
public sealed record CallInFlight(Type Contract, MethodInfo Method, long Started)
{
    /// <summary>The steps a training call was asked for (its <c>int steps</c> argument, <see cref="StepsOf"/>), null for any other call: a training call's CPU budget follows it.</summary>
    public int? Steps { get; init; }

    /// <summary>The value of <paramref name="method"/>'s <c>int</c> parameter named <c>steps</c> in <paramref name="args"/>, or null when it has none.</summary>
    public static int? StepsOf(MethodInfo method, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        var parameters = method.GetParameters();
        for (int i = 0; i < parameters.Length && i < args.Length; i++)
            if (parameters[i].ParameterType == typeof(int) && parameters[i].Name == "steps" && args[i] is int steps) return steps;
        return null;
    }

    /// <summary>How long it has been waiting.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Started);

    /// <summary>"IDdimStep.DdimStep"; a property's accessor by the property's name ("IBetaScheduleAnswer.InvalidSchedules").</summary>
    public string Name => MemberName(Contract, Method);

    /// <summary>The member's name as a student writes it: "IDdimStep.DdimStep", "IBetaScheduleAnswer.InvalidSchedules".</summary>
    public static string MemberName(Type contract, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(method);
        var name = method.IsSpecialName && (method.Name.StartsWith("get_", StringComparison.Ordinal) || method.Name.StartsWith("set_", StringComparison.Ordinal))
            ? method.Name[4..]
            : method.Name;
        return $"{contract.Name}.{name}";
    }
}
