namespace Grader.Checks.Checking;

/// <summary>
/// A check that draws its images from the run's image data (<c>--data DIR</c>, else the installed Fashion-MNIST), and
/// the channels of the images it takes: the grader refuses, before anything runs, a data set it cannot grade with.
/// </summary>
public interface IImageDataCheck : ICheck
{
    /// <summary>Channels of the images the check takes (1 for MNIST's tasks), or null for any (1 or 3).</summary>
    int? ImageChannels { get; }
}
