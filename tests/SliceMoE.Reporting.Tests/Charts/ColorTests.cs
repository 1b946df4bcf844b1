using SliceMoE.Reporting.Charts;

namespace SliceMoE.Tests.Reporting.Charts;

public class ColorTests
{
    [Fact]
    public void Palette_cycles_and_handles_negative_indices()
    {
        Assert.Equal("#0072B2", Palette.Color(0));
        Assert.Equal(Palette.Color(0), Palette.Color(Palette.OkabeIto.Count));
        Assert.Equal(Palette.Color(Palette.OkabeIto.Count - 1), Palette.Color(-1));
    }

    [Fact]
    public void Scale_ends_at_its_stops_and_interpolates_between()
    {
        var s = new ColorScale(["#000000", "#ffffff"]);
        Assert.Equal("#000000", s.At(0));
        Assert.Equal("#ffffff", s.At(1));
        Assert.Equal("#808080", s.At(0.5));
        Assert.Equal("#ffffff", s.At(7));
        Assert.Equal("#000000", s.At(-1));
        Assert.Equal("#f0f0f0", s.At(double.NaN));
    }

    [Fact]
    public void Luminance_orders_dark_below_light()
    {
        Assert.Equal(0, ColorScale.Luminance("#000000"), 12);
        Assert.Equal(1, ColorScale.Luminance("#ffffff"), 12);
        Assert.True(ColorScale.Luminance(ColorScale.Blues.At(1)) < ColorScale.Luminance(ColorScale.Blues.At(0)));
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#gggggg")]
    public void Bad_colours_are_rejected(string bad)
    {
        Assert.Throws<ArgumentException>(() => new ColorScale(["#000000", bad]));
    }
}
