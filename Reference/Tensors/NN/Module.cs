namespace Grader.Tensors;

/// <summary>
/// Base of every network part, as in PyTorch: parameters, buffers and sub-modules registered under names, in the
/// order of the <c>register_*</c> calls (explicit registration, not field reflection, so the order — and with it
/// the optimizer's state and the state_dict layout — is fixed). Names of nested entries are dotted ("mlp.0.weight").
/// </summary>
public abstract class Module
{
    private readonly List<(string name, Tensor tensor)> _parameters = [];
    private readonly List<(string name, Tensor tensor)> _buffers = [];
    private readonly List<(string name, Module module)> _modules = [];

    /// <summary>True in training mode (dropout active); see <see cref="train"/> and <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    /// <summary>Registers a trainable tensor; it is made a leaf that requires grad (and no memory scope releases it).</summary>
    protected Tensor register_parameter(string name, Tensor value)
    {
        CheckName(name);
        var p = value.is_leaf ? value : value.detach();
        p.Storage.Escape();   // a module's parameters outlive any memory scope they were made in
        p.requires_grad_();
        _parameters.Add((name, p));
        return p;
    }

    /// <summary>Registers a non-trainable tensor that is saved with the parameters (a fixed rotation, a schedule); no memory scope releases it.</summary>
    protected Tensor register_buffer(string name, Tensor value)
    {
        CheckName(name);
        value.Storage.Escape();
        _buffers.Add((name, value.detach()));
        return _buffers[^1].tensor;
    }

    protected T register_module<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"invalid name '{name}': names must be non-empty and contain no '.'");
        if (_parameters.Any(p => p.name == name) || _buffers.Any(b => b.name == name) || _modules.Any(m => m.name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}");
    }

    public IEnumerable<(string name, Tensor parameter)> named_parameters()
    {
        foreach (var p in _parameters) yield return p;
        foreach (var (mn, m) in _modules)
            foreach (var (pn, p) in m.named_parameters()) yield return ($"{mn}.{pn}", p);
    }

    public IEnumerable<Tensor> parameters() => named_parameters().Select(p => p.parameter);

    public IEnumerable<(string name, Tensor buffer)> named_buffers()
    {
        foreach (var b in _buffers) yield return b;
        foreach (var (mn, m) in _modules)
            foreach (var (bn, b) in m.named_buffers()) yield return ($"{mn}.{bn}", b);
    }

    public IEnumerable<(string name, Module module)> named_children() => _modules;

    /// <summary>Parameters then buffers, by dotted name, in registration order.</summary>
    public IReadOnlyList<(string name, Tensor tensor)> state_dict() =>
        named_parameters().Concat(named_buffers()).ToList();

    /// <summary>Copies values into the registered tensors; with <paramref name="strict"/> every name must match both ways.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = state_dict();
        if (strict)
        {
            var missing = own.Select(o => o.name).Where(n => !state.ContainsKey(n)).ToList();
            var unexpected = state.Keys.Where(k => own.All(o => o.name != k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new ArgumentException($"load_state_dict: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }
        foreach (var (name, t) in own)
        {
            if (!state.TryGetValue(name, out var v)) continue;
            if (!ShapeUtil.SameShape(v.Shape, t.Shape))
                throw new ArgumentException($"load_state_dict: '{name}' has shape {ShapeUtil.Format(t.Shape)} here and {ShapeUtil.Format(v.Shape)} in the state");
            t.CopyFrom(v);
        }
    }

    public void zero_grad()
    {
        foreach (var p in parameters()) p.grad = null;
    }

    public Module train(bool mode = true)
    {
        training = mode;
        foreach (var (_, m) in _modules) m.train(mode);
        return this;
    }

    public Module eval() => train(false);

    public override string ToString() => GetType().Name;
}

/// <summary>A module with a typed forward pass (PyTorch's <c>Module.__call__</c> is <see cref="call"/> here).</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut forward(TIn input);

    public TOut call(TIn input) => forward(input);
}
