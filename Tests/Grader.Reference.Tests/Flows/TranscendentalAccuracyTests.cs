namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The assumption behind <see cref="DoubleInn"/>'s float32 bounds: the engine's exp, tanh, log and softplus (β = 0.5)
/// are within 8u·|f(x)| (4 ulps) of the exact value, measured on a dense sweep of the ranges an INN meets.
/// </summary>
public sealed class TranscendentalAccuracyTests
{
    private static void Sweep(string name, double lo, double hi, Func<Tensor, Tensor> engine, Func<double, double> exact, bool logSpaced = false)
    {
        const int n = 200_001;
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / (n - 1);
            x[i] = (float)(logSpaced ? Math.Exp(Math.Log(lo) + t * (Math.Log(hi) - Math.Log(lo))) : lo + t * (hi - lo));
        }
        var y = engine(tensor(x, n)).ToArray();
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            double e = exact(x[i]);
            if (e == 0) continue;
            worst = Math.Max(worst, Math.Abs(y[i] - e) / (Math.Abs(e) * DoubleInn.U));
        }
        TestContext.Out.WriteLine($"{name}: largest error {worst:F2} u·|f(x)|");
        worst.Should().BeLessThanOrEqualTo(DoubleInn.T / DoubleInn.U, name);
    }

    [Test]
    public void Exp_tanh_log_and_softplus_are_within_four_ulps()
    {
        Sweep("exp", -20, 20, t => t.exp(), Math.Exp);
        Sweep("tanh", -10, 10, t => t.tanh(), Math.Tanh);
        Sweep("log", 1e-6, 1e6, t => t.log(), Math.Log, logSpaced: true);
        Sweep("softplus β=0.5", -40, 40, t => t.softplus(beta: 0.5f), v => 2 * (Math.Max(v / 2, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v / 2)))));
    }
}
