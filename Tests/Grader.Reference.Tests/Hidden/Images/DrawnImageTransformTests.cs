using Grader.Checks.Hidden.Diffusion.Images;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>The image training check's drawn transform: a signed permutation of the pixels (and the 8 symmetries of the square and a sign without a key), each undone exactly.</summary>
public sealed class DrawnImageTransformTests
{
    /// <summary>A 3×3 image 0 … 8 (row by row) and one of −1 … −9, as two rows of a batch.</summary>
    private static Tensor Batch() => torch.tensor([0f, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8, -9], 2, 9);

    [Test]
    public void Each_symmetry_moves_the_pixels_as_named_and_is_undone_exactly()
    {
        new DrawnImageTransform(4, false).Apply(Batch(), 3, 3).ToArray()[..9].Should().Equal([0f, 3, 6, 1, 4, 7, 2, 5, 8], "transposed");
        new DrawnImageTransform(1, false).Apply(Batch(), 3, 3).ToArray()[..9].Should().Equal([2f, 1, 0, 5, 4, 3, 8, 7, 6], "columns mirrored");
        new DrawnImageTransform(2, true).Apply(Batch(), 3, 3).ToArray()[..9].Should().Equal([-6f, -7, -8, -3, -4, -5, -0, -1, -2], "rows mirrored, negated");
        var images = new HashSet<string>();
        for (var k = 0; k < 16; k++)
        {
            var transform = new DrawnImageTransform(k & 7, k >= 8);
            var moved = transform.Apply(Batch(), 3, 3);
            images.Add(string.Join(',', moved.ToArray()));
            transform.Undo(moved, 3, 3).ToArray().Should().Equal(Batch().ToArray(), transform.Describe());
        }

        images.Should().HaveCount(16, "the 16 transforms give 16 different images");
        DrawnImageTransform.Identity.Describe().Should().Be("as published");
    }

    [Test]
    public void A_transposing_symmetry_of_images_that_are_not_square_is_refused_with_a_message()
    {
        var act = () => new DrawnImageTransform(4, false).Apply(torch.zeros(1, 6), 2, 3);
        act.Should().Throw<ArgumentException>().WithMessage("*square*");
    }

    [Test]
    public void A_drawn_transform_puts_every_pixel_once_in_a_drawn_place_with_a_drawn_sign_and_is_undone_exactly()
    {
        var pixels = torch.tensor([.. Enumerable.Range(1, 196).Select(v => (float)v)], 1, 196);
        var transform = DrawnImageTransform.Draw(new Generator(3));
        transform.Scramble.Should().NotBe(0UL);
        transform.Should().Be(DrawnImageTransform.Draw(new Generator(3)), "the same generator draws the same transform");
        DrawnImageTransform.Draw(new Generator(4)).Should().NotBe(transform);
        var moved = transform.Apply(pixels, 14, 14).ToArray();
        moved.Select(Math.Abs).Order().Should().Equal(pixels.ToArray(), "each pixel of the original exactly once");
        moved.Select(Math.Abs).Should().NotEqual(pixels.ToArray(), "in a drawn order");
        moved.Count(v => v < 0).Should().BeInRange(60, 136, "a sign per pixel, each −1 with probability 1/2 (196 draws: 98 ± 7)");
        transform.Undo(transform.Apply(pixels, 14, 14), 14, 14).ToArray().Should().Equal(pixels.ToArray());
        transform.Describe().Should().Contain("drawn order");
    }
}
