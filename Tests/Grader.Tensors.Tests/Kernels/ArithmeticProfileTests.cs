namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// What a child process must be told to compute as this one does (<see cref="ArithmeticProfile"/>): the OpenBLAS core
/// type this process dispatched to, the managed kernel when it is forced, and the JIT's instruction-set switches.
/// </summary>
public class ArithmeticProfileTests
{
    [Test]
    public void A_child_is_pinned_to_this_processs_matrix_product_kernel()
    {
        var profile = ArithmeticProfile.Current;
        var child = ArithmeticProfile.ChildEnvironment().ToDictionary(e => e.Key, e => e.Value);
        Assert.That(profile.Blas, Is.EqualTo(torch.blas_backend));
        if (profile.Blas is "openblas" or "managed+openblas")
        {
            Assert.That(profile.BlasCore, Is.Not.Null.And.Not.Empty, "openblas_get_corename names the kernels in use");
            Assert.That(child["OPENBLAS_CORETYPE"], Is.EqualTo(profile.BlasCore));
        }
        else
        {
            Assert.That(profile.BlasCore, Is.Null);
            Assert.That(child.ContainsKey("OPENBLAS_CORETYPE"), Is.False);
        }
    }

    [Test]
    public void A_forced_managed_kernel_is_passed_on_and_shows_in_the_profile()
    {
        var before = Environment.GetEnvironmentVariable(Gemm.ForceManagedVariable);
        Environment.SetEnvironmentVariable(Gemm.ForceManagedVariable, "1");
        Gemm.ReadForceManaged();
        try
        {
            var child = ArithmeticProfile.ChildEnvironment().ToDictionary(e => e.Key, e => e.Value);
            Assert.That(child[Gemm.ForceManagedVariable], Is.EqualTo("1"));
            Assert.That(child.ContainsKey("OPENBLAS_CORETYPE"), Is.False);
            Assert.That(ArithmeticProfile.Current.ToString(), Does.StartWith("managed, "));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Gemm.ForceManagedVariable, before);
            Gemm.ReadForceManaged();
        }
    }

    [TestCase("DOTNET_PreferredVectorBitWidth", true)]
    [TestCase("DOTNET_EnableAVX512F", true)]
    [TestCase("COMPlus_EnableFMA", true)]
    [TestCase("DOTNET_EnableDiagnostics", false)]
    [TestCase("DOTNET_gcServer", false)]
    public void The_JITs_instruction_set_switches_are_passed_on_and_nothing_else(string name, bool passed)
    {
        var before = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, "0");
        try
        {
            Assert.That(ArithmeticProfile.ChildEnvironment().Any(e => e.Key == name && e.Value == "0"), Is.EqualTo(passed));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, before);
        }
    }

    [Test]
    public void The_profile_reads_as_one_line()
    {
        var line = ArithmeticProfile.Current.ToString();
        Assert.That(line, Does.Match(@"^((managed\+)?openblas \(\w+\)|managed), (\d+-bit|no) vectors(, FMA)?$"));
    }
}
