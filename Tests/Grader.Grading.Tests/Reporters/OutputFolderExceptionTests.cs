namespace Grader.Grading.Tests.Reporters;

/// <summary>Why an output file could not be written, in the tool's words: the folder, the file, the cause; never the temporary file.</summary>
public sealed class OutputFolderExceptionTests
{
    [Test]
    public void A_full_disk_a_read_only_file_system_and_a_denied_folder_are_named()
    {
        var full = new IOException("No space left on device : '/out/.gradebook.csv.0123abcd.tmp'") { HResult = 28 };
        var readOnly = new IOException("Read-only file system : '/out/.gradebook.csv.0123abcd.tmp'") { HResult = 30 };

        OutputFolderException.For("/out", "/out/gradebook.csv", full).Message.Should()
            .Be("The output could not be written to '/out' (gradebook.csv): the disk is full. Give --out a folder you can write to, or make room, and run again.");
        OutputFolderException.For("/out", "/out/gradebook.csv", readOnly).Message.Should().Contain(": the file system is read-only.").And.NotContain(".tmp");
        OutputFolderException.For("/out", "/out/gradebook.csv", new UnauthorizedAccessException("Access to the path '/out/.gradebook.csv.0123abcd.tmp' is denied."))
            .Message.Should().Contain(": permission denied").And.NotContain(".tmp");
    }

    [Test]
    public void Atomic_writes_into_a_folder_that_cannot_be_made_say_which_folder()
    {
        var folder = "/sys/grader-atomic-" + Guid.NewGuid().ToString("N"); // not even root may create a folder in sysfs

        var act = () => AtomicFile.WriteAllText(Path.Combine(folder, "summary.md"), "text");

        act.Should().Throw<OutputFolderException>().Which.Message.Should().StartWith($"The output could not be written to '{folder}' (summary.md): permission denied");
    }
}
