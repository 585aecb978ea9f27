using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Checks.Tests.Handins;

public sealed class HandinInstanceTests
{
    private static HandinInstance Load(params string[] files)
    {
        var source = new HandinSource("Inline", files.Select((text, i) => new HandinFile($"File{i}.cs", text)).ToArray());
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!);
    }

    [Test]
    public void Finds_the_single_implementation_and_creates_it_once()
    {
        var handin = Load(BetaAnswers.Correct, BetaAnswers.Unrelated);

        var binding = handin.Bind(typeof(IBetaScheduleAnswer));
        var first = handin.Resolve(typeof(IBetaScheduleAnswer));

        binding.Found.Should().BeTrue();
        binding.Implementation!.FullName.Should().Be("Student.Answer");
        first.Should().BeAssignableTo<IBetaScheduleAnswer>().Which.InvalidSchedules.Should().BeEquivalentTo([2, 4]);
        handin.Resolve(typeof(IBetaScheduleAnswer)).Should().BeSameAs(first);
    }

    [Test]
    public void A_missing_implementation_resolves_to_null_with_a_message()
    {
        var handin = Load(BetaAnswers.Unrelated);

        handin.Resolve(typeof(IBetaScheduleAnswer)).Should().BeNull();
        var binding = handin.Bind(typeof(IBetaScheduleAnswer));
        binding.IsMissing.Should().BeTrue();
        binding.Problem.Should().Be(
            "no public class of the hand-in implements IBetaScheduleAnswer yet; add one with a public parameterless constructor (the template has it).");
    }

    [Test]
    public void Two_implementations_are_an_error_naming_both()
    {
        var handin = Load(BetaAnswers.Correct, BetaAnswers.Second);

        var act = () => handin.Resolve(typeof(IBetaScheduleAnswer));

        act.Should().Throw<HandinContractException>()
            .WithMessage("2 classes implement IBetaScheduleAnswer (Student.Answer, Student.OtherAnswer); the grader can't tell which to grade, so keep exactly one.")
            .Which.Contract.Should().Be(typeof(IBetaScheduleAnswer));
    }

    [Test]
    public void A_throwing_constructor_is_an_error_for_every_caller_and_runs_once()
    {
        const string counting = """
            using Grader.Contracts.Diffusion;

            namespace Student;

            public sealed class Answer : IBetaScheduleAnswer
            {
                public static int Constructed;

                public Answer()
                {
                    Constructed++;
                    throw new InvalidOperationException("ctor fails");
                }

                public IReadOnlySet<int> InvalidSchedules => new HashSet<int>();
            }
            """;
        var handin = Load(counting);

        for (int i = 0; i < 3; i++)
        {
            var act = () => handin.Resolve(typeof(IBetaScheduleAnswer));
            act.Should().Throw<HandinContractException>()
                .WithMessage("IBetaScheduleAnswer: the constructor of Answer threw InvalidOperationException: ctor fails")
                .WithInnerException<InvalidOperationException>();
        }

        handin.Assembly.GetType("Student.Answer")!.GetField("Constructed")!.GetValue(null).Should().Be(1);
    }

    [Test]
    public void An_implementation_without_a_public_parameterless_constructor_is_an_error()
    {
        const string code = """
            using Grader.Contracts.Diffusion;

            namespace Student;

            public sealed class Answer(int n) : IBetaScheduleAnswer
            {
                public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { n };
            }
            """;
        var handin = Load(code);

        var act = () => handin.Resolve(typeof(IBetaScheduleAnswer));

        act.Should().Throw<HandinContractException>().WithMessage("*implemented by Student.Answer, but the grader needs a public parameterless constructor*");
    }

    [Test]
    public void Abstract_and_non_public_classes_are_not_candidates()
    {
        const string code = """
            using Grader.Contracts.Diffusion;

            namespace Student;

            public abstract class Base : IBetaScheduleAnswer
            {
                public abstract IReadOnlySet<int> InvalidSchedules { get; }
            }

            internal sealed class Hidden : Base
            {
                public override IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 1 };
            }

            public sealed class Answer : Base
            {
                public override IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 };
            }
            """;
        var handin = Load(code);

        handin.Bind(typeof(IBetaScheduleAnswer)).Implementation!.Name.Should().Be("Answer");
    }

    [TestCase("public abstract class Answer : IBetaScheduleAnswer { public abstract IReadOnlySet<int> InvalidSchedules { get; } }",
        "Student.Answer, which is abstract: the grader cannot create it", TestName = "An abstract class")]
    [TestCase("public sealed class Answer<T> : IBetaScheduleAnswer { public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 }; }",
        "Student.Answer`1, which is generic: the grader cannot choose its type arguments", TestName = "An open generic class")]
    [TestCase("internal sealed class Answer : IBetaScheduleAnswer { public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 }; }",
        "Student.Answer, which is not public", TestName = "An internal class")]
    [TestCase("public struct Answer : IBetaScheduleAnswer { public IReadOnlySet<int> InvalidSchedules => new HashSet<int> { 2, 4 }; }",
        "Student.Answer, which is a struct: make it a class", TestName = "A struct")]
    public void An_implementation_the_grader_cannot_create_is_named_with_the_reason(string declaration, string reason)
    {
        var handin = Load($"using Grader.Contracts.Diffusion;\n\nnamespace Student;\n\n{declaration}\n");

        var binding = handin.Bind(typeof(IBetaScheduleAnswer));
        binding.IsMissing.Should().BeFalse("the student did implement it; \"not implemented yet\" would mislead");
        binding.Problem.Should().StartWith("IBetaScheduleAnswer is implemented only by ").And.Contain(reason);
        var resolve = () => handin.Resolve(typeof(IBetaScheduleAnswer));
        resolve.Should().Throw<HandinContractException>().WithMessage($"*{reason}*");
    }
}
