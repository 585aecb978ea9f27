using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;

namespace Grader.Checks.Tests.Handins;

public sealed class HandinTraceTests
{
    [Test]
    public void Locates_the_hand_ins_file_and_line_of_an_exception_it_threw()
    {
        var compiled = HandinCompiler.Default.Compile(new HandinSource("Inline", [new HandinFile("Student/Answer.cs", BetaAnswers.Throwing)]));
        var answer = (IBetaScheduleAnswer)new HandinInstance(compiled.Assembly!).Resolve(typeof(IBetaScheduleAnswer))!;

        var thrown = Assert.Throws<InvalidOperationException>(() => _ = answer.InvalidSchedules)!;

        HandinTrace.Locate(thrown).Should().Be("Student/Answer.cs:9, in Answer.get_InvalidSchedules");
    }

    [Test]
    public void An_exception_of_the_grader_itself_has_no_hand_in_frame()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => throw new InvalidOperationException("grader"))!;

        HandinTrace.Locate(thrown).Should().BeNull();
    }
}
