namespace Grader.Checks.Tests.Results;

/// <summary>
/// <see cref="ImageGrid.Of"/>: pixels in [0, 1] become grey levels, untrusted values (NaN, ±∞, out of range) become
/// marks and never an error, and the caps on images and pixels hold whatever a check passes.
/// </summary>
public sealed class ImageGridTests
{
    [Test]
    public void Pixels_become_grey_levels_and_untrusted_values_become_marks()
    {
        double[] pixels = [0, 1, 0.5, 1.004, -0.004, -0.3, 1.7, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var grid = ImageGrid.Of("t", 2, 5, ("row", pixels, ["first"]));

        grid.Rows.Should().ContainSingle().Which.Images.Should().ContainSingle();
        var image = grid.Rows[0].Images[0];
        image.Caption.Should().Be("first");
        image.Levels.Should().Equal(0, GridImage.White, 125, GridImage.White, 0, GridImage.Below, GridImage.Above, GridImage.NotFinite, GridImage.NotFinite, GridImage.NotFinite);
        grid.IsDrawable().Should().BeTrue();
        grid.Omitted.Should().Be(0);
    }

    [Test]
    public void Rows_are_cut_into_whole_images_with_their_captions()
    {
        var grid = ImageGrid.Of("t", 2, 2, ("a", Enumerable.Repeat(0.5, 4 * 3 + 2).ToArray(), ["x", "y"]), ("b", new double[4], null));

        grid.Rows.Select(r => r.Images.Count).Should().Equal(3, 1);
        grid.Rows[0].Images.Select(i => i.Caption).Should().Equal("x", "y", null);
        grid.Rows[1].Images[0].Caption.Should().BeNull();
        grid.ImageCount.Should().Be(4);
    }

    [Test]
    public void The_caps_on_images_and_pixels_hold_and_what_is_left_out_is_counted()
    {
        var many = ImageGrid.Of("t", 4, 4, ("a", new double[16 * 50], null), ("b", new double[16 * 50], null));
        many.ImageCount.Should().Be(ImageGrid.MaxImages);
        many.Omitted.Should().Be(100 - ImageGrid.MaxImages);
        many.Rows.Select(r => r.Images.Count).Should().Equal(50, ImageGrid.MaxImages - 50);

        var large = ImageGrid.Of("t", 64, 64, ("a", new double[64 * 64 * 20], null));
        large.ImageCount.Should().Be(ImageGrid.MaxPixels / (64 * 64));
        large.IsDrawable().Should().BeTrue();

        FluentActions.Invoking(() => ImageGrid.Of("t", 65, 2)).Should().Throw<ArgumentOutOfRangeException>("a side beyond MaxSide is the check's mistake, not the hand-in's");
    }

    [Test]
    public void A_grid_that_breaks_the_caps_or_its_size_is_not_drawable()
    {
        var image = new GridImage(null, new byte[4]);
        new ImageGrid("t", 2, 2, [new ImageRow("a", [image])]).IsDrawable().Should().BeTrue();
        new ImageGrid("t", 2, 3, [new ImageRow("a", [image])]).IsDrawable().Should().BeFalse("4 codes are not a 2 × 3 image");
        new ImageGrid("t", 2, 2, [new ImageRow("a", Enumerable.Repeat(image, ImageGrid.MaxImages + 1).ToArray())]).IsDrawable().Should().BeFalse();
        new ImageGrid("t", 0, 2, []).IsDrawable().Should().BeFalse();
        new ImageGrid("t", 2, 2, [new ImageRow("a", [new GridImage(null, null!)])]).IsDrawable().Should().BeFalse();
    }
}
