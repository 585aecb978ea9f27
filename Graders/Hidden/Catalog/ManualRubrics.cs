using Grader.Checks.Catalog;

namespace Grader.Checks.Hidden.Catalog;

/// <summary>
/// The tutor's rubric of every manual item of the course catalog: the sheet's marking scheme, or what a full answer
/// contains (often the answer itself). The catalog ships to students as source (<c>grader assign</c>), so its manual
/// items carry only their ids and points; <see cref="TutorCatalog.Default"/> joins these texts to them, and
/// <c>grader rubric export</c> writes them for the tutor.
/// </summary>
public static class ManualRubrics
{
    /// <summary>Heidelberg exercise 1 (a)–(e), the same text on sheets 000 and 001: the part's id after the sheet, the item, the rubric.</summary>
    private static readonly (string Part, string Item, string Rubric)[] HeidelbergExerciseOne =
    [
        ("1a/train-and-sample", "noise-scatter",
            "Scatter plots of true versus predicted noise, one per data dimension, coloured by the diffusion time step, with a comment on where the prediction is good (large t, where x_t is mostly noise) and where it is poor (small t)."),
        ("1a/train-and-sample", "trajectory-frames",
            "The backward trajectory of 1000 samples: the first, the last and two intermediate frames, from Gaussian noise to the V."),
        ("1b/interpolation", "trajectory-plot",
            "The backward trajectory of the 500 interpolated latents, neighbouring points connected."),
        ("1b/interpolation", "explain",
            "Explain the result: the reverse process adds independent noise to every sample at every step, so neighbouring latents end at unrelated points of the V and the connected line is a tangle, not a path along the data."),
        ("1c/same-noise", "repeat",
            "Repeats (b) with the shared noise: the trajectory plot, and that neighbouring latents now stay neighbours, so the interpolation becomes a continuous path."),
        ("1d/ddim", "visualise",
            "The DDIM reverse process shown on 1000 samples as in (a) and on the interpolation from (b)."),
        ("1d/ddim", "compare",
            "Compares with the stochastic and the shared-noise samplers: DDIM is deterministic, so trajectories are smooth and the interpolation stays ordered; says how the sample quality compares."),
        ("1e/second-interpolation", "expected",
            "The three trajectories for the new interpolation, and whether the result is as expected: where the path goes from one arm of the V to the other and whether points land off the data in between (the segment passes through the origin, an atypical latent for N(0, I))."),
        ("1e/second-interpolation", "improve",
            "An idea to improve the interpolation, e.g. spherical interpolation (slerp) that keeps the latents at a typical norm."),
    ];

    /// <summary>The rubric of each manual item, by task id and item id.</summary>
    public static IReadOnlyDictionary<(string Task, string Item), string> Texts { get; } = Build();

    /// <summary><paramref name="catalog"/> with every manual item's rubric from <see cref="Texts"/> (an item without one keeps none).</summary>
    public static CourseCatalog Join(CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.WithManualItems((t, m) => Texts.TryGetValue((t.Id, m.Id), out var text) ? m with { Rubric = text } : m);
    }

    private static Dictionary<(string Task, string Item), string> Build()
    {
        var texts = new Dictionary<(string Task, string Item), string>
        {
            // Sheet 000.
            [("000/2a/flow-loss", "derivation")] =
                "Change of variables, log p(x) = log p_z(f(x)) + log|det ∂f/∂x|, so the loss is the negative log-likelihood −log p_z(f(x)) − log|det J| (½‖z‖² − log|det J| + const for a standard normal latent).",
            [("000/2b/inn-jacobian", "explain")] =
                "Coupling blocks split the input and transform one half conditioned on the other, so the Jacobian is triangular: its log-determinant is the sum of the log-scales, O(n); the permutations between blocks have |det| = 1.",
            [("000/2c/inn-training", "distributions")] =
                "Histograms of the generated events against the data (the observables of sheet 9) with a comment on where they agree and where not.",
            [("000/2d/inn-likelihoods", "top-likelihood-plot")] =
                "Distributions of the 10% events with the largest likelihood, with a comment on where they lie.",
            [("000/3a/loss-functions", "answer")] =
                "(i) Regression: e.g. mean squared error; (ii) classification: e.g. cross-entropy; named, with the setting each fits.",
            [("000/3b/autodiff-modes", "answer")] =
                "Forward mode carries derivatives from the inputs along with the values (one pass per input direction); reverse mode records the graph and propagates adjoints from the output back (one pass per output). Backpropagation is reverse mode.",
            [("000/3c/supervised-unsupervised", "answer")] =
                "Supervised methods learn from labelled pairs (x, y), e.g. a classifier; unsupervised methods from x alone, e.g. clustering, density estimation or a generative model.",
            [("000/3d/point-clouds", "answer")] =
                "A set of points (e.g. particles or hits with features) of variable size and no natural order; challenges: permutation invariance, variable cardinality, sparsity; an architecture: e.g. Deep Sets / PointNet, graph networks or transformers.",
            [("000/3e/generative-losses", "answer")] =
                "Three architectures with their basic losses, e.g. VAE (negative ELBO: reconstruction + KL), GAN (the min–max binary cross-entropy), normalizing flow (negative log-likelihood with the log-determinant), diffusion (ε-prediction MSE).",

            // Sheet 001.
            [("001/1f/image-data", "model-and-training")] =
                "The model adapted to images (e.g. a convolutional ε-network) and trained on MNIST or CIFAR10.",
            [("001/1f/image-data", "figures")] =
                "The experiments of (a)–(e) repeated on the images, with figures (samples, interpolation rows, DDIM) and their discussion.",
            [("001/2/multi-head-attention", "demonstration")] =
                "The conversation with ChatGPT and a demonstration (tests) that the layer runs.",
            [("001/3/ml-in-your-life", "answer")] =
                "Which methods are planned (or were used) for which problem, and in which context.",
            [("001/4a/subspace-method", "method")] =
                "A method, distinct from subspace diffusion (Jing et al. 2022), that lets a diffusion model work between spaces of unequal dimensionality, described well enough to implement.",
            [("001/4b/subspace-implementation", "implementation")] =
                "An implementation of the approach of (a), shown to run, with results.",
            [("001/4c/paper-draft", "draft")] =
                "A paper draft on the method of (a) and (b).",

            // Sheet 002.
            [("002/p1a/rank-one-sigmoid-flow", "justification")] =
                "✓ for providing a reason why it is not invertible (A = aᵀa has rank 1, det A = 0).",
            [("002/p1b/polynomial-flow", "justification")] =
                "✓ for providing a reason (counter example) why it is not invertible: x₁ → −x₁ gives the same z, explained.",
            [("002/p1c/volume-preserving", "volume-preserving")] =
                "✓ for pointing out it is volume preserving (need not be named) by using the change of variable formula: p₂(x) = p₁(f⁻¹(x))·1, so the flow cannot change the density's shape.",
            [("002/p2a/standard-log-normal", "derivation")] =
                "✓ for stating that the cdfs have to match. ✓ for writing out both cdfs. ✓ for matching the arguments of the error functions.",
            [("002/p2b/log-normal-affine", "derivation")] =
                "✓ for stating that the cdfs have to match. ✓ for writing out both cdfs. ✓ for matching the arguments of the error functions. ✓ for solving the equation for a.",
            [("002/p2c/log-normal-reparametrisation", "composition")] =
                "✓ for composing the two transformations (alternatively, solved like a) and b): ✓ for the correct derivation).",
            [("002/p2d/log-normal-prior", "rubric")] =
                "✓ for recognizing that p(z) and q_φ(z) have different support. ✓ for concluding that the KL divergence is infinite. ✓ for parametrizing q_φ(z) as log-normal instead. ✓ for stating that reparametrization is needed and for proposing (or referring to) the procedure of c) (mentioning it is enough).",
            [("002/p3a/gan-objective", "e1")] =
                "✓ for explaining the meaning of E₁: it rewards the discriminator for recognizing samples from the data distribution.",
            [("002/p3a/gan-objective", "e2")] =
                "✓ for explaining the meaning of E₂: it rewards the discriminator for rejecting generated samples and the generator for fooling the discriminator.",
            [("002/p3a/gan-objective", "adversarial")] =
                "✓ for explaining what is adversarial: discriminator and generator optimize the same objective in opposite directions (−✓ if the explanation is non-technical or not related to the training objective, e.g. \"the generator tries to fool the discriminator\").",
            [("002/p3b/jensen-shannon", "change-of-expectation")] =
                "✓ for replacing E_{p(z)} with E_{p_θ(x)} according to the second hint.",
            [("002/p3b/jensen-shannon", "derivation")] =
                "Two of the ✓✓✓ for transforming (3.3) into (3.7), the steps to JSD(p*, p_θ) − log 2 (the third, the constant c = −log 2, is checked).",
            [("002/p4a/why-elbo", "intractable")] =
                "✓ for saying that the data log-likelihood is intractable.",
            [("002/p4a/why-elbo", "marginalisation")] =
                "✓ for stating that the reason is marginalizing the latents z₁, …, z_N.",
            [("002/p4b/beta-above-one", "where")] =
                "✓ for pointing out where exactly it fails: α_n = 1 − β_n < 0, so ᾱ_n changes sign and sampling z_n ~ q(z_n | x₀) takes the square root of a negative number.",
            [("002/p4c/beta-equal-one", "where")] =
                "✓ for pointing out where exactly it fails: α_n = 0, so ᾱ_{n′} = 0 for n′ ≥ n and all information of x₀ is lost from step n on; sampling divides by √ᾱ_n = 0 when estimating x₀ from z_n.",
            [("002/p4d/invalid-schedules", "reasons")] =
                "✓ for identifying the reason for schedule 2 (β₁ = 1 − 1/1 = 0). ✓ for identifying the reason for schedule 4 (β_n ≤ 0).",

            // Sheet 003.
            [("003/1.1/ode-equations", "equations")] =
                "x₀ ~ p₀ (standard normal), dx = f(x, t) dt on t ∈ [0, 1], y = x₁; log p(y) = log p₀(x₀) − ∫₀¹ ∂f/∂x(x_t, t) dt with x_t integrated backwards from x₁ = y; the objective is the mean log-likelihood of the data. Just the equations.",
            [("003/1.2/ode-program", "parts")] =
                "Each used part of the notebook in 1–2 sentences (data generator with its true expected log-likelihood, drift network f(x, t), integrators, the augmented state [x, log p] integrated backwards, training loop, sampling and plots), related to the equations of 1.1; unused code not described.",
            [("003/1.3/ode-gaussian-data", "report")] =
                "The training data's distribution and parameters as the generator sets them (a Gaussian); the plot, included and described; whether the model learns the task; the true expected log-likelihood and the final one, whether they are close and whether that agrees with the plotted densities.",
            [("003/1.4/ode-laplace-mixture", "report")] =
                "The same report as 1.3 for the Laplace mixture, an attempt at a better drift network, and the effect of the integrator (e.g. that an Euler-trained model can report a likelihood above the true value, a discretisation artefact that RK4 evaluation exposes).",
            [("003/1.5/ode-complexity", "answer")] =
                "The log-likelihood costs O(T) evaluations of the drift and its derivative (four per step for rk4); backpropagation through the solver is also O(T) in time and keeps O(T) intermediate states in memory (unless an adjoint method is used).",
            [("003/2.1/sde-equations", "equations")] =
                "x₀ ~ N(0, 1), dx = f(x, t) dt + σ(x, t) dW, y ~ N(x₁, β²); the variational marginals q_t(x_t | y) = N(α(y, t), β(y, t)²); the ELBO: the reconstruction term, the prior term at t = 0 and −½ ∫₀¹ E[(f − g)²/σ²] dt. Just the equations.",
            [("003/2.2/sde-program", "parts")] =
                "The parts not already in the ODE notebook (the networks for α, β, f and σ, the drift g implied by q_t, the ELBO with a random t per example, Euler–Maruyama sampling) in 1–2 sentences each, related to the equations of 2.1.",
            [("003/2.3/sde-training", "report")] =
                "The plot, included and described; the true expected log-likelihood from the generator and the final ELBO.",
            [("003/2.4/sde-parameterisation", "report")] =
                "Other parameterisations of q_t (α, β) and of f and σ (e.g. those given in the notebook) tried, with the changes seen in the ELBO and in the sample paths.",
            [("003/2.5/sde-versus-ode", "answer")] =
                "The ELBO values against the ODE log-likelihoods (a lower bound, so not above the exact likelihood in expectation), a judgement of the visual fit, and the reason for the larger fluctuation: the objective is a Monte Carlo estimate with a random t (and x_t) per example.",
            [("003/2.6/sde-complexity", "answer")] =
                "Simulation-free: no integration of the SDE, so a training step costs a constant number of network evaluations per example, independent of the number of time steps, against O(T) for the ODE likelihood and its backpropagation.",

            // Sheet 004.
            [("004/3.1/forward-becomes-standard-normal", "proof")] =
                "ᾱ_T = ∏(1 − β_s) → 0 as T → ∞ (e.g. ᾱ_T ≤ (1 − β₁)^T since every β_s ≥ β₁ > 0), so the mean √ᾱ_T·x → 0 and the covariance (1 − ᾱ_T)I → I.",
            [("004/3.2/elbo-derivation", "derivation")] =
                "Every step from eq. (17) to eq. (22) explained: the Markov property of q, Bayes' rule to write q(x_t | x_{t−1}) through q(x_{t−1} | x_t, x₀), the telescoping log-ratios, and the grouping into the KL terms L_T, L_{t−1} and L₀.",
            [("004/3.3/kl-term", "derivation")] =
                "The KL divergence of two Gaussians with covariances β̃_t I and σ_t² I: the terms with only the variances do not depend on θ, leaving ‖μ̃(z_t, x) − μ_θ(z_t, t)‖²/(2σ_t²) + C, written as the expectation of eq. (8).",
            [("004/3.4/toy-data", "chequerboard-architecture")] =
                "An attempt to improve the Chequerboard fit by changing the network architecture, with the result.",
            [("004/3.4/toy-data", "compare-flow")] =
                "A qualitative comparison of the DDPM with the week-2 flow on both toy data sets.",
            [("004/3.5/mnist", "fully-connected")] =
                "Whether a DDPM with a fully connected network learns MNIST, against the U-Net, with samples shown.",
            [("004/3.5/mnist", "compare")] =
                "A qualitative comparison of the DDPM samples with those of the VAE and the flow of weeks 1 and 2.",
        };
        foreach (var sheet in new[] { "000", "001" })
            foreach (var (part, item, rubric) in HeidelbergExerciseOne)
                texts.Add(($"{sheet}/{part}", item), rubric);
        return texts;
    }
}
