using Grader.Grading.Rubric;
using Grader.Semester;

namespace Grader.Semester.Tests.Semester;

/// <summary>
/// Every tutor input a command reads whole is capped (<see cref="TutorInput.MaxBytes"/>): a 160 MiB submissions CSV,
/// course file or rubric CSV gets one message naming the cap, and is never read (issue 44: 1.6 GiB peak); a file at the
/// cap is read.
/// </summary>
public sealed class TutorInputTests
{
    private static string Huge(Scratch scratch, string name, string start)
    {
        var path = Path.Combine(scratch.Root, name);
        using var file = File.Create(path);
        file.Write(System.Text.Encoding.UTF8.GetBytes(start));
        file.SetLength(160L << 20);
        return path;
    }

    [Test]
    public void A_160_MiB_submissions_csv_course_file_or_rubric_csv_is_refused_with_one_message_naming_the_cap()
    {
        using var scratch = new Scratch();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var csv = () => SubmissionTimes.ReadCsv(Huge(scratch, "lms.csv", "student,submitted\n"));
        csv.Should().Throw<CourseFileException>().WithMessage("*could not be read: it is larger than the 16 MiB a tutor's input file may hold (160 MiB)*");
        var course = () => CourseFile.Load(Huge(scratch, "course.toml", "id = \""), TutorCatalog.Default);
        course.Should().Throw<CourseFileException>().WithMessage("*could not be read: it is larger than the 16 MiB*");
        var rubric = () => RubricCsv.Read(Huge(scratch, "rubric.csv", "student,task\n"), TutorCatalog.Default);
        rubric.Should().Throw<RubricCsvException>().WithMessage("*can't be read: it is larger than the 16 MiB*");

        (GC.GetTotalAllocatedBytes(precise: true) - before).Should().BeLessThan(16L << 20, "none of the 480 MiB was read");
    }

    [Test]
    public void A_file_at_the_cap_is_read_and_one_byte_more_is_not()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "at-cap.csv");
        File.WriteAllBytes(path, new byte[TutorInput.MaxBytes]);
        TutorInput.ReadAllBytes(path).Length.Should().Be((int)TutorInput.MaxBytes);
        File.AppendAllText(path, "x");
        var over = () => TutorInput.ReadAllBytes(path);
        over.Should().Throw<IOException>().WithMessage("it is larger than the 16 MiB*");
    }

    /// <summary>
    /// A FIFO, a device or a folder where a tutor's file should be gets one message saying what it is, and is never
    /// opened: opening a FIFO for reading blocks until someone writes to it (`course check` on one waited for ever), so
    /// the FIFO case runs on a thread and a hang shows as a failure, not a stuck run. A link to a plain file is followed.
    /// </summary>
    [Test]
    public void A_fifo_a_device_or_a_folder_is_refused_with_one_message_and_a_link_to_a_file_is_read()
    {
        using var scratch = new Scratch();
        var folder = Path.Combine(scratch.Root, "course.toml");
        Directory.CreateDirectory(folder);
        var fromFolder = () => CourseFile.Load(folder, TutorCatalog.Default);
        fromFolder.Should().Throw<CourseFileException>().WithMessage("*could not be read: it is a folder, not a file*");

        var device = () => TutorInput.ReadAllBytes("/dev/zero");
        device.Should().Throw<IOException>().WithMessage("it is a character device, not a plain file; it was not opened");

        var plain = Path.Combine(scratch.Root, "plain.csv");
        File.WriteAllText(plain, "student,submitted\n");
        var link = Path.Combine(scratch.Root, "link.csv");
        File.CreateSymbolicLink(link, plain);
        TutorInput.ReadAllText(link).Should().Be("student,submitted\n");

        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fifo = Path.Combine(scratch.Root, "lms.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.Should().Be(0);
        }

        var read = Task.Run(() => SubmissionTimes.ReadCsv(fifo));
        // Not a time limit on the code under test (it throws before opening): a generous wait, so the bug (a hang) fails
        // this test instead of stalling the suite; a writer then releases the blocked reader.
        if (!((IAsyncResult)read).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(2)))
        {
            using (File.OpenWrite(fifo))
            {
            }

            Assert.Fail("reading a FIFO blocked: it was opened instead of refused");
        }

        read.Exception!.InnerException.Should().BeOfType<CourseFileException>()
            .Which.Message.Should().Contain("it is a FIFO (named pipe), not a plain file; it was not opened");
    }
}
