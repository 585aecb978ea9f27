using Grader.Checks.Catalog;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.Snapshots;
using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4: "the true expected log likelihood (1/n) Σ log p(y_i) … returned from the dataset
/// generator program", for the 'gaussian', the 'laplace' (the mixture's one component, which the generator also offers)
/// or the 'laplace_mixture' data. The expected value and the values of known wrong variants come from the tutor's side:
/// for the visible instance (the notebook's parameters on a public data set) from the approved snapshot
/// <c>ode-sde/expected-log-likelihood</c>, computed ahead of time; for the tutor's instance (parameters, size and data
/// drawn from the run's seed) live, from the law's density in double on the tutor's side (an independent route).
/// Nothing here computes a log-density. Tolerance: a float32 sum of n terms, 4·n·ε·mean|log p(y_i)|.
/// </summary>
public sealed class ExpectedLogLikelihoodMatchesGenerator : ICheck, ISnapshotReader, IDrawsCaseClasses
{
    /// <summary>The two data sets the sheet asks for.</summary>
    public enum DataSet
    {
        /// <summary>'gaussian' (task 1.3).</summary>
        Gaussian,
        /// <summary>'laplace_mixture' (tasks 1.4 and 2.3).</summary>
        LaplaceMixture,
        /// <summary>'laplace', one component of the mixture (task 1.4).</summary>
        Laplace,
    }

    /// <summary>One data set of a call: the points, the number of components K (1 but for the mixture) and the two parameters.</summary>
    /// <param name="P1">The mean, the location, or the mixture's spacing.</param>
    /// <param name="P2">The standard deviation or the scale.</param>
    public sealed record DataCase(DataSet Set, float[] Y, int K, double P1, double P2);

    /// <summary>The seed of the visible instance's public data set.</summary>
    public const ulong PublicSeed = 3003;
    private readonly DataSet _set;
    private readonly Func<DataCase, ExpectedLogLikelihoodAnswer>? _oracle;

    /// <summary>The visible instance: the notebook's parameters on a public data set, the answer from the approved snapshot.</summary>
    public ExpectedLogLikelihoodMatchesGenerator(DataSet set)
    {
        _set = set;
    }

    /// <summary>The tutor's instance: parameters, size and data drawn from the run's seed, answered by <paramref name="oracle"/>.</summary>
    public ExpectedLogLikelihoodMatchesGenerator(DataSet set, Func<DataCase, ExpectedLogLikelihoodAnswer> oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        _set = set;
        _oracle = oracle;
    }

    private bool Unseen => _oracle is not null;

    /// <inheritdoc />
    public IReadOnlyList<string> Snapshots => Unseen ? [] : [SnapshotFile.RelativePathOf(OdeSdeSnapshots.Folder, ExpectedLogLikelihoodSnapshot.Name)];

    public string Id => $"ode.ku.expected-log-likelihood-{_set switch { DataSet.Gaussian => "gaussian", DataSet.Laplace => "laplace", _ => "laplace-mixture" }}{(Unseen ? "-unseen" : "")}";

    /// <summary>The visible instance's reference; the tutor's instance, a hidden check, cites its pack's declaration.</summary>
    public string SheetRef => Unseen ? DeferredCheck.SheetRefOf(Id) : _set switch
    {
        DataSet.Gaussian => "sheet 003, task 1.3: the true expected log likelihood (1/n_test) Σ log p(y_i) that the dataset generator returns, for the Gaussian data",
        DataSet.Laplace => "sheet 003, task 1.4: the true expected log likelihood (1/n_test) Σ log p(y_i) that the dataset generator returns, for the Laplace data (one component of the mixture)",
        _ => "sheet 003, task 1.4: the true expected log likelihood (1/n_test) Σ log p(y_i) that the dataset generator returns, for the mixture of Laplace data",
    };

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        List<(DataCase Case, ExpectedLogLikelihoodAnswer Answer)> cases;
        if (_oracle is { } oracle)
        {
            cases = DrawAll(context.NewGenerator(0x0DE5)).Select(c => (c, oracle(c))).ToList();
        }
        else
        {
            var snapshot = SnapshotFile.TryRead<ExpectedLogLikelihoodSnapshot>(context.SnapshotRoot, OdeSdeSnapshots.Folder, ExpectedLogLikelihoodSnapshot.Name, out var problem);
            if (snapshot is null) return call.Error(problem!);
            var answer = snapshot.Answers.FirstOrDefault(a => a.Set == _set);
            if (answer is null) return call.Error($"the approved snapshot {ExpectedLogLikelihoodSnapshot.Name} has no answer for the {_set} data (a grader defect)");
            cases = [(PublicCase(_set), answer.Answer)];
        }
        if (call.Resolve<IExpectedLogLikelihood>(context, out var handin) is { } unresolved) return unresolved;
        foreach (var (c, answer) in cases)
        {
            var data = torch.tensor(c.Y, c.Y.Length, 1);
            var what = _set switch
            {
                DataSet.Gaussian => $"Gaussian(data, {F(c.P1)}, {F(c.P2)})",
                DataSet.Laplace => $"Laplace(data, {F(c.P1)}, {F(c.P2)})",
                _ => $"LaplaceMixture(data, {c.K}, {F(c.P1)}, {F(c.P2)})",
            };
            if (call.Run(what, () => _set switch
                {
                    DataSet.Gaussian => handin.Gaussian(data, c.P1, c.P2),
                    DataSet.Laplace => handin.Laplace(data, c.P1, c.P2),
                    _ => handin.LaplaceMixture(data, c.K, c.P1, c.P2),
                }, out var seen) is { } threw)
                return threw;
            double expected = answer.Value;
            double tolerance = 4 * c.Y.Length * 5.960464477539063e-8 * answer.MeanAbsoluteTerm + 1e-12;
            if (double.IsFinite(seen) && Math.Abs(seen - expected) <= tolerance) continue;
            string diagnosis = Diagnose(c, answer, seen, tolerance);
            return call.Fail(
                $"{what} returned {F(seen)}, the generator's value is {F(expected)} (|Δ| = {E(Math.Abs(seen - expected))} > tolerance {E(tolerance)}) for {c.Y.Length} data points. {diagnosis}Re-read {SheetRef}.",
                expected: F(expected), seen: F(seen));
        }
        return CheckResult.Pass(Id, $"The expected log likelihood matches the generator's on {(Unseen ? $"{cases.Count} data sets" : "the public data set")} (within a float32 sum's rounding).", SheetRef);
    }

    /// <summary>The visible instance's data set: the notebook's parameters, 1,000 points drawn from the public seed.</summary>
    public static DataCase PublicCase(DataSet set)
    {
        var g = new Generator(PublicSeed);
        return set switch
        {
            DataSet.Gaussian => Gaussian(g, 1000, -1, 2),
            DataSet.Laplace => Laplace(g, 1000, 0, 1),
            _ => Mixture(g, 1000, 5, 4, 1),
        };
    }

    /// <summary>Data sets per run of the tutor's instance.</summary>
    public const int UnseenCases = 3;

    /// <summary>
    /// The tutor's instance's data sets of one run. For the mixture, K is even in one set (2, 4 or 6: the notebook's
    /// means −s(K−1)/2 … are then half-integers of s, which an integer division of K − 1 by 2 moves), odd in another
    /// (3, 5 or 7) and drawn freely on 2 … 7 in the third, in a drawn order; then one set per natural port of the
    /// notebook's <c>np.arange</c> (<see cref="ArangePort"/>), its (K, s) drawn as the others but kept only where that
    /// port's length is not K (rejection: 4–10 % of the pairs flip, so a few dozen draws), so a port that appends a
    /// (K+1)-th mean at some (K, s) meets such a pair in every run, not in 2 of 7.
    /// </summary>
    private IReadOnlyList<DataCase> DrawAll(Generator g)
    {
        if (_set != DataSet.LaplaceMixture) return Enumerable.Range(0, UnseenCases).Select(_ => Draw(g, 0)).ToList();
        int[] ks = [2 * (int)g.NextInt(1, 4), 2 * (int)g.NextInt(1, 4) + 1, (int)g.NextInt(2, 8)];
        for (var i = ks.Length - 1; i > 0; i--)
        {
            var j = (int)g.NextInt(0, i + 1);
            (ks[i], ks[j]) = (ks[j], ks[i]);
        }
        var cases = ks.Select(k => Draw(g, k)).ToList();
        foreach (var port in Enum.GetValues<ArangePort>()) cases.Add(DrawWhereArangeFlips(g, port));
        return cases;
    }

    /// <summary>
    /// The natural ports of the notebook's <c>np.arange(−s(K−1)/2, s((K−1)/2 + 1), s)</c> whose length is K only up to
    /// rounding: the interval holds exactly K steps of s, so where the rounded bound or sum lands a hair past it a
    /// (K+1)-th mean appears (and, rarely, one goes missing).
    /// </summary>
    public enum ArangePort
    {
        /// <summary>A loop <c>for (m = start; m &lt; stop; m += s)</c> in double: the float loop bound (K = 4, 6, 7 flip on 5–18 % of s).</summary>
        DoubleLoop,
        /// <summary>numpy's own length, ⌈(stop − start)/s⌉ in double (K = 3 … 7 flip on 2–12 % of s).</summary>
        LengthByCeiling,
        /// <summary>The loop in float32 (K = 4, 6, 7 flip on 7–25 % of s).</summary>
        FloatLoop,
    }

    /// <summary>The number of means <paramref name="port"/> makes for K = <paramref name="k"/> and spacing <paramref name="s"/> (K when it is right).</summary>
    public static int ArangeLength(ArangePort port, int k, double s)
    {
        double start = -s * (k - 1) / 2, stop = s * ((k - 1) / 2.0 + 1);
        int n = 0;
        switch (port)
        {
            case ArangePort.DoubleLoop:
                for (double m = start; m < stop && n <= k + 1; m += s) n++;
                return n;
            case ArangePort.LengthByCeiling:
                return (int)Math.Ceiling((stop - start) / s);
            default:
                float fs = (float)s, fstop = (float)stop;
                for (float m = (float)start; m < fstop && n <= k + 1; m += fs) n++;
                return n;
        }
    }

    /// <summary>A mixture data set whose (K, s), drawn as <see cref="Draw"/> draws them, is one where <paramref name="port"/>'s length flips.</summary>
    private static DataCase DrawWhereArangeFlips(Generator g, ArangePort port)
    {
        for (int attempt = 0; attempt < 100_000; attempt++)
        {
            int k = (int)g.NextInt(2, 8);
            double spacing = 1 + 5 * g.NextDouble();
            if (ArangeLength(port, k, spacing) == k) continue;
            int n = (int)g.NextInt(40, 1501);
            return Mixture(g, n, k, spacing, 0.3 + 1.7 * g.NextDouble());
        }
        throw new InvalidOperationException($"no (K, s) where the {port} port of np.arange flips in 100,000 draws (a grader defect)");
    }

    private DataCase Draw(Generator g, int k)
    {
        int n = (int)g.NextInt(40, 1501);
        return _set switch
        {
            DataSet.Gaussian => Gaussian(g, n, -4 + 8 * g.NextDouble(), 0.3 + 3 * g.NextDouble()),
            DataSet.Laplace => Laplace(g, n, -4 + 8 * g.NextDouble(), 0.3 + 2.7 * g.NextDouble()),
            _ => Mixture(g, n, k, 1 + 5 * g.NextDouble(), 0.3 + 1.7 * g.NextDouble()),
        };
    }

    private static readonly CaseClasses<DataCase> MixtureClasses = new(
        new CaseClass<DataCase>("even-component-count", "the means −s(K−1)/2 + i·s with (K − 1)/2 taken in integer division (right for odd K only)", c => c.K % 2 == 0),
        new CaseClass<DataCase>("odd-component-count", "a mixture centred for even K only (means shifted by s/2)", c => c.K % 2 == 1),
        new CaseClass<DataCase>("arange-flips-double-loop", "np.arange ported as a double loop with the float bound, a (K+1)-th mean at some (K, s)",
            c => ArangeLength(ArangePort.DoubleLoop, c.K, c.P1) != c.K),
        new CaseClass<DataCase>("arange-flips-length-by-ceiling", "np.arange's length ⌈(stop − start)/s⌉ in double, a (K+1)-th mean at some (K, s)",
            c => ArangeLength(ArangePort.LengthByCeiling, c.K, c.P1) != c.K),
        new CaseClass<DataCase>("arange-flips-float-loop", "np.arange ported as a float32 loop, a (K+1)-th mean at some (K, s)",
            c => ArangeLength(ArangePort.FloatLoop, c.K, c.P1) != c.K));

    private static readonly CaseClasses<DataCase> NoClasses = new();

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => (_set == DataSet.LaplaceMixture && Unseen ? MixtureClasses : NoClasses).All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Unseen
        ? (_set == DataSet.LaplaceMixture ? MixtureClasses : NoClasses).PresentIn(DrawAll(new CheckContext(_ => null, seed, "").NewGenerator(0x0DE5)))
        : new HashSet<string>();

    /// <summary>The generator's 'laplace' data: location <paramref name="loc"/>, scale <paramref name="scale"/> (P1, P2).</summary>
    private static DataCase Laplace(Generator g, int n, double loc, double scale) =>
        new(DataSet.Laplace, Enumerable.Range(0, n).Select(_ => (float)g.NextLaplace(loc, scale)).ToArray(), 1, loc, scale);

    private static DataCase Gaussian(Generator g, int n, double mean, double std) =>
        new(DataSet.Gaussian, Enumerable.Range(0, n).Select(_ => (float)(mean + std * g.NextNormal())).ToArray(), 1, mean, std);

    private static DataCase Mixture(Generator g, int n, int k, double spacing, double scale)
    {
        var means = Means(k, spacing);
        return new(DataSet.LaplaceMixture, Enumerable.Range(0, n).Select(_ => (float)g.NextLaplace(means[(int)g.NextInt(0, k)], scale)).ToArray(), k, spacing, scale);
    }

    /// <summary>The notebook's np.arange(−s(k−1)/2, s((k−1)/2 + 1), s): k means, s apart, centred on 0.</summary>
    public static double[] Means(int k, double spacing) => Enumerable.Range(0, k).Select(i => -spacing * (k - 1) / 2 + i * spacing).ToArray();

    /// <summary>The keys of the known wrong variants of each data set, as <see cref="ExpectedLogLikelihoodAnswer.Variants"/> names them.</summary>
    public static IReadOnlyList<string> VariantKeys(DataSet set) => set switch
    {
        DataSet.Gaussian => ["std-as-variance", "std-squared", "no-normaliser"],
        DataSet.Laplace => ["without-log-2", "scale-squared", "squared-distance"],
        _ => ["without-log-k", "nearest-component"],
    };

    private static string Explain(string key, DataCase c) => key switch
    {
        "std-as-variance" => $"Your value uses std where the variance std² belongs (it is log N(y; mean, variance = {F(c.P2)}) instead of variance = {F(c.P2 * c.P2)}): {GaussianEquation}.",
        "std-squared" => $"Your value uses std² where std belongs (it is log N(y; mean, variance = {F(c.P2 * c.P2 * c.P2 * c.P2)}) instead of variance = {F(c.P2 * c.P2)}): {GaussianEquation}.",
        "no-normaliser" => "Your value lacks the normalising constant −½·ln(2π·std²) of each log-density.",
        "without-log-2" => $"Your value lacks the ln 2 of the normaliser 2·scale: {LaplaceEquation}.",
        "scale-squared" => $"Your value uses scale² where scale belongs: {LaplaceEquation}.",
        "squared-distance" => $"Your value takes the squared distance (a Gaussian's) where the Laplace density has |y − loc|: {LaplaceEquation}.",
        "without-log-k" => "Your value lacks the mixture weight 1/k: log p(y) = log Σ_i (1/k)·Laplace(y; μ_i, b), so −ln k belongs to every log-density.",
        "nearest-component" => "Your value uses only the nearest component's density: the mixture's density sums all k components (log-sum-exp).",
        _ => "",
    };

    private const string GaussianEquation = "the sheet's Gaussian has log p(y) = −(y − mean)²/(2·std²) − ln std − ½·ln 2π, with std the standard deviation and std² the variance";

    private const string LaplaceEquation = "the Laplace density is exp(−|y − loc|/scale)/(2·scale), so log p(y) = −|y − loc|/scale − ln(2·scale)";

    private static string Diagnose(DataCase c, ExpectedLogLikelihoodAnswer answer, double seen, double tolerance)
    {
        var match = (answer.Variants ?? []).FirstOrDefault(v => VariantKeys(c.Set).Contains(v.Name) && Math.Abs(v.Value - seen) <= 2 * tolerance);
        return match is null ? "" : Explain(match.Name, c) + " ";
    }
}
