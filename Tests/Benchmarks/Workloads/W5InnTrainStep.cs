namespace Grader.Benchmarks.Workloads;

/// <summary>
/// W5 — INN train step (workloads.py class W5; Heidelberg sheet 10 ex. 2 with FrEIA's AllInOneBlock coupling,
/// seed-origins §2): 8 affine coupling blocks on 3 features, split [2 | 1], subnet 2→512→2 with ReLU,
/// a = 0.1·subnet(x₁), s = 2·tanh(a_s/2), x₂' = x₂·exp(s) + a_t, a fixed random rotation after each block;
/// batch 1024, Adam 1e-3, loss mean(½‖z‖² − log det J)/3. The model lives only here until the INN reference lands.
/// </summary>
public sealed class W5InnTrainStep : IWorkload
{
    private const int Blocks = 8;
    private const int Batch = 1024;
    private readonly Sequential[] _subnets = new Sequential[Blocks];
    private readonly Tensor[] _rots = new Tensor[Blocks];
    private readonly Adam _opt;
    private readonly Tensor _x;

    public W5InnTrainStep()
    {
        var g = new Generator(1);
        for (int i = 0; i < Blocks; i++) _subnets[i] = nn.Sequential(nn.Linear(2, 512, g), nn.ReLU(), nn.Linear(512, 2, g));
        for (int i = 0; i < Blocks; i++) _rots[i] = Orthonormalise(randn([3, 3], g));
        _opt = optim.Adam(_subnets.SelectMany(s => s.parameters()), lr: 1e-3);
        _x = randn([Batch, 3], new Generator(0));
        Step();
    }

    /// <summary>Q of A = QR by Gram–Schmidt on the columns (what torch.linalg.qr gives, up to the signs of the columns).</summary>
    private static Tensor Orthonormalise(Tensor a)
    {
        int n = a.size(0);
        var q = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = a[i, j];
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i, k] * v[i];
                for (int i = 0; i < n; i++) v[i] -= dot * q[i, k];
            }
            double norm = Math.Sqrt(v.Sum(e => e * e));
            for (int i = 0; i < n; i++) q[i, j] = v[i] / norm;
        }
        return tensor(q);
    }

    public void Step()
    {
        using var scope = memory_scope();   // the step's tensors return to the pool at its end, as in the reference Trainer
        var z = _x;
        var logdet = zeros(Batch);
        for (int b = 0; b < Blocks; b++)
        {
            var x1 = z.slice(1, 0, 2);
            var x2 = z.slice(1, 2, 3);
            var a = 0.1f * _subnets[b].forward(x1);
            var s = 2f * (a.slice(1, 0, 1) / 2f).tanh();
            x2 = x2 * s.exp() + a.slice(1, 1, 2);
            logdet = logdet + s.sum(1);
            z = cat([x1, x2], dim: 1).matmul(_rots[b].T);
        }
        var loss = (0.5f * z.pow(2).sum(1) - logdet).mean() / 3;
        _opt.zero_grad();
        loss.backward();
        _opt.step();
    }
}
