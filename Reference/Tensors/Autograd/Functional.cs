#pragma warning disable IDE1006, CS8981 // PyTorch's lower-case names are the point of this facade.
namespace Grader.Tensors;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>Higher-level autograd (torch.autograd.functional): whole Jacobians of a function at a point.</summary>
        public static class functional
        {
            /// <summary>
            /// The Jacobian of <paramref name="func"/> at <paramref name="inputs"/> (torch.autograd.functional.jacobian),
            /// of shape output.shape + input.shape: J[i…, j…] = ∂output[i…]/∂input[j…], one reverse pass per output element.
            /// The function sees a detached copy of the input, unless <paramref name="create_graph"/> is set and the input
            /// requires grad; with <paramref name="create_graph"/> the Jacobian is itself differentiable (in the input and in
            /// any parameter the function uses), e.g. for a loss on slogdet(J). An output that does not depend on the input
            /// gives zeros (PyTorch's strict=False). Runs with grad mode on, also inside no_grad.
            /// </summary>
            public static Tensor jacobian(Func<Tensor, Tensor> func, Tensor inputs, bool create_graph = false) =>
                Jacobian(xs => func(xs[0]), [inputs], create_graph)[0];

            /// <summary>The Jacobians of a function of several inputs, one per input (shape output.shape + that input's shape).</summary>
            public static Tensor[] jacobian(Func<Tensor[], Tensor> func, Tensor[] inputs, bool create_graph = false) =>
                Jacobian(func, inputs, create_graph);

            private static Tensor[] Jacobian(Func<Tensor[], Tensor> func, Tensor[] inputs, bool createGraph)
            {
                using var _ = GradMode.Set(true);
                var leaves = inputs.Select(x => createGraph && x.requires_grad ? x : x.detach().requires_grad_()).ToArray();
                var y = func(leaves) ?? throw new ArgumentException("autograd.functional.jacobian: the function returned null");
                int m = y.numel();
                var jacobianShapes = leaves.Select(x => y.Shape.Concat(x.Shape).ToArray()).ToArray();
                foreach (var shape in jacobianShapes) ShapeUtil.Numel(shape, "autograd.functional.jacobian");
                if (!y.requires_grad) return jacobianShapes.Select(s => zeros(s)).ToArray();

                var rows = leaves.Select(_ => new Tensor[m]).ToArray();
                for (int i = 0; i < m; i++)
                {
                    var seed = new float[m];
                    seed[i] = 1f;
                    var g = Engine.Grad([y], leaves, [Tensor.FromArray(seed, y.shape)], createGraph, allowUnused: true);
                    for (int k = 0; k < leaves.Length; k++) rows[k][i] = g[k] ?? zeros_like(leaves[k]);
                }
                var result = new Tensor[leaves.Length];
                using (GradMode.Set(createGraph))
                    for (int k = 0; k < leaves.Length; k++)
                        result[k] = m == 0 ? zeros(jacobianShapes[k]) : stack(rows[k]).reshape(jacobianShapes[k]);
                return result;
            }
        }
    }
}
