using System.Reflection;
using System.Runtime.CompilerServices;
using FluentAssertions;
using Grader.Checks.Checking;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Support;
using Grader.Tensors;

namespace Grader.Reference.Tests.Shipped;

/// <summary>
/// Grader.Checks ships to students as source (<c>grader assign</c>), so it must hold no code that computes what a graded
/// task asks. The oracles moved to the tutor's side are probed for here by behaviour, not by name: every public method
/// of Grader.Checks that can be called with an oracle's inputs (all-double parameters in any order; an
/// <see cref="SdeSpec"/>'s instance methods and static methods taking one, with five doubles) is called on random
/// inputs, and one whose result (a double, or any double of a returned tuple) equals the oracle's on every input is a
/// leak. Oracles: the data sets' log-densities of sheet 003's expected log likelihood (tasks 1.3, 1.4) and the ELBO
/// of one example of task 2.3 (each of its terms). <see cref="The_probe_finds_a_pasted_oracle"/> shows it can fail.
/// </summary>
public sealed class NoOracleInShippedChecksTests
{
    private const int Inputs = 12;

    private static Assembly Shipped => typeof(ICheck).Assembly;

    [Test]
    public void No_shipped_method_computes_a_data_sets_log_density()
    {
        Probe.DoubleMethods(Shipped, 3).SelectMany(m => Probe.LogDensityMatches(m)).Should().BeEmpty("the log-densities of task 1.3/1.4's answer live on the tutor's side");
    }

    [Test]
    public void No_shipped_method_computes_the_elbo_of_an_example()
    {
        Probe.ElboMatches(Shipped).Should().BeEmpty("the ELBO of task 2.3 lives on the tutor's side");
    }

    [Test]
    public void The_probe_finds_a_pasted_oracle()
    {
        var pasted = typeof(Pasted).Assembly;
        Probe.DoubleMethods(pasted, 3).Where(m => m.DeclaringType == typeof(Pasted)).SelectMany(m => Probe.LogDensityMatches(m))
            .Should().BeEquivalentTo(["Pasted.NormalLogDensity (Gaussian)", "Pasted.LaplaceSwapped (Laplace)"]);
        Probe.ElboMatches(pasted).Should().BeEquivalentTo(["Pasted.ElboOfDraws (term 0)", "Pasted.ElboOfDraws (term 3)"]);
    }

    /// <summary>Copies of the oracles as a student might paste them (one with its arguments in another order).</summary>
    public static class Pasted
    {
        public static double NormalLogDensity(double mean, double std, double y) =>
            -0.5 * ((y - mean) / std) * ((y - mean) / std) - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);

        public static double LaplaceSwapped(double y, double scale, double location) => -Math.Log(2 * scale) - Math.Abs(y - location) / scale;

        public static double NotADensity(double a, double b, double c) => a + b + c;

        public static (double Elbo, double Other, double Kl, double DriftMatching) ElboOfDraws(SdeSpec spec, double y, double t, double e1, double e0, double et)
        {
            var x = ElboInDouble.Of(spec, y, t, e1, e0, et);
            return (x.Elbo, 0, x.Kl + 1, x.DriftMatching);
        }
    }

    private static class Probe
    {
        /// <summary>Public static methods of <paramref name="assembly"/> with <paramref name="arity"/> double parameters, returning a double or a tuple.</summary>
        public static IEnumerable<MethodInfo> DoubleMethods(Assembly assembly, int arity) =>
            assembly.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic)
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(m => !m.IsGenericMethodDefinition && m.GetParameters().Length == arity && m.GetParameters().All(p => p.ParameterType == typeof(double)) && Returns(m));

        /// <summary>"Type.Method (law)" for each law whose log-density <paramref name="m"/> computes, its arguments in some order.</summary>
        public static IEnumerable<string> LogDensityMatches(MethodInfo m)
        {
            (string Law, Func<double, double, double, double> F)[] laws =
            [
                ("Gaussian", (mean, std, y) => DataSetLogDensity.LogDensity(new ExpectedLogLikelihoodMatchesGenerator.DataCase(ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian, [], 1, mean, std), y)),
                ("Laplace", (loc, scale, y) => DataSetLogDensity.LogDensity(new ExpectedLogLikelihoodMatchesGenerator.DataCase(ExpectedLogLikelihoodMatchesGenerator.DataSet.Laplace, [], 1, loc, scale), y)),
            ];
            int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
            var g = new Generator(17);
            var inputs = Enumerable.Range(0, Inputs).Select(_ => new[] { -3 + 6 * g.NextDouble(), 0.3 + 2 * g.NextDouble(), -4 + 8 * g.NextDouble() }).ToArray();
            foreach (var (law, f) in laws)
                if (orders.Any(o => inputs.All(x => Agrees(Call(m, null, [x[o[0]], x[o[1]], x[o[2]]]), f(x[0], x[1], x[2])))))
                    yield return $"{m.DeclaringType!.Name}.{m.Name} ({law})";
        }

        /// <summary>"Type.Method (term k)" for each returned double that equals term k of the ELBO (0 ELBO, 1 likelihood, 2 KL, 3 drift matching) on every input.</summary>
        public static IEnumerable<string> ElboMatches(Assembly assembly)
        {
            var candidates = assembly.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic)
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Where(m => !m.IsGenericMethodDefinition && Returns(m) && (
                    (m.DeclaringType == typeof(SdeSpec) && !m.IsStatic && m.GetParameters().Length == 5 && m.GetParameters().All(p => p.ParameterType == typeof(double))) ||
                    (m.IsStatic && m.GetParameters().Length == 6 && m.GetParameters()[0].ParameterType == typeof(SdeSpec) && m.GetParameters().Skip(1).All(p => p.ParameterType == typeof(double)))))
                .ToList();
            var g = new Generator(23);
            var cases = Enumerable.Range(0, Inputs).Select(_ =>
            {
                double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
                var spec = new SdeSpec(new DriftSpec(U(-1, 1), U(-1, 1), U(-0.5, 0.5), U(-0.5, 0.5)), U(0.3, 1.2), U(0, 0.8), U(-0.5, 0.5), U(-0.5, 0.5), U(-0.5, 0.5), U(0.4, 1.5), U(0, 0.5), U(0, 0.5), U(0.1, 0.8));
                return (Spec: spec, X: new[] { U(-3, 3), U(0, 1), g.NextNormal(), g.NextNormal(), g.NextNormal() });
            }).ToArray();
            foreach (var m in candidates)
            {
                var seen = cases.Select(c => m.IsStatic ? Call(m, null, [c.Spec, .. c.X.Cast<object>()]) : Call(m, c.Spec, [.. c.X.Cast<object>()])).ToArray();
                var exact = cases.Select(c => ElboInDouble.Of(c.Spec, c.X[0], c.X[1], c.X[2], c.X[3], c.X[4])).Select(x => new[] { x.Elbo, x.Likelihood, x.Kl, x.DriftMatching }).ToArray();
                for (int term = 0; term < 4; term++)
                    if (Enumerable.Range(0, cases.Length).All(i => Agrees(seen[i], exact[i][term])))
                        yield return $"{m.DeclaringType!.Name}.{m.Name} (term {term})";
            }
        }

        private static bool Returns(MethodInfo m) => m.ReturnType == typeof(double) || typeof(ITuple).IsAssignableFrom(m.ReturnType);

        /// <summary>The doubles a call returned (one, or a tuple's), none if it threw.</summary>
        private static double[] Call(MethodInfo m, object? target, object[] args)
        {
            try
            {
                return m.Invoke(target, args) switch
                {
                    double d => [d],
                    ITuple t => Enumerable.Range(0, t.Length).Select(i => t[i]).OfType<double>().ToArray(),
                    _ => [],
                };
            }
            catch (TargetInvocationException)
            {
                return [];
            }
        }

        private static bool Agrees(double[] seen, double expected) => seen.Any(v => Math.Abs(v - expected) <= 1e-9 * (1 + Math.Abs(expected)));
    }
}
