using Grader.Checks.Tests.Diffusion;
using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Checking;

public sealed class HandinCallTests
{
    private static readonly HandinCall Call = new("test.check", "sheet 0, eq. (1)");

    [Test]
    public void AMissingContractFailsNamingTheInterface()
    {
        var result = Call.Resolve<ILatentInterpolation>(new CheckContext(_ => null, 1, "."), out _);
        Assert.That(result!.Outcome, Is.EqualTo(CheckOutcome.Failed));
        Assert.That(result.Message, Does.StartWith("no class implements ILatentInterpolation"));
        Assert.That(result.SheetRef, Is.EqualTo("sheet 0, eq. (1)"));
    }

    [Test]
    public void AnUnusableContractFailsAndAThrowingConstructorErrors()
    {
        var twoClasses = Call.Resolve<ILatentInterpolation>(new CheckContext(c => throw new HandinContractException(c, null, "2 classes implement it"), 1, "."), out _);
        Assert.That(twoClasses!.Outcome, Is.EqualTo(CheckOutcome.Failed));
        Assert.That(twoClasses.Message, Is.EqualTo("2 classes implement it"));

        var constructor = Call.Resolve<ILatentInterpolation>(
            new CheckContext(c => throw new HandinContractException(c, typeof(object), "the constructor threw", new InvalidOperationException("x")), 1, "."), out _);
        Assert.That(constructor!.Outcome, Is.EqualTo(CheckOutcome.Errored));
    }

    [Test]
    public void AFoundContractIsReturned()
    {
        var implementation = new FormulaInterpolation(InterpolationBug.None);
        Assert.That(Call.Resolve<ILatentInterpolation>(new CheckContext(_ => implementation, 1, "."), out var found), Is.Null);
        Assert.That(found, Is.SameAs(implementation));
    }

    [Test]
    public void NotImplementedIsFailedAndOtherExceptionsErrored()
    {
        var notYet = Call.Run<int>("Interpolate(…)", () => throw new NotImplementedException("exercise 1 (b)"), out _);
        Assert.That(notYet!.Outcome, Is.EqualTo(CheckOutcome.Failed));
        Assert.That(notYet.Message, Does.StartWith("not implemented yet: exercise 1 (b)"));

        var thrown = Call.Run<int>("Interpolate(…)", () => throw new DivideByZeroException("by zero"), out _);
        Assert.That(thrown!.Outcome, Is.EqualTo(CheckOutcome.Errored));
        Assert.That(thrown.Message, Is.EqualTo("Interpolate(…) threw DivideByZeroException: by zero"));

        Assert.That(Call.Run("Interpolate(…)", () => 7, out var value), Is.Null);
        Assert.That(value, Is.EqualTo(7));
    }

    [Test]
    public void NullWrongShapeAndNonFiniteFailWithWhere()
    {
        Assert.That(Call.Tensor("f()", null, [2, 2])!.Message, Does.Contain("returned null; expected a tensor of shape [2, 2]"));

        var shape = Call.Tensor("f()", zeros(3, 2), [2, 2])!;
        Assert.That(shape.Outcome, Is.EqualTo(CheckOutcome.Failed));
        Assert.That(shape.Message, Does.Contain("returned a tensor of shape [3, 2]: expected a tensor of shape [2, 2]"));
        Assert.That(Call.Tensor("f()", zeros(3, 2), [2, 2], "expected one value per sample")!.Message, Does.Contain(": expected one value per sample."));

        var nan = Call.Tensor("f()", tensor(new[] { 1f, 2f, float.NaN, float.NegativeInfinity }, 2, 2), [2, 2])!;
        Assert.That(nan.Outcome, Is.EqualTo(CheckOutcome.Failed));
        Assert.That(nan.Message, Does.Contain("returned NaN at index [1, 0] (2 of 4 entries are not finite numbers)"));
        Assert.That(Call.Tensor("f()", tensor(new[] { 1f, float.NegativeInfinity }, 2), [2])!.Message, Does.Contain("−∞ at index [1]"));

        Assert.That(Call.Tensor("f()", ones(2, 2), [2, 2]), Is.Null);
    }

    /// <summary>A hidden check's call (<see cref="CheckContext.Hidden"/>): the student reads the member, never the drawn arguments, shape or the exception's text.</summary>
    [Test]
    public void AHiddenChecksCallIsToldWithoutItsDrawnArguments()
    {
        var call = new HandinCall("test.hidden", "sheet 0, eq. (1)");
        var implementation = new FormulaInterpolation(InterpolationBug.None);
        Assert.That(call.Resolve<ILatentInterpolation>(new CheckContext(_ => implementation, 1, ".") { Hidden = true }, out _), Is.Null);
        Assert.That(call.Conceals, Is.True);

        var thrown = call.Run<int>("Sample([61, 3], schedule, network, noise)", () => throw new InvalidOperationException("shapes [61, 3] and [61, 2] differ"), out _)!;
        Assert.That(thrown.Outcome, Is.EqualTo(CheckOutcome.Errored));
        Assert.That(thrown.Message, Does.StartWith("Sample threw InvalidOperationException").And.Not.Contain("61"));
        Assert.That(thrown.TutorDetail, Does.Contain("Sample([61, 3], schedule, network, noise) threw InvalidOperationException: shapes [61, 3] and [61, 2] differ"));

        var notYet = call.Run<int>("Sample([61, 3], …)", () => throw new NotImplementedException("exercise 3.4"), out _)!;
        Assert.That(notYet.Message, Is.EqualTo("not implemented yet: exercise 3.4 (in Sample)"));

        var shape = call.Tensor("Sample([61, 3], …)", zeros(61, 2), [61, 3], "expected [N, d] = [61, 3]")!;
        Assert.That(shape.Message, Does.Contain("Sample returned a tensor of the wrong shape").And.Contain("dimension 1 has fewer entries than the contract states").And.Not.Contain("61"));
        Assert.That(shape.Expected + shape.Seen, Does.Not.Contain("61"));
        Assert.That(shape.TutorDetail, Does.Contain("[61, 2]"));
        Assert.That(call.Tensor("f()", zeros(61), [61, 3])!.Message, Does.Contain("1 dimension where the contract has 2"));

        var nan = call.Tensor("Sample([61, 3], …)", full([61, 3], float.NaN), [61, 3])!;
        Assert.That(nan.Message, Is.EqualTo("Sample returned NaN on inputs drawn for this grading run (every entry not a finite number)."));
        Assert.That(nan.TutorDetail, Does.Contain("183 of 183"));
    }

    /// <summary>
    /// The engine's refusal of a backward through a tensor written after it was saved is told in full even by a hidden
    /// check (its text is the engine's: an op, a shape, two versions), and survives the host's channel only when the
    /// engine made it: a hand-in's exception of the same full name comes back as the hand-in's, its text concealed.
    /// </summary>
    [Test]
    public void The_engines_refusal_of_a_written_saved_tensor_is_told_and_cannot_be_spoofed_across_the_channel()
    {
        var call = new HandinCall("test.hidden", "sheet 0, eq. (1)");
        Assert.That(call.Resolve<ILatentInterpolation>(new CheckContext(_ => new FormulaInterpolation(InterpolationBug.None), 1, ".") { Hidden = true }, out _), Is.Null);
        static int WriteAfterSave()
        {
            var x = tensor([1f, 2f]);
            var w = tensor([3f, 4f]).requires_grad_();
            var loss = (x * w).sum();
            x.CopyFrom(tensor([0f, 0f]));
            loss.backward();
            return 0;
        }

        var refused = call.Run("Train(…)", WriteAfterSave, out _)!;
        Assert.That(refused.Message, Is.EqualTo("Train was refused by the engine on inputs drawn for this grading run: backward(): a tensor needed for the gradient of mul (shape [2]) " +
            "was written in place (version 1, saved at 0) after it was saved; compute with a copy or write before the forward"));

        var genuine = Grader.Remote.Channel.RemoteFault.From(Assert.Throws<Grader.Tensors.SavedTensorWrittenException>(() => WriteAfterSave())!, _ => null);
        Assert.That(genuine.ToException(), Is.TypeOf<Grader.Tensors.SavedTensorWrittenException>());
        var spoof = Grader.Remote.Channel.RemoteFault.From(new Grader.Remote.Channel.HandinException("Grader.Tensors.SavedTensorWrittenException", "all checks passed"), _ => null);
        var rethrown = spoof.ToException();
        Assert.That(rethrown, Is.Not.TypeOf<Grader.Tensors.SavedTensorWrittenException>());
        Assert.That(call.Run<int>("Train(…)", () => throw rethrown, out _)!.Message, Does.Not.Contain("all checks passed"));
    }

    [TestCase(new[] { 250, 8, 2 }, new[] { 251, 8, 2 }, "dimension 0 has fewer entries than the contract states")]
    [TestCase(new[] { 8, 251, 2 }, new[] { 251, 8, 2 }, "dimension 0 has fewer entries and dimension 1 has more entries than the contract states")]
    [TestCase(new[] { 0, 8, 2 }, new[] { 251, 8, 2 }, "dimension 0 has fewer entries than the contract states")]
    [TestCase(new[] { 8, 2 }, new[] { 251, 8, 2 }, "2 dimensions where the contract has 3")]
    [TestCase(new[] { 61 }, new[] { 61, 3 }, "1 dimension where the contract has 2")]
    public void A_shape_difference_names_the_dimension_and_no_size_or_count(int[] seen, int[] expected, string told)
    {
        var text = HandinCall.ShapeDifference(seen, expected);
        Assert.That(text, Is.EqualTo(told));
        Assert.That(text, Does.Not.Contain("250").And.Not.Contain("251").And.Not.Contain("243").And.Not.Contain("61"), "neither a drawn size nor a difference of sizes");
    }

    [Test]
    public void A_result_that_is_not_one_value_per_row_says_when_it_is_the_batchs_aggregate_or_a_column()
    {
        // The wording the flows' log-determinant and negative log-likelihood checks give (BlockComparison, NegativeLogLikelihoodComparison).
        const string hint = "expected one value per point, shape [N] = [3]";
        var aggregate = Call.NotOnePerRow("f(x)", "a tensor", tensor(new float[] { 2 }, 1), 3, hint, 2.0005, "the batch mean");
        Assert.That(aggregate.Message, Is.EqualTo("f(x) returned a tensor of shape [1]: expected one value per point, shape [N] = [3]; its value 2 is the batch mean. Re-read sheet 0, eq. (1)."));
        Assert.That((aggregate.Expected, aggregate.Seen), Is.EqualTo(("shape [3]", "shape [1]")));
        var column = Call.NotOnePerRow("f(x)", "a log-determinant", zeros(3, 1), 3, hint, 5, "the sum");
        Assert.That(column.Message, Is.EqualTo("f(x) returned a log-determinant of shape [3, 1]: expected one value per point, shape [N] = [3] (a vector, not an [N, 1] column). Re-read sheet 0, eq. (1)."));
        var other = Call.NotOnePerRow("f(x)", "a tensor", tensor(new float[] { 3 }, 1), 3, hint, 2, "the batch mean");
        Assert.That(other.Message, Is.EqualTo("f(x) returned a tensor of shape [1]: expected one value per point, shape [N] = [3]. Re-read sheet 0, eq. (1)."));
    }
}
