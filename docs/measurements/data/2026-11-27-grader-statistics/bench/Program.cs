using System.Diagnostics;
using Grader.Metrics;
// usage: bench <hand-ins> ; prints each hand-in's MMD and energy bits, and the process CPU of the loop
int handins = int.Parse(args[0]);
double[,] Gaussian(int n, int seed, double mean, double std)
{
    var rng = new Random(seed); var r = new double[n, 2];
    for (var i = 0; i < n; i++) for (var k = 0; k < 2; k++)
        r[i, k] = mean + std * Math.Sqrt(-2 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    return r;
}
var y = Gaussian(2000, 1, 0, 1);
var xs = Enumerable.Range(0, handins).Select(h => Gaussian(2000, 100 + h, 0.02 * (h % 5), 1 + 0.05 * (h % 3))).ToArray();
if (args.Length > 2)
{
    // hostile shapes: collapsed onto a few points, a tiny cluster, far off, a V of two arms, exact copies of y, rounded coordinates (ties)
    var extra = new List<double[,]>();
    var rng = new Random(5);
    double[,] Map(Func<int, (double, double)> f) { var r = new double[2000, 2]; for (var i = 0; i < 2000; i++) (r[i, 0], r[i, 1]) = f(i); return r; }
    extra.Add(Map(i => (i % 5, -(i % 5))));
    extra.Add(Map(i => (1e-9 * rng.NextDouble(), 1e-9 * rng.NextDouble())));
    extra.Add(Map(i => (1e3 + rng.NextDouble(), -1e3 + rng.NextDouble())));
    extra.Add(Map(i => { var t = rng.NextDouble(); var arm = i % 2 == 0 ? 1 : -1; return (arm * 2 * t + 0.05 * rng.NextDouble(), 3 * t + 0.05 * rng.NextDouble()); }));
    extra.Add((double[,])y.Clone());
    extra.Add(Map(i => (Math.Round(y[i, 0], 1), Math.Round(y[i, 1], 1))));
    extra.Add(Map(i => (Math.Round(3 * rng.NextDouble()), Math.Round(3 * rng.NextDouble()))));
    xs = [.. xs, .. extra];
}
// warm-up on other data (JIT tiers), not counted
for (var w = 0; w < 3; w++) { Mmd.UnbiasedSquared(Gaussian(2000, 7 + w, 0, 1), Gaussian(2000, 9 + w, 0, 1)); EnergyDistance.UnbiasedSquared(Gaussian(2000, 7 + w, 0, 1), Gaussian(2000, 9 + w, 0, 1)); }
var p = Process.GetCurrentProcess(); p.Refresh();
var cpu0 = p.TotalProcessorTime; var sw = Stopwatch.StartNew();
var lines = new List<string>();
foreach (var x in xs)
{
    var mmd = Mmd.UnbiasedSquared(x, y);
    var energy = EnergyDistance.UnbiasedSquared(x, y);
    lines.Add($"{BitConverter.DoubleToInt64Bits(mmd):X16} {BitConverter.DoubleToInt64Bits(energy):X16} {mmd:R} {energy:R}");
}
p.Refresh();
var cpu = (p.TotalProcessorTime - cpu0).TotalSeconds;
File.WriteAllLines(args[1], lines);
Console.WriteLine($"cpu {cpu:F3} s  per hand-in {cpu / xs.Length * 1000:F1} ms  wall {sw.Elapsed.TotalSeconds:F2} s");
