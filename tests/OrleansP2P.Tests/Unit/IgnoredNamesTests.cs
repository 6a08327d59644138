using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Tests.Unit;

/// <summary>Editors' temporary names are never shared; everything else that is a file name is.</summary>
public sealed class IgnoredNamesTests
{
    [Theory]
    [InlineData(".File3.txt.swp")]
    [InlineData("File3.txt~")]
    [InlineData(".#File3.txt")]
    [InlineData("~$Report.docx")]
    [InlineData("File3.txt.tmp")]
    public void The_default_patterns_ignore_editors_temporary_files(string name) =>
        Assert.True(new IgnoredNames(IgnoredNames.DefaultPatterns).IsIgnored(name));

    [Theory]
    [InlineData("File3.txt")]
    [InlineData("notes.tmp.txt")]
    [InlineData("a~b.txt")]
    [InlineData("File2.txt.part1of2")]
    public void Ordinary_names_are_not_ignored(string name) =>
        Assert.False(new IgnoredNames(IgnoredNames.DefaultPatterns).IsIgnored(name));

    [Fact]
    public void Patterns_are_configurable_with_star_and_question_mark_and_nothing_else_is_special()
    {
        var ignored = new IgnoredNames(" *.bak ; draft?.txt ;; a+b(c).txt");

        Assert.Equal<string>(["*.bak", "draft?.txt", "a+b(c).txt"], ignored.Patterns);
        Assert.True(ignored.IsIgnored("File3.bak"));
        Assert.True(ignored.IsIgnored("draft1.txt"));
        Assert.False(ignored.IsIgnored("draft12.txt"));
        Assert.True(ignored.IsIgnored("a+b(c).txt"));
        Assert.False(ignored.IsIgnored("aab(c).txt"));
        Assert.False(ignored.IsIgnored("File3.tmp"));
        Assert.False(IgnoredNames.None.IsIgnored("File3.tmp"));
    }

    [Fact]
    public void A_folder_scan_skips_ignored_names_and_does_not_report_them_as_unsharable()
    {
        var root = Path.Combine(Path.GetTempPath(), "orleansp2p-unit", Guid.NewGuid().ToString("N"));
        var folder = new PeerFolder(root);
        folder.EnsureCreated();
        try
        {
            File.WriteAllText(Path.Combine(root, "File3.txt"), "shared");
            File.WriteAllText(Path.Combine(root, "File3.txt.tmp"), "an editor's save in progress");
            File.WriteAllText(Path.Combine(root, "~$File3.txt"), "a lock file");
            var ignored = new IgnoredNames(IgnoredNames.DefaultPatterns);

            Assert.Equal(["File3.txt"], folder.Scan(ignored).Select(s => s.StoredName));
            Assert.Empty(folder.FindUnsharableNames(ignored));
            Assert.True(PeerFolder.IsCandidate("File3.txt", ignored));
            Assert.False(PeerFolder.IsCandidate("Tracker.txt", ignored));
            Assert.False(PeerFolder.IsCandidate(".p2p", ignored));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void One_pattern_set_is_compiled_once_for_the_whole_process()
    {
        var first = IgnoredNames.For(" *.bak ; draft?.txt ");

        Assert.Same(first, IgnoredNames.For(" *.bak ; draft?.txt "));
        Assert.NotSame(first, IgnoredNames.For("*.bak"));
        Assert.True(first.IsIgnored("File3.bak"));
        Assert.Same(IgnoredNames.For(IgnoredNames.DefaultPatterns), IgnoredNames.For(IgnoredNames.DefaultPatterns));
    }
}
