using System.Text;

namespace Grader.Grading.Tests.Discovery;

public sealed class HandinDiscoveryTests : HandinFolderTests
{
    private const string Bar = "namespace Student.Sub;\n\npublic sealed class Bar { }\n";

    private DiscoveryResult Discover(DiscoveryLimits? limits = null) => HandinDiscovery.Discover(Handins.Root, limits ?? DiscoveryLimits.Default);

    private static InputProblem Single(DiscoveryResult result)
    {
        result.Problems.Should().ContainSingle();
        return result.Problems[0];
    }

    // ---- the folder as a whole ----

    [Test]
    public void A_missing_folder_is_a_discovery_error()
    {
        var missing = Path.Combine(Handins.Root, "nowhere");

        var act = () => HandinDiscovery.Discover(missing, DiscoveryLimits.Default);

        act.Should().Throw<DiscoveryException>().WithMessage($"The folder of hand-ins '{missing}' does not exist.");
    }

    [Test]
    public void A_file_given_as_the_folder_is_a_discovery_error()
    {
        var file = Handins.File("hand-ins.zip", [1, 2, 3]);

        var act = () => HandinDiscovery.Discover(file, DiscoveryLimits.Default);

        act.Should().Throw<DiscoveryException>().WithMessage($"'{file}' is a file; the hand-ins are a folder*");
    }

    [Test]
    public void An_empty_folder_is_a_discovery_error()
    {
        var act = () => Discover();

        act.Should().Throw<DiscoveryException>().WithMessage($"The folder of hand-ins '{Handins.Root}' is empty;*");
    }

    [Test]
    public void A_folder_with_only_hidden_entries_counts_as_empty()
    {
        Handins.File(".DS_Store", [0]);
        Handins.Folder(".git", ("config", "x"));

        var act = () => Discover();

        act.Should().Throw<DiscoveryException>().WithMessage("*is empty*hidden entries are ignored*");
    }

    [Test]
    public void No_folder_given_is_a_discovery_error()
    {
        var act = () => HandinDiscovery.Discover(" ", DiscoveryLimits.Default);

        act.Should().Throw<DiscoveryException>().WithMessage("No folder of hand-ins was given.");
    }

    // ---- hand-ins found ----

    [Test]
    public void Folders_and_zips_are_hand_ins_named_after_the_student_in_ordinal_order()
    {
        Handins.Folder("bob", ("Foo.cs", Foo));
        Handins.Zip("alice.zip", ("Foo.cs", Foo));
        Handins.Folder("Carol", ("Foo.cs", Foo));

        var result = Discover();

        result.Problems.Should().BeEmpty();
        result.Handins.Select(h => h.Student).Should().Equal("Carol", "alice", "bob");
        result.Handins[1].Path.Should().Be(Handins.PathOf("alice.zip"));
        result.Handins[1].Source.Name.Should().Be("alice");
        result.Handins[1].Source.Files.Should().Equal(new HandinFile("Foo.cs", Foo));
        result.Handins[2].Path.Should().Be(Handins.PathOf("bob"));
    }

    [Test]
    public void A_folder_hand_in_reads_the_same_files_as_HandinSource()
    {
        var path = Handins.Folder(
            "alice",
            ("Foo.cs", Foo),
            ("Sub/Bar.cs", Bar),
            ("bin/Debug/Gen.cs", "generated"),
            ("obj/AssemblyInfo.cs", "generated"),
            (".vs/Hidden.cs", "hidden"));

        var result = Discover();

        result.Handins.Should().ContainSingle();
        result.Handins[0].Source.Files.Should().Equal(HandinSource.FromFolder(path).Files);
        result.Handins[0].Source.Files.Select(f => f.Path).Should().Equal("Foo.cs", "Sub/Bar.cs");
    }

    [Test]
    public void Hidden_entries_of_the_folder_are_ignored_silently()
    {
        Handins.Folder("alice", ("Foo.cs", Foo));
        Handins.File(".DS_Store", [0, 1]);
        Handins.Folder(".hidden", ("Foo.cs", Foo));

        var result = Discover();

        result.Problems.Should().BeEmpty();
        result.Handins.Select(h => h.Student).Should().Equal("alice");
    }

    // ---- files that are not hand-ins ----

    [Test]
    public void A_file_that_is_neither_a_folder_nor_a_zip_is_ignored_and_the_rest_is_graded()
    {
        Handins.Folder("alice", ("Foo.cs", Foo));
        var notes = Handins.File("notes.txt", Encoding.UTF8.GetBytes("grade fairly"));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        Single(result).Should().Be(new InputProblem(notes, null, "'notes.txt' is neither a folder nor a .zip, so it is not a hand-in; it was ignored.", Skipped: false) { Ignored = true },
            "a stray file is not a student: no zero row in the gradebooks, listed as ignored");
    }

    [TestCase("bob.tar.gz")]
    [TestCase("bob.rar")]
    [TestCase("bob.7z")]
    public void Another_archive_is_refused_with_the_advice_to_unpack_it(string name)
    {
        Handins.File(name, [1, 2, 3]);

        var problem = Single(Discover());

        problem.Message.Should().Be($"'{name}' is neither a hand-in folder nor a .zip; unpack it into a folder named after the student (or repack it as .zip) and run again.");
        problem.Skipped.Should().BeTrue();
    }

    [Test]
    public void A_loose_cs_file_is_refused_with_the_advice_to_put_it_in_a_folder()
    {
        Handins.File("Foo.cs", Encoding.UTF8.GetBytes(Foo));

        Single(Discover()).Message.Should().Be("'Foo.cs' is neither a hand-in folder nor a .zip; put it into a folder named after the student and run again.");
    }

    [Test]
    public void Files_inside_a_hand_in_that_are_not_CSharp_are_listed_in_one_note_and_the_hand_in_is_graded()
    {
        var alice = Handins.Folder("alice", ("Foo.cs", Foo), ("notes.txt", "x"), ("plot.png", "x"), ("Sub/train.py", "x"));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        Single(result).Should().Be(new InputProblem(
            alice, "alice", "Left out 3 files of 'alice/' that are not C#: Sub/train.py, notes.txt, plot.png.", Skipped: false));
    }

    [Test]
    public void The_note_lists_five_files_and_counts_the_rest()
    {
        Handins.Folder("alice", [("Foo.cs", Foo), .. Enumerable.Range(1, 8).Select(i => ($"f{i}.txt", "x"))]);

        Single(Discover()).Message.Should().Be("Left out 8 files of 'alice/' that are not C#: f1.txt, f2.txt, f3.txt, f4.txt, f5.txt and 3 more.");
    }

    [Test]
    public void A_hand_in_without_cs_files_is_skipped_and_an_empty_folder_ignored()
    {
        var bob = Handins.Folder("bob", ("report.pdf", "x"));
        Handins.Folder("empty");

        var result = Discover();

        result.Handins.Should().BeEmpty();
        result.Problems.Should().Equal(
            new InputProblem(bob, "bob", "'bob/' holds no .cs files (bin/, obj/ and hidden folders are not read); it holds only 1 other file (report.pdf); it was not graded.", Skipped: true),
            new InputProblem(Handins.PathOf("empty"), null, "'empty/' holds no file, so it is not a hand-in; it was ignored.", Skipped: false) { Ignored = true });
    }

    [Test]
    public void A_zip_inside_a_hand_in_folder_is_not_unpacked_and_the_message_says_so()
    {
        Handins.FolderOfBytes("bob", ("handin.zip", HandinFolder.ZipBytes(("Foo.cs", Encoding.UTF8.GetBytes(Foo)))));

        Single(Discover()).Message.Should().Be(
            "'bob/' holds no .cs files (bin/, obj/ and hidden folders are not read); it holds only 1 other file (handin.zip), and a zip inside a hand-in is not unpacked; it was not graded.");
    }

    // ---- corrupt and malicious zips ----

    [Test]
    public void Random_bytes_named_zip_are_refused_as_not_a_readable_zip()
    {
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        var path = Handins.File("bob.zip", random);
        Handins.Folder("alice", ("Foo.cs", Foo));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        var problem = Single(result);
        problem.Path.Should().Be(path);
        problem.Student.Should().Be("bob");
        problem.Skipped.Should().BeTrue();
        problem.Message.Should().StartWith("'bob.zip' is not a readable zip (corrupt or truncated: ").And.EndWith("); it was not graded.");
    }

    [Test]
    public void A_truncated_zip_is_refused_as_not_a_readable_zip()
    {
        var whole = HandinFolder.ZipBytes(("Foo.cs", Encoding.UTF8.GetBytes(Foo)), ("Bar.cs", Encoding.UTF8.GetBytes(Bar)));
        Handins.File("bob.zip", whole[..(whole.Length / 2)]);

        Single(Discover()).Message.Should().StartWith("'bob.zip' is not a readable zip (corrupt or truncated");
    }

    [Test]
    public void An_empty_file_named_zip_is_refused_as_not_a_readable_zip()
    {
        Handins.File("bob.zip", []);

        Single(Discover()).Message.Should().StartWith("'bob.zip' is not a readable zip");
    }

    [TestCase("../evil.cs")]
    [TestCase("src/../../evil.cs")]
    [TestCase("/etc/evil.cs")]
    [TestCase("..\\evil.cs")]
    [TestCase("C:/evil.cs")]
    public void A_zip_slip_entry_refuses_the_zip(string entry)
    {
        Handins.File("mallory.zip", HandinFolder.ZipBytes(("Foo.cs", Encoding.UTF8.GetBytes(Foo)), (entry, Encoding.UTF8.GetBytes(Foo))));

        var result = Discover();

        result.Handins.Should().BeEmpty();
        Single(result).Message.Should().Be(
            $"'mallory.zip' holds the entry '{entry}', whose path is absolute or climbs out with '..' (a zip-slip attack?); it was not graded.");
    }

    [Test]
    public void A_zip_bomb_entry_is_refused_naming_the_entry_its_size_and_the_limit()
    {
        Handins.File("bomb.zip", HandinFolder.ZipBytes(("Foo.cs", Encoding.UTF8.GetBytes(Foo)), ("Big.cs", new byte[10_000_000])));
        new FileInfo(Handins.PathOf("bomb.zip")).Length.Should().BeLessThan(100_000, "the bomb is small on disk");

        var result = Discover();

        result.Handins.Should().BeEmpty();
        Single(result).Message.Should().Be("'Big.cs' in 'bomb.zip' is 9.5 MiB; a .cs file may be at most 512 KiB, so the hand-in was not graded.");
    }

    [Test]
    public void A_zip_entry_that_holds_more_than_its_header_says_is_read_only_up_to_the_cap()
    {
        var counting = new CountingStream(new MemoryStream(new byte[10_000_000]));

        var bytes = StudentFile.ReadCapped(counting, 1000);

        bytes.Should().BeNull();
        counting.BytesRead.Should().Be(1001);
        StudentFile.ReadCapped(new MemoryStream(new byte[1000]), 1000).Should().HaveCount(1000);
    }

    [Test]
    public void A_zip_entry_whose_header_understates_its_size_is_refused_as_corrupt()
    {
        var bytes = HandinFolder.ZipBytes(("Big.cs", Encoding.ASCII.GetBytes("// " + new string('x', 10_000_000))));
        PatchUncompressedSize(bytes, 100);
        Handins.File("liar.zip", bytes);

        var result = Discover();

        result.Handins.Should().BeEmpty();
        Single(result).Message.Should().Be(
            "'Big.cs' in 'liar.zip' is corrupt (its CRC-32 does not match its header; it may also be cut short by a false size), so the hand-in was not graded.");
    }

    [Test]
    public void A_zip_entry_with_a_flipped_byte_is_refused_as_corrupt()
    {
        var bytes = StoredZip("Foo.cs", Foo);
        int at = Encoding.Latin1.GetString(bytes).IndexOf("public sealed", StringComparison.Ordinal);
        bytes[at] = (byte)'P';
        Handins.File("bob.zip", bytes);

        Single(Discover()).Message.Should().StartWith("'Foo.cs' in 'bob.zip' is corrupt (its CRC-32 does not match");
    }

    [Test]
    public void A_zip_whose_cs_files_add_up_to_more_than_the_hand_in_limit_is_refused()
    {
        var limits = DiscoveryLimits.Default with { MaxFileBytes = 1000, MaxHandinBytes = 1500 };
        Handins.Zip("bob.zip", ("A.cs", new string('a', 800)), ("B.cs", new string('b', 800)));

        Single(Discover(limits)).Message.Should().Be("The .cs files of 'bob.zip' add up to more than 1.5 KiB, the most a hand-in may hold, so it was not graded.");
    }

    [Test]
    public void A_zip_with_more_entries_than_the_limit_is_refused()
    {
        Handins.Zip("bob.zip", Enumerable.Range(1, 6).Select(i => ($"F{i}.cs", Foo)).ToArray());

        Single(Discover(DiscoveryLimits.Default with { MaxZipEntries = 5 })).Message.Should().Be(
            "'bob.zip' holds 6 entries; a zip may hold at most 5, so it was not graded.");
    }

    [Test]
    public void A_zip_larger_than_the_limit_on_disk_is_refused_before_it_is_opened()
    {
        var random = new byte[3000];
        new Random(1).NextBytes(random);
        Handins.File("bob.zip", random);

        Single(Discover(DiscoveryLimits.Default with { MaxZipBytes = 2048 })).Message.Should().Be(
            "'bob.zip' is 2.9 KiB; a zip may be at most 2 KiB, so it was not graded.");
    }

    [Test]
    public void An_encrypted_zip_is_refused()
    {
        var bytes = HandinFolder.ZipBytes(("Foo.cs", Encoding.UTF8.GetBytes(Foo)));
        SetEncryptedFlag(bytes);
        Handins.File("bob.zip", bytes);

        Single(Discover()).Message.Should().Be(
            "'bob.zip' is password-protected (its entry 'Foo.cs' is encrypted); ask for a zip without a password. It was not graded.");
    }

    [Test]
    public void A_zip_with_two_entries_of_the_same_path_is_refused()
    {
        Handins.Zip("bob.zip", ("Foo.cs", Foo), ("Foo.cs", Bar));

        Single(Discover()).Message.Should().Be("'bob.zip' holds two entries named 'Foo.cs'; it was not graded.");
    }

    [Test]
    public void A_zip_with_a_single_top_folder_has_it_stripped()
    {
        Handins.Zip("alice.zip", ("alice/", ""), ("alice/Foo.cs", Foo), ("alice/Sub/Bar.cs", Bar));

        var result = Discover();

        result.Problems.Should().BeEmpty();
        result.Handins.Single().Source.Files.Should().Equal(new HandinFile("Foo.cs", Foo), new HandinFile("Sub/Bar.cs", Bar));
    }

    [Test]
    public void A_zip_skips_macOS_metadata_hidden_files_and_build_output_before_stripping_the_top_folder()
    {
        Handins.Zip(
            "alice.zip",
            ("handin/Foo.cs", Foo),
            ("__MACOSX/handin/._Foo.cs", "\0\u0005binary"),
            ("handin/._Foo.cs", "\0\u0005binary"),
            ("handin/obj/Debug/Gen.cs", "generated"),
            ("handin/.vs/x.cs", "hidden"));

        var result = Discover();

        result.Problems.Should().BeEmpty();
        result.Handins.Single().Source.Files.Should().Equal(new HandinFile("Foo.cs", Foo));
    }

    [Test]
    public void Two_top_folders_in_a_zip_are_kept()
    {
        Handins.Zip("alice.zip", ("a/Foo.cs", Foo), ("b/Bar.cs", Bar));

        Discover().Handins.Single().Source.Files.Select(f => f.Path).Should().Equal("a/Foo.cs", "b/Bar.cs");
    }

    [Test]
    public void A_zip_with_backslash_separators_reads_as_folders()
    {
        Handins.Zip("alice.zip", ("Sub\\Bar.cs", Bar), ("Foo.cs", Foo));

        Discover().Handins.Single().Source.Files.Select(f => f.Path).Should().Equal("Foo.cs", "Sub/Bar.cs");
    }

    [Test]
    public void Non_CSharp_entries_of_a_zip_are_listed_in_a_note_by_their_path_in_the_zip()
    {
        var zip = Handins.Zip("alice.zip", ("alice/Foo.cs", Foo), ("alice/report.pdf", "x"));

        Single(Discover()).Should().Be(new InputProblem(zip, "alice", "Left out 1 file of 'alice.zip' that is not C#: alice/report.pdf.", Skipped: false));
    }

    // ---- content hash ----

    [Test]
    public void The_same_files_give_the_same_hash_from_a_folder_and_from_a_zip()
    {
        Handins.Folder("carol", ("Foo.cs", Foo), ("Sub/Bar.cs", Bar));
        Handins.Zip("dave.zip", ("dave/Foo.cs", Foo), ("dave/Sub/Bar.cs", Bar));
        Handins.Zip("erin.zip", ("Sub/Bar.cs", Bar), ("Foo.cs", Foo));
        Handins.Folder("frank", ("Foo.cs", Foo), ("Sub/Bar.cs", Bar + " "));

        var byStudent = Discover().Handins.ToDictionary(h => h.Student, h => h.ContentHash);

        byStudent["carol"].Should().MatchRegex("^[0-9a-f]{64}$");
        byStudent["dave"].Should().Be(byStudent["carol"]);
        byStudent["erin"].Should().Be(byStudent["carol"]);
        byStudent["frank"].Should().NotBe(byStudent["carol"]);
    }

    [Test]
    public void The_hash_is_SHA256_over_path_NUL_text_NUL_in_ordinal_path_order()
    {
        HandinContentHash.Of([new HandinFile("b.cs", "B"), new HandinFile("a.cs", "A")])
            .Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("a.cs\0A\0b.cs\0B\0"u8)));
    }

    [Test]
    public void The_hash_tells_a_moved_text_from_the_original()
    {
        HandinContentHash.Of([new HandinFile("a.cs", "xy")])
            .Should().NotBe(HandinContentHash.Of([new HandinFile("a.csx", "y")]));
    }

    // ---- two hand-ins for one student ----

    [Test]
    public void A_folder_and_a_zip_of_one_student_are_both_refused_with_one_message_naming_both()
    {
        Handins.Folder("alice", ("Foo.cs", Foo));
        var zip = Handins.Zip("alice.zip", ("Foo.cs", Foo));
        Handins.Folder("bob", ("Foo.cs", Foo));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("bob");
        Single(result).Should().Be(new InputProblem(
            zip,
            "alice",
            "Two hand-ins for the student 'alice': 'alice.zip' and 'alice/'; neither was graded. Keep the one that counts and run again.",
            Skipped: true));
    }

    [Test]
    public void Names_that_differ_only_in_case_are_one_student()
    {
        Handins.Folder("Alice", ("Foo.cs", Foo));
        Handins.Folder("alice", ("Foo.cs", Foo));

        var result = Discover();

        result.Handins.Should().BeEmpty();
        Single(result).Message.Should().Be(
            "Two hand-ins for the student 'Alice': 'Alice/' and 'alice/' (the names differ only in case); neither was graded. Keep the one that counts and run again.");
    }

    [Test]
    public void Three_hand_ins_for_one_student_are_all_refused()
    {
        Handins.Folder("alice", ("Foo.cs", Foo));
        Handins.Folder("ALICE", ("Foo.cs", Foo));
        Handins.Zip("Alice.zip", ("Foo.cs", Foo));

        Single(Discover()).Message.Should().StartWith("3 hand-ins for the student 'ALICE': 'ALICE/' and 'Alice.zip' and 'alice/' (the names differ only in case); none was graded.");
    }

    // ---- sizes ----

    [Test]
    public void A_huge_cs_file_in_a_folder_skips_the_hand_in_naming_file_size_and_limit()
    {
        var bob = Handins.Folder("bob", ("Foo.cs", Foo), ("Big.cs", "// " + new string('x', 600 * 1024)));
        Handins.Folder("alice", ("Foo.cs", Foo));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        Single(result).Should().Be(new InputProblem(bob, "bob", "'bob/Big.cs' is 600 KiB; a .cs file may be at most 512 KiB, so the hand-in was not graded.", Skipped: true));
    }

    [Test]
    public void Too_many_cs_files_skip_the_hand_in()
    {
        Handins.Folder("bob", Enumerable.Range(1, 5).Select(i => ($"F{i}.cs", Foo)).ToArray());

        Single(Discover(DiscoveryLimits.Default with { MaxFiles = 3 })).Message.Should().Be(
            "'bob/' holds more than 3 .cs files; a hand-in may hold at most 3, so it was not graded.");
    }

    [Test]
    public void Limits_must_be_positive()
    {
        Handins.Folder("alice", ("Foo.cs", Foo));

        var act = () => Discover(DiscoveryLimits.Default with { MaxFiles = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    // ---- student names ----

    [TestCase("bob\u0001")]
    [TestCase("bob\nsmith")]
    [TestCase("back\\slash")]
    [TestCase("   ")]
    public void A_hand_in_whose_name_is_unsafe_as_a_folder_name_is_refused(string name)
    {
        var path = Handins.Folder(name, ("Foo.cs", Foo));
        Handins.Folder("alice", ("Foo.cs", Foo));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        var problem = Single(result);
        problem.Path.Should().Be(StudentName.Escape(path, keepPathSeparators: true), "a path is shown escaped, never with a control character raw");
        problem.Student.Should().BeNull();
        problem.Skipped.Should().BeTrue();
        problem.Message.Should().MatchRegex(@"^'.*/' was not graded: its student name '.*' (contains|is empty).*, which is not safe as a folder name; rename it\.$");
        problem.Message.Should().NotContainAny("\u0001", "\n");
    }

    [Test]
    public void A_zip_named_only_dot_zip_after_a_space_is_refused_as_an_empty_name()
    {
        Handins.Zip(" .zip", ("Foo.cs", Foo));

        Single(Discover()).Message.Should().Be("' .zip' was not graded: its student name ' ' is empty, which is not safe as a folder name; rename it.");
    }

    [TestCase("Jürgen Groß")]
    [TestCase("李小龍")]
    [TestCase("o'brien (2)")]
    public void Other_unicode_names_are_kept(string name)
    {
        Handins.Folder(name, ("Foo.cs", Foo));

        var result = Discover();

        result.Problems.Should().BeEmpty();
        result.Handins.Single().Student.Should().Be(name);
    }

    // ---- text ----

    [Test]
    public void A_file_that_is_not_UTF8_is_graded_with_replacement_characters_and_a_note()
    {
        var latin1 = Encoding.Latin1.GetBytes("// Schöne Grüße\nnamespace Student;\n");
        Handins.FolderOfBytes("bob", ("Foo.cs", latin1));

        var result = Discover();

        result.Handins.Single().Source.Files.Single().Text.Should().Be("// Sch\uFFFDne Gr\uFFFD\uFFFDe\nnamespace Student;\n");
        Single(result).Message.Should().Be(
            "1 file of 'bob/' is not valid UTF-8 (Foo.cs); the invalid bytes were read as U+FFFD (comments in another encoding lose their special characters).");
    }

    [Test]
    public void Byte_order_marks_are_honoured_and_do_not_change_the_hash()
    {
        Handins.FolderOfBytes("plain", ("Foo.cs", Encoding.UTF8.GetBytes(Foo)));
        Handins.FolderOfBytes("utf8bom", ("Foo.cs", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Foo)]));
        Handins.FolderOfBytes("utf16", ("Foo.cs", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Foo)]));

        var result = Discover();

        result.Problems.Should().BeEmpty();
        result.Handins.Select(h => h.ContentHash).Distinct().Should().ContainSingle();
        result.Handins.Should().AllSatisfy(h => h.Source.Files.Single().Text.Should().Be(Foo));
    }

    [Test]
    public void A_binary_file_named_cs_skips_the_hand_in()
    {
        Handins.FolderOfBytes("bob", ("Foo.cs", [0x4D, 0x5A, 0x90, 0x00, 0x03]));

        Single(Discover()).Message.Should().Be("'bob/Foo.cs' is a binary file (it holds NUL bytes), not C# source, so the hand-in was not graded.");
    }

    // ---- symbolic links ----

    [Test]
    public void A_symbolic_link_out_of_the_hand_in_skips_it()
    {
        var secret = Handins.PathOf("secret.txt");
        File.WriteAllText(secret, "password");
        var bob = Handins.Folder("bob", ("Foo.cs", Foo));
        File.CreateSymbolicLink(Path.Combine(bob, "Steal.cs"), secret);
        Handins.Folder("alice", ("Foo.cs", Foo));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        result.Problems.Should().ContainSingle(p => p.Student == "bob").Which.Message.Should().Be(
            $"'bob/Steal.cs' is a symbolic link to '{secret}', outside the hand-in; links are not followed out of a hand-in, so it was not graded.");
    }

    [Test]
    public void A_symbolic_folder_link_out_of_the_hand_in_skips_it()
    {
        var bob = Handins.Folder("bob", ("Foo.cs", Foo));
        var alice = Handins.Folder("alice", ("Foo.cs", Foo));
        Directory.CreateSymbolicLink(Path.Combine(bob, "Copied"), alice);

        var result = Discover();

        result.Problems.Should().ContainSingle(p => p.Student == "bob").Which.Message.Should().StartWith("'bob/Copied' is a symbolic link to ");
        result.Handins.Select(h => h.Student).Should().Equal("alice");
    }

    [Test]
    public void A_symbolic_link_inside_the_hand_in_is_left_out_with_a_note()
    {
        var bob = Handins.Folder("bob", ("Foo.cs", Foo), ("Sub/Bar.cs", Bar));
        File.CreateSymbolicLink(Path.Combine(bob, "Again.cs"), "Sub/Bar.cs");

        var result = Discover();

        result.Handins.Single().Source.Files.Select(f => f.Path).Should().Equal("Foo.cs", "Sub/Bar.cs");
        Single(result).Should().Be(new InputProblem(bob, "bob", "Left out 1 symbolic link inside 'bob/' (links are not followed): Again.cs → Sub/Bar.cs.", Skipped: false));
    }

    // ---- special files and hard links (issue 67) ----

    [TestCase("bob/Pipe.cs", "'bob/Pipe.cs' is a FIFO (named pipe), not a plain file; it was not opened, so the hand-in was not graded.")]
    [TestCase("bob.zip", "'bob.zip' is a FIFO (named pipe), not a plain file; it was not opened, so it was not graded.")]
    public void A_fifo_named_like_a_cs_file_or_a_zip_refuses_the_hand_in_without_being_opened(string fifo, string message)
    {
        if (fifo.Contains('/', StringComparison.Ordinal))
        {
            Handins.Folder("bob", ("Foo.cs", Foo));
        }

        SpecialFiles.Fifo(Handins.PathOf(fifo));
        Handins.Folder("alice", ("Foo.cs", Foo));

        var result = Discover(); // opening the FIFO would block here for ever

        result.Handins.Select(h => h.Student).Should().Equal("alice");
        result.Problems.Should().ContainSingle(p => p.Student == "bob").Which.Message.Should().Be(message);
    }

    [Test]
    public void A_hard_link_to_a_tutors_file_refuses_the_hand_in()
    {
        var solution = Handins.PathOf(".solution.cs"); // hidden: not a hand-in
        File.WriteAllText(solution, "namespace Student; public sealed class Solved { }");
        var bob = Handins.Folder("bob", ("Foo.cs", Foo));
        SpecialFiles.HardLink(solution, Path.Combine(bob, "Solved.cs"));

        var result = Discover();

        result.Handins.Should().BeEmpty("the tutor's file is never graded as bob's");
        Single(result).Message.Should().Be(
            "'bob/Solved.cs' is a hard link (a file with 2 names, the others possibly outside the hand-in), not a file of its own; it was not opened, so the hand-in was not graded.");
    }

    [Test]
    public void The_student_file_reader_refuses_a_fifo_a_device_and_a_link_and_reads_a_plain_file()
    {
        var fifo = Handins.PathOf("pipe");
        SpecialFiles.Fifo(fifo);
        var plain = Handins.PathOf("plain.txt");
        File.WriteAllText(plain, "0123456789");
        var link = Handins.PathOf("link.txt");
        File.CreateSymbolicLink(link, plain);

        StudentFile.Refusal(fifo).Should().Be("a FIFO (named pipe), not a plain file");
        StudentFile.Refusal("/dev/zero").Should().Be("a character device, not a plain file");
        StudentFile.Refusal(link).Should().StartWith("a symbolic link");
        StudentFile.Refusal(plain).Should().BeNull();
        ((Action)(() => StudentFile.Read(fifo, 100))).Should().Throw<IOException>().WithMessage("it is a FIFO (named pipe), not a plain file; it was not opened");
        ((Action)(() => StudentFile.Read("/dev/zero", 100))).Should().Throw<IOException>();
        StudentFile.Read(plain, 100).Should().Equal("0123456789"u8.ToArray());
        StudentFile.Read(plain, 5).Should().BeNull("more than the cap");
    }

    // ---- helpers ----

    /// <summary>Sets the "encrypted" bit of every local and central header (the entries are not really encrypted).</summary>
    private static void SetEncryptedFlag(byte[] zip)
    {
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x03 && zip[i + 3] == 0x04)
            {
                zip[i + 6] |= 1;
            }
            else if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x01 && zip[i + 3] == 0x02)
            {
                zip[i + 8] |= 1;
            }
        }
    }

    /// <summary>Makes the (single) entry's local and central headers claim <paramref name="size"/> decompressed bytes.</summary>
    private static void PatchUncompressedSize(byte[] zip, int size)
    {
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x03 && zip[i + 3] == 0x04)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size).Should().BeTrue();
            }
            else if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x01 && zip[i + 3] == 0x02)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size).Should().BeTrue();
            }
        }
    }

    private static byte[] StoredZip(string name, string text)
    {
        using var memory = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = archive.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return memory.ToArray();
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public void Names_with_bidi_or_zero_width_characters_are_refused_escaped_and_names_equal_after_composition_refused_together()
    {
        Handins.Folder("bob\u202Egnp", ("A.cs", "class A { }"));
        Handins.Folder("al\u200Bice", ("A.cs", "class A { }"));
        Handins.Folder("Rene\u0301", ("A.cs", "class A { }"));
        Handins.Folder("ren\u00E9", ("A.cs", "class A { }"));
        Handins.Folder("carol", ("A.cs", "class A { }"));

        var result = Discover();

        result.Handins.Select(h => h.Student).Should().Equal("carol");
        var refused = result.Problems.Where(p => p.Skipped).ToArray();
        refused.Select(p => p.Handin).Should().BeEquivalentTo(["bob[U+202E]gnp", "al[U+200B]ice", "Ren\u00E9"]);
        refused.Single(p => p.Handin == "bob[U+202E]gnp").Message.Should().Contain("U+202E RIGHT-TO-LEFT OVERRIDE");
        refused.Single(p => p.Handin == "al[U+200B]ice").Message.Should().Contain("U+200B ZERO WIDTH SPACE");
        refused.Single(p => p.Handin == "Ren\u00E9").Message.Should().StartWith("Two hand-ins for the student").And.Contain("Unicode");
        foreach (var problem in result.Problems)
        {
            (problem.Path + problem.Student + problem.Message).Should().NotContainAny("\u202E", "\u200B");
        }
    }
}
