#!/usr/bin/env python3
"""PyTorch peer for the Grader.Tensors benchmark (Tests/Benchmarks).

The C# runner starts this script once and talks to it over stdin/stdout, one JSON object per line:
  -> {"cmd": "run", "workload": "W1", "seconds": 3.0}
  <- {"workload": "W1", "steps": 812, "seconds": 3.001, "steps_per_s": 270.6, "cpu_seconds": 2.98, "steps_per_cpu_s": 272.5}
so both sides are timed in alternating rounds in one run on the same machine. PyTorch runs single-threaded
(torch.set_num_threads(1); the runner also sets OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1).

Run with Debian's torch: `apt-get install python3-torch libopenblas0-pthread`, then `/usr/bin/python3`.
The five workloads mirror Tests/Benchmarks/Workloads/*.cs exactly (shapes, layers, optimiser, batch).
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)


def linear_betas(T):
    return torch.linspace(1e-4, 0.02, T, dtype=torch.float32)


def v_dataset(n_per_arm=4000):
    u = torch.rand(2 * n_per_arm, 1)
    ends = torch.cat([torch.tensor([[2.0, 3.0]]).repeat(n_per_arm, 1), torch.tensor([[-2.0, 3.0]]).repeat(n_per_arm, 1)])
    x = ends * (1 - u) + 0.1 * torch.randn(2 * n_per_arm, 2)
    return (x - x.mean(0)) / x.std(0)


class SinusoidalEmbedding(nn.Module):
    def __init__(self, dim=128):
        super().__init__()
        half = dim // 2
        self.register_buffer("freqs", torch.exp(-torch.arange(half, dtype=torch.float32) * math.log(10000.0) / (half - 1)))

    def forward(self, t):
        a = t.float().reshape(-1, 1) * self.freqs
        return torch.cat([torch.sin(a), torch.cos(a)], dim=1)


class HeidelbergNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.temb = SinusoidalEmbedding(128)
        self.xemb = nn.Linear(2, 128)
        dims = [256, 128, 64, 32, 16]
        layers = []
        for a, b in zip(dims[:-1], dims[1:]):
            layers += [nn.Linear(a, b), nn.ELU()]
        layers.append(nn.Linear(16, 2))
        self.mlp = nn.Sequential(*layers)

    def forward(self, x, t):
        return self.mlp(torch.cat([self.temb(t), self.xemb(x)], dim=1))


class W1:
    """Heidelberg V train step: T=250, batch 128, MSE, Adam 1e-3."""
    def __init__(self):
        self.T = 250
        b = linear_betas(self.T)
        ab = torch.cumprod(1 - b, 0)
        self.sab, self.s1mab = ab.sqrt(), (1 - ab).sqrt()
        self.data = v_dataset()
        self.net = HeidelbergNet()
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)

    def step(self):
        idx = torch.randint(0, self.data.shape[0], (128,))
        x0 = self.data[idx]
        t = torch.randint(0, self.T, (128,))
        eps = torch.randn_like(x0)
        xt = self.sab[t, None] * x0 + self.s1mab[t, None] * eps
        loss = ((self.net(xt, t) - eps) ** 2).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()


class W2:
    """Heidelberg reverse process: 1000 points through all 250 steps with the posterior variance, no grad."""
    def __init__(self):
        self.T = 250
        b = linear_betas(self.T).double()
        a = 1 - b
        ab = torch.cumprod(a, 0)
        abp = torch.cat([torch.ones(1, dtype=torch.float64), ab[:-1]])
        self.c0 = (b * abp.sqrt() / (1 - ab)).float()
        self.ct = ((1 - abp) * a.sqrt() / (1 - ab)).float()
        self.rs = (1 / ab).sqrt().float()
        self.rsm1 = (1 / ab - 1).sqrt().float()
        self.std = (b * (1 - abp) / (1 - ab)).clamp(min=1e-20).sqrt().float()
        self.net = HeidelbergNet()
        # As the reference sampler (HeidelbergEpsilonNetwork) does without grad and with one t for the batch: the first
        # layer split by its inputs, W_x·x_emb + (W_t·temb(t) + b), the bracket once per step (same arithmetic both sides).
        first = self.net.mlp[0]
        self.wt = first.weight[:, :128].t().contiguous()
        self.wx = first.weight[:, 128:].t().contiguous()
        self.b = first.bias
        self.rest = self.net.mlp[1:]

    def eps(self, x, t):
        bias = torch.addmm(self.b, self.net.temb(torch.tensor([t])), self.wt)
        return self.rest(torch.addmm(bias, self.net.xemb(x), self.wx))

    def step(self):
        with torch.no_grad():
            x = torch.randn(1000, 2)
            for t in range(self.T - 1, -1, -1):
                eps = self.eps(x, t)
                x0 = self.rs[t] * x - self.rsm1[t] * eps
                mean = self.c0[t] * x0 + self.ct[t] * x
                x = mean + (self.std[t] * torch.randn_like(x) if t > 0 else 0)


class W3:
    """DTU train step: T=1000, FcNetwork [x, t/T] 3->64->64->2 ReLU, batch 10000, Adam 1e-3."""
    def __init__(self):
        self.T = 1000
        ab = torch.cumprod(1 - linear_betas(self.T), 0)
        self.sab, self.s1mab = ab.sqrt(), (1 - ab).sqrt()
        self.net = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        self.n = 10000

    def step(self):
        x = torch.rand(self.n, 2) * 2 - 1
        t = torch.randint(0, self.T, (self.n, 1))
        eps = torch.randn_like(x)
        xt = self.sab[t] * x + self.s1mab[t] * eps
        pred = self.net(torch.cat([xt, t.float() / self.T], dim=1))
        loss = ((eps - pred) ** 2).sum(1).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()


class W4:
    """Copenhagen ODE train step: drift MLP [x,t] 2->64->64->64->1 tanh, exact log-likelihood by RK4 backwards over
    linspace(0,1,100), df/dx by autograd with create_graph, batch 125, Adam 1e-2."""
    def __init__(self):
        self.f = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
        self.opt = torch.optim.Adam(self.f.parameters(), lr=1e-2)
        self.ts = torch.linspace(0, 1, 100)
        k = torch.randint(0, 5, (125, 1)).float()
        self.y = (k - 2) * 4 + torch.distributions.Laplace(0.0, 1.0).sample((125, 1))

    def F(self, x, t):
        with torch.enable_grad():
            if not x.requires_grad:
                x = x.requires_grad_()
            fx = self.f(torch.cat([x, t.expand_as(x)], dim=1))
            dfdx = torch.autograd.grad(fx.sum(), x, create_graph=True)[0]
        return fx, -dfdx

    def step(self):
        x = self.y.clone().requires_grad_()
        lp = torch.zeros_like(x)
        for i in range(len(self.ts) - 1, 0, -1):
            t0, t1 = self.ts[i], self.ts[i - 1]
            h = t1 - t0
            k1x, k1l = self.F(x, t0.reshape(1, 1))
            k2x, k2l = self.F(x + 0.5 * h * k1x, (t0 + 0.5 * h).reshape(1, 1))
            k3x, k3l = self.F(x + 0.5 * h * k2x, (t0 + 0.5 * h).reshape(1, 1))
            k4x, k4l = self.F(x + h * k3x, t1.reshape(1, 1))
            x = x + h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x)
            lp = lp + h / 6 * (k1l + 2 * k2l + 2 * k3l + k4l)
        # lp accumulated d(log p)/dt = -df/dx backwards in time: log p(y) = log p0(x0) - lp
        logp0 = -0.5 * x ** 2 - 0.5 * math.log(2 * math.pi)
        loss = -(logp0 - lp).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()


class W5:
    """INN train step: 8 affine coupling blocks on 3 features (split 2|1, subnet 2->512->2 ReLU, soft clamp
    s = 2 tanh(a_s/2) with a = 0.1 subnet(x1)), a fixed random rotation after each; batch 1024, Adam 1e-3."""
    def __init__(self):
        g = torch.Generator().manual_seed(1)
        self.subnets = nn.ModuleList([nn.Sequential(nn.Linear(2, 512), nn.ReLU(), nn.Linear(512, 2)) for _ in range(8)])
        self.rots = [torch.linalg.qr(torch.randn(3, 3, generator=g))[0] for _ in range(8)]
        self.opt = torch.optim.Adam(self.subnets.parameters(), lr=1e-3)
        self.x = torch.randn(1024, 3)

    def step(self):
        z, logdet = self.x, torch.zeros(1024)
        for net, R in zip(self.subnets, self.rots):
            x1, x2 = z[:, :2], z[:, 2:]
            a = 0.1 * net(x1)
            s = 2.0 * torch.tanh(a[:, :1] / 2.0)
            x2 = x2 * torch.exp(s) + a[:, 1:]
            logdet = logdet + s.sum(1)
            z = torch.cat([x1, x2], dim=1) @ R.T
        loss = (0.5 * (z ** 2).sum(1) - logdet).mean() / 3
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()


WORKLOADS = {"W1": W1, "W2": W2, "W3": W3, "W4": W4, "W5": W5}


def main():
    instances = {}
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        msg = json.loads(line)
        if msg.get("cmd") == "quit":
            break
        name = msg["workload"]
        if name not in instances:
            instances[name] = WORKLOADS[name]()
            instances[name].step()  # warm-up
        w = instances[name]
        budget = float(msg.get("seconds", 2.0))
        steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
        while True:
            w.step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= budget:
                break
        cpu = time.process_time() - cpu_start  # CPU time of the whole process (all threads), to compare under load
        print(json.dumps({"workload": name, "steps": steps, "seconds": elapsed, "steps_per_s": steps / elapsed,
                          "cpu_seconds": cpu, "steps_per_cpu_s": steps / cpu if cpu > 0 else 0.0}), flush=True)


if __name__ == "__main__":
    main()
