using Grader.Checks.Diffusion;
using Grader.Checks.Flows;
using Grader.Checks.OdeSde;

namespace Grader.Checks.Tests.Comparison;

public class DiagnosisFileTests
{
    [Test]
    public void Each_familys_file_is_carried_and_every_sentence_is_text_for_a_student()
    {
        var names = typeof(DiagnosisFile).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("diagnoses/", StringComparison.Ordinal)).Order().ToArray();
        names.Should().Equal("diagnoses/Attention.diagnoses.json", "diagnoses/Diffusion.diagnoses.json", "diagnoses/Flows.diagnoses.json", "diagnoses/OdeSde.diagnoses.json");
        var tables = new[] { SolverStepComparison.Explanations, LogLikelihoodComparison.Explanations, PreprocessingComparison.Explanations,
            NegativeLogLikelihoodComparison.Explanations, CouplingBlockMatchesReference.Explanations, InvertibleNetworkMatchesReference.Explanations,
            ReverseStepMatchesReference.Diagnoses, DdimStepMatchesReference.Diagnoses, SameNoiseTrajectoryMatchesReference.Diagnoses,
            DtuSampleMatchesReference.Diagnoses, NegativeElboMatchesReference.Diagnoses };
        foreach (var table in tables)
        {
            table.Should().NotBeEmpty();
            table.Values.Should().OnlyContain(s => s.StartsWith("Your", StringComparison.Ordinal) || s.StartsWith("At t = 0", StringComparison.Ordinal) || s.StartsWith("Every", StringComparison.Ordinal));
            table.Values.Should().OnlyContain(s => s.EndsWith('.') || s.EndsWith(')'));
        }
    }

    [Test]
    public void The_sampler_step_keys_the_checks_look_up_have_their_sentences()
    {
        // The step tables were keyed by SamplerSteps' constants in code; the file spells them out, so a renamed constant shows here.
        foreach (var table in new[] { ReverseStepMatchesReference.Diagnoses, DdimStepMatchesReference.Diagnoses, SameNoiseTrajectoryMatchesReference.Diagnoses, DtuSampleMatchesReference.Diagnoses })
            table.Should().ContainKey(SamplerSteps.SkipsLastStep);
        foreach (var table in new[] { SameNoiseTrajectoryMatchesReference.Diagnoses, DtuSampleMatchesReference.Diagnoses })
            table.Should().ContainKey(SamplerSteps.StepsOneToT);
    }

    [Test]
    public void A_table_the_file_does_not_hold_is_one_clear_error()
    {
        var missingTable = () => DiagnosisFile.Read("Flows", "no-such-comparison");
        missingTable.Should().Throw<InvalidOperationException>().WithMessage("diagnoses/Flows.diagnoses.json holds no diagnoses of no-such-comparison.");
        var missingFile = () => DiagnosisFile.Read("NoSuchFamily", "preprocessing");
        missingFile.Should().Throw<InvalidOperationException>().WithMessage("The grader was built without its diagnoses/NoSuchFamily.diagnoses.json.");
    }
}
