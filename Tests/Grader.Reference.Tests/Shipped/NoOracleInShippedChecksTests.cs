using System.Reflection;
using System.Runtime.CompilerServices;
using Grader.Checks.Attention;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Attention;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.Attention;
using Grader.Contracts.Flows;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.Shipped;

/// <summary>
/// Grader.Checks ships to students as source (<c>grader assign</c>), so it must hold no code that computes what a graded
/// task asks. The oracles moved to the tutor's side are probed for here by behaviour, not by name: every public method
/// of Grader.Checks that can be called with an oracle's inputs (all-double parameters in any order; an
/// <see cref="SdeSpec"/>'s instance methods and static methods taking one, with five doubles) is called on random
/// inputs, and one whose result (a double, or any double of a returned tuple) equals the oracle's on every input is a
/// leak. Oracles: the data sets' log-densities of sheet 003's expected log likelihood (tasks 1.3, 1.4) and the ELBO
/// of one example of task 2.3 (each of its terms). The same by the inputs' types (<see cref="Probe.Fill"/>: every public
/// method, static or of a type it takes, whose parameters are all drawn from the oracle's inputs): the backward solve
/// of tasks 1.1–1.3 (log p(y) of a closed-form drift, as functions or a <see cref="DriftSpec"/>, for a method and a grid;
/// also its continuous-time limit for an affine drift), one rk2 or rk4 step of task 1.4 (a field, a state row, t, dt),
/// and sheet 001's multi-head attention layer (its output, weights or gradients from an <see cref="AttentionCase"/> or
/// the contract's weights, tensors and flags; also any type implementing the layer's contract).
/// <see cref="The_probe_finds_a_pasted_oracle"/> shows it can fail.
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
    public void No_shipped_method_solves_the_log_likelihood_ode()
    {
        Probe.LogLikelihoodMatches(Shipped).Should().BeEmpty("the backward solve of tasks 1.1–1.3 lives on the tutor's side");
    }

    [Test]
    public void No_shipped_method_takes_an_integrator_step()
    {
        Probe.StepMatches(Shipped).Should().BeEmpty("the notebook's rk2 and rk4 steps of task 1.4 live on the tutor's side");
    }

    [Test]
    public void No_shipped_method_runs_the_log_likelihood_scheme_with_a_given_integrator()
    {
        Probe.OwnSolverMatches(Shipped).Should().BeEmpty("with a correct integrator, the backward solve by the hand-in's own steps is task 1.3's answer; it lives on the tutor's side");
    }

    [Test]
    public void No_shipped_method_computes_the_coupling_block()
    {
        Probe.CouplingMatches(Shipped).Should().BeEmpty("the coupling block in double (sheet 000 ex. 2 (c)) lives on the tutor's side");
        Probe.Implementations(Shipped, typeof(IAffineCouplingBlock)).Concat(Probe.Implementations(Shipped, typeof(IInvertibleNeuralNetwork)))
            .Should().BeEmpty("a shipped implementation of the contract is the task's answer");
    }

    [Test]
    public void No_shipped_method_computes_multi_head_attention()
    {
        Probe.AttentionMatches(Shipped).Should().BeEmpty("the attention layer in double (values, bounds, gradients) of sheet 001 ex. 2 lives on the tutor's side");
    }

    [Test]
    public void No_shipped_type_implements_the_attention_layer()
    {
        Probe.Implementations(Shipped, typeof(IMultiHeadAttention)).Should().BeEmpty("a shipped implementation of the contract is the task's answer");
    }

    [Test]
    public void The_probe_finds_a_pasted_oracle()
    {
        var pasted = typeof(Pasted).Assembly;
        Probe.DoubleMethods(pasted, 3).Where(m => m.DeclaringType == typeof(Pasted)).SelectMany(m => Probe.LogDensityMatches(m))
            .Should().BeEquivalentTo(["Pasted.NormalLogDensity (Gaussian)", "Pasted.LaplaceSwapped (Laplace)"]);
        Probe.ElboMatches(pasted).Should().BeEquivalentTo(["Pasted.ElboOfDraws (term 0)", "Pasted.ElboOfDraws (term 3)"]);
        Probe.LogLikelihoodMatches(pasted).Should().BeEquivalentTo(["Pasted.BackwardSolve (the scheme)", "Pasted.SolveOfSpec (the scheme)", "Pasted.AffineLimit (the affine limit)"]);
        Probe.StepMatches(pasted).Should().BeEquivalentTo(["Pasted.Step (rk2)", "Pasted.Step (rk4)", "Pasted.Rk4OfSpec (rk4)"]);
        Probe.AttentionMatches(pasted).Should().BeEquivalentTo(
            ["Pasted.AttentionOf (output)", "Pasted.AttentionOf (weights)", "Pasted.LayerInFloat (output)", "Pasted.GradientsOf (gradients)", "Pasted.Evaluate (output)", "Pasted.Evaluate (weights)"]);
        Probe.Implementations(pasted, typeof(IMultiHeadAttention)).Should().Equal("PastedLayer");
        Probe.CouplingMatches(pasted).Should().BeEquivalentTo(["Pasted.BlockForward (forward)", "Pasted.BlockInverse (inverse)"]);
        Probe.OwnSolverMatches(pasted).Should().BeEquivalentTo(["Pasted.WithOwnSolver (the scheme)", "Pasted.SchemeOfDrift (the scheme)"]);
    }

    /// <summary>The inputs of a pasted layer in a type of the pasted code's own.</summary>
    public sealed record PastedInputs(AttentionInDouble.AttentionInputs Inputs);

    /// <summary>A copy of the layer as a student might paste it: the contract, implemented by the tutor's double route.</summary>
    public sealed class PastedLayer : IMultiHeadAttention
    {
        public AttentionOutput Forward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal) =>
            throw new NotSupportedException("found by its type");

        public AttentionGradients Backward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal, Tensor outputGradient) =>
            throw new NotSupportedException("found by its type");
    }

    /// <summary>Copies of the oracles as a student might paste them (one with its arguments in another order).</summary>
    public static class Pasted
    {
        public static double NormalLogDensity(double mean, double std, double y) =>
            -0.5 * ((y - mean) / std) * ((y - mean) / std) - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);

        public static double LaplaceSwapped(double y, double scale, double location) => -Math.Log(2 * scale) - Math.Abs(y - location) / scale;

        public static double NotADensity(double a, double b, double c) => a + b + c;

        /// <summary>The signature the scheme had when it shipped (its variant an optional parameter).</summary>
        public static float[] BackwardSolve(Func<double, double, double> f, Func<double, double, double> dfdx, Func<double, double, double> d2fdx2, double y, string method, int points,
            LogLikelihoodScheme.Variant variant = LogLikelihoodScheme.Variant.Correct) =>
            [(float)LogLikelihoodScheme.Run(f, dfdx, d2fdx2, y, method, points, variant).LogP];

        public static LogLikelihoodScheme.Solve SolveOfSpec(int points, DriftSpec drift, string method, double y) =>
            LogLikelihoodScheme.Run(drift.F, drift.DfDx, drift.D2fDx2, y, method, points);

        public static double AffineLimit(DriftSpec drift, double y) => drift.IsAffine ? LogLikelihoodScheme.ExactForAffine(drift, y) : double.NaN;

        public static double DriftAt(DriftSpec drift, double y) => drift.F(y, 1);

        public static double[] Step(string method, ClosedFormField field, double[] s, double t, double h) => TableauSteps.Step(method, field, s, t, h).Value;

        public static (double[] Next, int Stages) Rk4OfSpec(FieldSpec spec, double[] s, double t, double h) => (TableauSteps.Step("rk4", spec.Field(), s, t, h).Value, 4);

        public static double[] Euler(ClosedFormField field, double[] s, double t, double h) => s.Select((v, j) => v + h * field.At(s, t)[j]).ToArray();

        public static AttentionInDouble.ExactAttention AttentionOf(AttentionCase c) => AttentionInDouble.Evaluate(c.InDouble());

        public static float[] LayerInFloat(AttentionCase c) => AttentionVariants.Output(c, "none of the bugs");

        public static IReadOnlyDictionary<string, double[]> GradientsOf(MultiHeadAttentionWeights w, Tensor query, Tensor key, Tensor value, Tensor padding, bool causal, Tensor g) =>
            AttentionInDouble.Backward(AttentionInDouble.AttentionInputs.From(w, query, key, value, padding, causal), g.ToDoubleArray()).Values;

        /// <summary>The shape the layer in double had when it shipped: its inputs in a type of its own, made from the call.</summary>
        public static PastedInputs Prepare(AttentionCase c) => new(c.InDouble());

        public static AttentionInDouble.ExactAttention Evaluate(PastedInputs x) => AttentionInDouble.Evaluate(x.Inputs);

        public static double[][] BlockForward(CouplingCase c)
        {
            var xs = c.Inputs(0).ToDoubleArray();
            return Enumerable.Range(0, c.Batch).Select(i => CouplingChain.Forward([DoubleCouplingBlock.Of(c.Subnet())], c.Clamp, xs.AsSpan(i * c.Channels, c.Channels)).Value).ToArray();
        }

        public static double[] BlockInverse(FixedSubnet subnet, double clamp, double[] y) => CouplingChain.Inverse([DoubleCouplingBlock.Of(subnet)], clamp, y).Value;

        public static double[] InputsOf(CouplingCase c) => c.Inputs(0).ToDoubleArray();

        /// <summary>The log-likelihood by a given integrator, as it shipped in the visible check.</summary>
        public static float[]? WithOwnSolver(HandinCall call, IOdeSolver solver, LogLikelihoodCase c) => LogLikelihoodWithOwnSolver.Compute(call, solver, c);

        public static float[] SchemeOfDrift(IOdeSolver solver, IDifferentiableNetwork drift, Tensor y, string method, int points) =>
            LogLikelihoodWithOwnSolver.Compute(new HandinCall("pasted", "pasted"), solver, new LogLikelihoodCase(drift, "", method, points, y.ToArray(), [], [], [])) ?? [];

        public static float[] StepsOnly(IOdeSolver solver, LogLikelihoodCase c) => c.Y.Select(v => v * 2).ToArray();

        public static (float[] Query, double Norm) InputsOf(AttentionCase c) => (c.Query, Math.Sqrt(c.Query.Sum(v => v * v)));

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

        /// <summary>
        /// "Type.Method (the scheme)" for each public method whose parameters the inputs of a log-likelihood solve fill
        /// (f, ∂f/∂x, ∂²f/∂x² as functions or a <see cref="DriftSpec"/>, y, the method, the grid's points) and that returns
        /// log p(y) of the scheme in double (any double, float or double property it returns, within float32 rounding) on
        /// every input; "(the affine limit)" for one returning the closed form of an affine drift.
        /// </summary>
        public static IEnumerable<string> LogLikelihoodMatches(Assembly assembly)
        {
            var g = new Generator(29);
            string[] methods = ["euler", "rk2", "rk4"];
            var cases = Enumerable.Range(0, Inputs).Select(i =>
            {
                double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
                var spec = i % 2 == 0
                    ? new DriftSpec(U(-1, 1), U(-1, 1), U(-0.5, 0.5), U(-0.5, 0.5))
                    : new DriftSpec(U(-0.8, 0.8), U(-1, 1), U(-0.5, 0.5), U(-0.8, 0.8), U(0.5, 1.5), U(-1.5, 1.5), U(-2, 2), U(-1, 1));
                return (Spec: spec, Y: U(-3, 3), Method: methods[i % 3], Points: 10 + (int)g.NextInt(0, 30));
            }).ToArray();
            var scheme = cases.Select(c => LogLikelihoodScheme.Run(c.Spec.F, c.Spec.DfDx, c.Spec.D2fDx2, c.Y, c.Method, c.Points).LogP).ToArray();
            var limit = cases.Select(c => c.Spec.IsAffine ? LogLikelihoodScheme.ExactForAffine(c.Spec, c.Y) : double.NaN).ToArray();
            foreach (var m in Candidates(assembly, [typeof(DriftSpec), typeof(Func<double, double, double>), typeof(double), typeof(float), typeof(string), typeof(int)]))
            {
                var seen = cases.Select(c => Fill(m, new Dictionary<Type, object[]>
                {
                    [typeof(DriftSpec)] = [c.Spec],
                    [typeof(Func<double, double, double>)] = [(Func<double, double, double>)c.Spec.F, (Func<double, double, double>)c.Spec.DfDx, (Func<double, double, double>)c.Spec.D2fDx2],
                    [typeof(double)] = [c.Y],
                    [typeof(float)] = [(float)c.Y],
                    [typeof(string)] = [c.Method],
                    [typeof(int)] = [c.Points],
                }) is { } call ? Doubles(m, call.Target, call.Args) : []).ToArray();
                if (Enumerable.Range(0, cases.Length).All(i => seen[i].Any(v => Close(v, scheme[i]))))
                    yield return $"{m.DeclaringType!.Name}.{m.Name} (the scheme)";
                var affine = Enumerable.Range(0, cases.Length).Where(i => cases[i].Spec.IsAffine).ToArray();
                if (affine.All(i => seen[i].Any(v => Close(v, limit[i]))))
                    yield return $"{m.DeclaringType!.Name}.{m.Name} (the affine limit)";
            }
        }

        /// <summary>
        /// "Type.Method (rk2|rk4)" for each public method whose parameters the inputs of one step fill (the method's
        /// name, a <see cref="ClosedFormField"/> or <see cref="FieldSpec"/>, a state row, t, dt) and that returns the
        /// notebook's step (a double[] it returns, alone or in a tuple) on every input.
        /// </summary>
        public static IEnumerable<string> StepMatches(Assembly assembly)
        {
            var g = new Generator(31);
            var cases = Enumerable.Range(0, Inputs).Select(i =>
            {
                double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
                var spec = i % 2 == 0 ? FieldSpec.Linear(U(-1.5, 1.5), U(-2, 2), U(-1.5, 1.5)) : FieldSpec.Rotating(U(-2, 2), U(-2.5, 2.5), U(0.2, 1));
                var s = Enumerable.Range(0, spec.Field().Columns).Select(_ => U(-1.5, 1.5)).ToArray();
                return (Spec: spec, S: s, T: U(0, 1), H: (i % 3 == 0 ? -1 : 1) * U(0.08, 0.25));
            }).ToArray();
            var candidates = Candidates(assembly, [typeof(ClosedFormField), typeof(FieldSpec), typeof(string), typeof(double[]), typeof(double)]).ToList();
            foreach (var method in new[] { "rk2", "rk4" })
            {
                var exact = cases.Select(c => TableauSteps.Step(method, c.Spec.Field(), c.S, c.T, c.H).Value).ToArray();
                foreach (var m in candidates)
                {
                    bool all = true;
                    for (int i = 0; i < cases.Length && all; i++)
                    {
                        var c = cases[i];
                        var call = Fill(m, new Dictionary<Type, object[]>
                        {
                            [typeof(string)] = [method],
                            [typeof(ClosedFormField)] = [c.Spec.Field()],
                            [typeof(FieldSpec)] = [c.Spec],
                            [typeof(double[])] = [(double[])c.S.Clone()],
                            [typeof(double)] = [c.T, c.H],
                        });
                        all = call is not null && Arrays(m, call.Value.Target, call.Value.Args).Any(a => a.Length == exact[i].Length && a.Select((v, j) => Close(v, exact[i][j])).All(x => x));
                    }
                    if (all) yield return $"{m.DeclaringType!.Name}.{m.Name} ({method})";
                }
            }
        }

        /// <summary>
        /// "Type.Method (output|weights|gradients)" for each public method whose parameters a call of the layer fills (an
        /// <see cref="AttentionCase"/>, or the contract's weights, the query, key, value, padding and output-gradient
        /// tensors and the causal flag; the case's G also as a float[] or double[]) and that returns, anywhere in its
        /// result (an array, a tensor, a tuple, a record's properties or a dictionary's values, three levels deep),
        /// the layer's output, its attention weights, or the gradient of Σ G ⊙ output with respect to the query, key,
        /// value or W_q, within twice the float32 bound of each value (any float32 evaluation lies within one), on
        /// every one of <see cref="Inputs"/> random calls.
        /// </summary>
        public static IEnumerable<string> AttentionMatches(Assembly assembly)
        {
            var law = new AttentionCaseLaw(MaxBatch: 2, MaxQueries: 4, MinKeys: 1, MaxKeys: 4, Heads: [1, 2], MaxHeadDim: 3);
            var g = new Generator(37);
            var cases = Enumerable.Range(0, Inputs).Select(i => law.Draw(g, $"probe {i}")).ToArray();
            var exact = cases.Select(c => (Forward: AttentionInDouble.Evaluate(c.InDouble()), Backward: AttentionInDouble.Backward(c.InDouble(), c.OutputGradient.Select(v => (double)v).ToArray()))).ToArray();
            string[] graded = ["query", "key", "value", "query_weight"];
            Type[] types = [typeof(AttentionCase), typeof(MultiHeadAttentionWeights), typeof(Tensor), typeof(bool), typeof(float[]), typeof(double[])];
            var seen = new Dictionary<MethodInfo, List<double[]>[]>();
            void Record(MethodInfo m, int i, object? result)
            {
                if (!seen.TryGetValue(m, out var lists)) seen[m] = lists = Enumerable.Range(0, cases.Length).Select(_ => new List<double[]>()).ToArray();
                lists[i].AddRange(ArraysIn(result, 3));
            }
            for (int i = 0; i < cases.Length; i++)
            {
                var c = cases[i];
                var pool = new Dictionary<Type, object[]>
                {
                    [typeof(AttentionCase)] = [c],
                    [typeof(MultiHeadAttentionWeights)] = [c.Weights()],
                    [typeof(Tensor)] = [c.QueryTensor(), c.KeyTensor(), c.ValueTensor(), c.PaddingTensor(), c.OutputGradientTensor()],
                    [typeof(bool)] = [c.Causal],
                    [typeof(float[])] = [(float[])c.OutputGradient.Clone()],
                    [typeof(double[])] = [c.OutputGradient.Select(v => (double)v).ToArray()],
                };
                // Round 1 from the call's inputs; round 2 also from what round 1 made of the scanned assembly's own types
                // (an oracle may take its inputs in a type of its own, made from the call by another public method).
                var made = new Dictionary<Type, List<object>>();
                foreach (var m in Candidates(assembly, types))
                {
                    var result = Fill(m, pool) is { } call ? Invoke(m, call.Target, call.Args) : null;
                    Record(m, i, result);
                    if (result is not null && result.GetType().Assembly == assembly && !types.Contains(result.GetType()))
                        (made.TryGetValue(result.GetType(), out var list) ? list : made[result.GetType()] = []).Add(result);
                }
                if (made.Count == 0) continue;
                foreach (var (type, values) in made) pool[type] = [.. values];
                foreach (var m in Candidates(assembly, [.. made.Keys, .. types], own: made.Count))
                    Record(m, i, Fill(m, pool) is { } call ? Invoke(m, call.Target, call.Args) : null);
            }
            foreach (var (m, lists) in seen)
            {
                bool All(Func<int, (double[] Values, double[] Bounds)> of) =>
                    Enumerable.Range(0, cases.Length).All(i => lists[i].Any(a => Within(a, of(i).Values, of(i).Bounds)));
                if (All(i => (exact[i].Forward.Output, exact[i].Forward.OutputBound)))
                    yield return $"{m.DeclaringType!.Name}.{m.Name} (output)";
                if (All(i => (exact[i].Forward.Weights, exact[i].Forward.WeightsBound)))
                    yield return $"{m.DeclaringType!.Name}.{m.Name} (weights)";
                if (graded.Any(name => All(i => (exact[i].Backward.Values[name], exact[i].Backward.Bounds[name]))))
                    yield return $"{m.DeclaringType!.Name}.{m.Name} (gradients)";
            }
        }

        /// <summary>
        /// "Type.Method (the scheme)" for each public method whose parameters the inputs of a log-likelihood solve with a
        /// given integrator fill (a correct <see cref="IOdeSolver"/>, a <see cref="LogLikelihoodCase"/> whose expected
        /// values are NaN, a <see cref="HandinCall"/>, or the drift, y as a tensor or float[], the method and the grid's
        /// points) and that returns log p(y) of the scheme (anywhere in its result, within 1e-4·(1 + |log p|) + the
        /// float32 tolerance) on every input.
        /// </summary>
        public static IEnumerable<string> OwnSolverMatches(Assembly assembly)
        {
            var g = new Generator(41);
            string[] methods = ["euler", "rk2", "rk4"];
            var cases = Enumerable.Range(0, Inputs / 2).Select(i =>
            {
                double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
                var spec = i % 2 == 0
                    ? new DriftSpec(U(-1, 1), U(-1, 1), U(-0.5, 0.5), U(-0.5, 0.5))
                    : new DriftSpec(U(-0.8, 0.8), U(-1, 1), U(-0.5, 0.5), U(-0.8, 0.8), U(0.5, 1.5), U(-1.5, 1.5), U(-2, 2), U(-1, 1));
                var y = Enumerable.Range(0, 4).Select(_ => (float)U(-3, 3)).ToArray();
                var method = methods[i % 3];
                int points = 10 + (int)g.NextInt(0, 30);
                var exact = y.Select(v => LogLikelihoodScheme.Run(spec.F, spec.DfDx, spec.D2fDx2, v, method, points).LogP).ToArray();
                var tolerance = LogLikelihoodScheme.Tolerances(spec.F, spec.DfDx, spec.D2fDx2, y, method, points);
                var unknown = new LogLikelihoodCase(spec.Network(), $"the drift {spec}", method, points, y, y.Select(_ => float.NaN).ToArray(), y.Select(_ => 0.0).ToArray(), []);
                return (Spec: spec, Y: y, Method: method, Points: points, Exact: exact, Tolerance: tolerance, Case: unknown);
            }).ToArray();
            var candidates = Candidates(assembly, [typeof(IOdeSolver), typeof(LogLikelihoodCase), typeof(HandinCall), typeof(IDifferentiableNetwork), typeof(Tensor), typeof(float[]), typeof(string), typeof(int)]).ToList();
            foreach (var m in candidates)
            {
                bool all = true;
                foreach (var c in cases)
                {
                    var call = Fill(m, new Dictionary<Type, object[]>
                    {
                        [typeof(IOdeSolver)] = [new ReferenceOdeSolver()],
                        [typeof(LogLikelihoodCase)] = [c.Case],
                        [typeof(HandinCall)] = [new HandinCall("probe", "probe")],
                        [typeof(IDifferentiableNetwork)] = [c.Spec.Network()],
                        [typeof(Tensor)] = [torch.tensor(c.Y, c.Y.Length, 1)],
                        [typeof(float[])] = [(float[])c.Y.Clone()],
                        [typeof(string)] = [c.Method],
                        [typeof(int)] = [c.Points],
                    });
                    var arrays = call is null ? [] : ArraysIn(Invoke(m, call.Value.Target, call.Value.Args), 3).ToList();
                    if (!arrays.Any(a => a.Length == c.Exact.Length && a.Select((v, j) => Math.Abs(v - c.Exact[j]) <= 1e-4 * (1 + Math.Abs(c.Exact[j])) + c.Tolerance[j]).All(x => x)))
                    {
                        all = false;
                        break;
                    }
                }
                if (all) yield return $"{m.DeclaringType!.Name}.{m.Name} (the scheme)";
            }
        }

        /// <summary>
        /// "Type.Method (forward|inverse)" for each public method whose parameters a coupling case fills (a
        /// <see cref="CouplingCase"/> or its <see cref="FixedSubnet"/>, the clamp, the inputs as a tensor [N, C] or the
        /// first sample as a double[]) and that returns, anywhere in its result, the block's output for the first sample
        /// (forward of x, or inverse of the same numbers taken as y) within twice the float32 bound of the double
        /// evaluation, on every one of <see cref="Inputs"/> generated cases. A method taking spans cannot be called by
        /// reflection: <c>NoAnswersForStudentsTests</c> forbids the moved type's names instead.
        /// </summary>
        public static IEnumerable<string> CouplingMatches(Assembly assembly)
        {
            var cases = Enumerable.Range(0, Inputs).Select(i => new CouplingCase(2 + i % 5, 1 + i % 3, 8, 1.0 + i % 3, 1.0 + i % 2, 1.0, i % 2 == 0 ? SubnetActivation.ReLU : SubnetActivation.Tanh, 4100 + i)).ToArray();
            var exact = cases.Select(c =>
            {
                var x = c.Inputs(0).ToDoubleArray()[..c.Channels];
                var blocks = new[] { DoubleCouplingBlock.Of(c.Subnet()) };
                return (X: x, Forward: CouplingChain.Forward(blocks, c.Clamp, x), Inverse: CouplingChain.Inverse(blocks, c.Clamp, x));
            }).ToArray();
            foreach (var m in Candidates(assembly, [typeof(CouplingCase), typeof(FixedSubnet), typeof(Tensor), typeof(double[]), typeof(double)]))
            {
                var seen = cases.Select((c, i) => Fill(m, new Dictionary<Type, object[]>
                {
                    [typeof(CouplingCase)] = [c],
                    [typeof(FixedSubnet)] = [c.Subnet()],
                    [typeof(Tensor)] = [c.Inputs(0)],
                    [typeof(double[])] = [(double[])exact[i].X.Clone()],
                    [typeof(double)] = [c.Clamp],
                }) is { } call ? ArraysIn(Invoke(m, call.Target, call.Args), 3).Select(a => a.Length > c.Channels ? a[..c.Channels] : a).ToList() : []).ToArray();
                bool All(Func<int, ChainEvaluation> of) =>
                    Enumerable.Range(0, cases.Length).All(i => seen[i].Any(a => Within(a, of(i).Value, of(i).Error)));
                if (All(i => exact[i].Forward)) yield return $"{m.DeclaringType!.Name}.{m.Name} (forward)";
                if (All(i => exact[i].Inverse)) yield return $"{m.DeclaringType!.Name}.{m.Name} (inverse)";
            }
        }

        /// <summary>The public concrete types of <paramref name="assembly"/> that implement <paramref name="contract"/>.</summary>
        public static IEnumerable<string> Implementations(Assembly assembly, Type contract) =>
            assembly.GetTypes().Where(t => !t.IsInterface && !t.IsAbstract && contract.IsAssignableFrom(t)).Select(t => t.Name);

        /// <summary>Each array of doubles a value holds: itself, a tensor's values, a tuple's, a dictionary's or a sequence's items, a record's properties, down to <paramref name="depth"/> levels.</summary>
        private static IEnumerable<double[]> ArraysIn(object? value, int depth)
        {
            switch (value)
            {
                case null or string:
                    yield break;
                case double[] a:
                    yield return a;
                    yield break;
                case float[] a:
                    yield return a.Select(v => (double)v).ToArray();
                    yield break;
                case Tensor t:
                    yield return t.ToDoubleArray();
                    yield break;
            }
            if (depth == 0) yield break;
            IEnumerable<object?> parts = value switch
            {
                ITuple t => Enumerable.Range(0, t.Length).Select(i => t[i]),
                System.Collections.IDictionary d => d.Values.Cast<object?>(),
                System.Collections.IEnumerable e => e.Cast<object?>(),
                _ when value.GetType().Assembly != typeof(object).Assembly => value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0).Select(p => p.GetValue(value)),
                _ => [],
            };
            foreach (var part in parts)
                foreach (var a in ArraysIn(part, depth - 1))
                    yield return a;
        }

        /// <summary>Each value of <paramref name="seen"/> within twice its bound of <paramref name="exact"/>'s (and one of them not 0).</summary>
        private static bool Within(double[] seen, double[] exact, double[] bounds) =>
            seen.Length == exact.Length && exact.Any(v => v != 0) && seen.Select((v, i) => Math.Abs(v - exact[i]) <= 2 * bounds[i] + 1e-12).All(x => x);

        /// <summary>
        /// Public methods, static or of a public type among <paramref name="types"/>, every parameter of which is one of
        /// <paramref name="types"/> and one of which (or the instance) is of the oracle's own type (the first <paramref name="own"/> of <paramref name="types"/>):
        /// no method of plain numbers and strings is called (one could take a path).
        /// </summary>
        private static IEnumerable<MethodInfo> Candidates(Assembly assembly, Type[] types, int own = 2) =>
            assembly.GetTypes().Where(t => (t.IsPublic || t.IsNestedPublic) && !t.ContainsGenericParameters)
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Where(m => !m.IsGenericMethodDefinition && !m.IsSpecialName && (m.IsStatic || types.Contains(m.DeclaringType)) && m.GetParameters().Length > 0
                    && m.GetParameters().All(p => types.Contains(p.ParameterType) || p.IsOptional)
                    && (types[..own].Contains(m.DeclaringType) || m.GetParameters().Any(p => types[..own].Contains(p.ParameterType))));

        /// <summary>The call's target and arguments: each parameter takes the next unused input of its type (an optional one its default when none is left); null when one cannot be filled.</summary>
        public static (object? Target, object?[] Args)? Fill(MethodInfo m, IReadOnlyDictionary<Type, object[]> inputs)
        {
            var used = new Dictionary<Type, int>();
            var args = new List<object?>();
            foreach (var p in m.GetParameters())
            {
                used.TryGetValue(p.ParameterType, out var k);
                if (inputs.TryGetValue(p.ParameterType, out var pool) && k < pool.Length) { args.Add(pool[k]); used[p.ParameterType] = k + 1; }
                else if (p.IsOptional) args.Add(p.DefaultValue);
                else return null;
            }
            object? target = null;
            if (!m.IsStatic && !(inputs.TryGetValue(m.DeclaringType!, out var own) && own.Length > 0 && (target = own[0]) is not null)) return null;
            return (target, args.ToArray());
        }

        /// <summary>The doubles a call returned: a double or float, a tuple's, an array's, a record's double properties; none if it threw.</summary>
        private static double[] Doubles(MethodInfo m, object? target, object?[] args) => Flatten(Invoke(m, target, args)).ToArray();

        /// <summary>The double arrays a call returned, alone or in a tuple.</summary>
        private static IEnumerable<double[]> Arrays(MethodInfo m, object? target, object?[] args) => Invoke(m, target, args) switch
        {
            double[] a => [a],
            ITuple t => Enumerable.Range(0, t.Length).Select(i => t[i]).OfType<double[]>(),
            _ => [],
        };

        private static object? Invoke(MethodInfo m, object? target, object?[] args)
        {
            try
            {
                return m.Invoke(target, args);
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private static IEnumerable<double> Flatten(object? value) => value switch
        {
            double d => [d],
            float f => [f],
            double[] a => a,
            float[] a => a.Select(v => (double)v),
            ITuple t => Enumerable.Range(0, t.Length).SelectMany(i => Flatten(t[i])),
            null or string => [],
            _ when value.GetType().Assembly != typeof(object).Assembly => value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(double) && p.GetIndexParameters().Length == 0).Select(p => (double)p.GetValue(value)!),
            _ => [],
        };

        /// <summary>Equal within float32 rounding (a float result of a double oracle still counts).</summary>
        private static bool Close(double seen, double expected) => Math.Abs(seen - expected) <= 1e-6 * (1 + Math.Abs(expected));

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
