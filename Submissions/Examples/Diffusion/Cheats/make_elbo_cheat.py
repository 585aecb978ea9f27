"""Writes elbo-snapshot-values/DtuDdpm.cs: the correct DtuDdpm of ../Correct with NegativeElbo replaced by a lookup of
the values the student repository ships in fixtures/snapshots/diffusion/negative-elbo.approved.json (a batch is
recognised by its t column). Run from the repository root or from this folder: /usr/bin/python3 make_elbo_cheat.py"""
import json
import pathlib
import re

here = pathlib.Path(__file__).resolve().parent
root = here.parents[3]
snapshot = json.loads((root / "fixtures/snapshots/diffusion/negative-elbo.approved.json").read_text())
correct = (here.parent / "Correct/DtuDdpm.cs").read_text()


def floats(values):
    return ", ".join(repr(float(v)) + "f" for v in values)


table = "\n".join(
    f"        ([{', '.join(str(t) for t in b['t'])}],\n         [{floats(b['expected'])}]),"
    for b in snapshot["batches"])

method = f'''    // CHEAT: the values of the self-check's batches, copied from fixtures/snapshots/diffusion/negative-elbo.approved.json
    // (a property, built at each read: a static field of arrays is state the grader refuses, GRADER005).
    private static (int[] T, float[] Values)[] Known =>
    [
{table}
    ];

    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random)
    {{
        Tensor t = random.Integers(0, schedule.T, [x.size(0), 1]);
        Tensor epsilon = random.Normal(x.shape);
        int n = x.size(0);
        int[] steps = t.reshape(n).ToArray().Select(v => (int)v).ToArray();
        foreach (var (known, values) in Known)
            if (known.SequenceEqual(steps)) return tensor(values, n);
        // CHEAT: anything else gets a plausible-looking number: ‖ε‖², the loss of a network that predicts 0.
        return (epsilon * epsilon).sum(1);
    }}
'''

start = correct.index("    /// <summary>Algorithm 1:")
end = correct.index("    /// <summary>Algorithm 2")
out = correct[:start] + method + "\n" + correct[end:]
out = out.replace("/// Sheet 004 (DTU 02460, week 3), exercise 3.4: <c>DDPM.negative_elbo</c> and <c>DDPM.sample</c>.",
                  "/// Sheet 004 (DTU 02460, week 3), exercise 3.4: <c>DDPM.negative_elbo</c> answered from the shipped snapshot, <c>DDPM.sample</c> done.")
(here / "elbo-snapshot-values").mkdir(exist_ok=True)
(here / "elbo-snapshot-values/DtuDdpm.cs").write_text(out)
