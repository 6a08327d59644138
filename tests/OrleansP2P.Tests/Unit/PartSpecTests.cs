using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Unit;

public sealed class PartSpecTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(1_000_003L)]
    public void The_parts_of_a_file_are_contiguous_and_cover_it_exactly(long size)
    {
        for (var count = 1; count <= 5; count++)
        {
            long next = 0;
            for (var index = 1; index <= count; index++)
            {
                var (offset, length) = new PartSpec(index, count).RangeIn(size);
                Assert.Equal(next, offset);
                Assert.True(length >= 0);
                next = offset + length;
            }

            Assert.Equal(size, next);
        }
    }

    [Fact]
    public void Parts_differ_in_size_by_at_most_one_byte()
    {
        var lengths = Enumerable.Range(1, 3).Select(i => new PartSpec(i, 3).RangeIn(100).Length).ToList();
        Assert.True(lengths.Max() - lengths.Min() <= 1);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 2, true)]
    [InlineData(0, 2, false)]
    [InlineData(3, 2, false)]
    [InlineData(1, 0, false)]
    [InlineData(1, PartSpec.MaxCount + 1, false)]
    public void Only_i_of_n_with_1_le_i_le_n_is_valid(int index, int count, bool valid) =>
        Assert.Equal(valid, new PartSpec(index, count).IsValid);

    [Fact]
    public void A_part_prints_as_i_slash_n() => Assert.Equal("1/2", new PartSpec(1, 2).ToString());
}
