namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Places point labels greedily so that they overlap neither each other nor the points: for each label it
/// tries eight positions around its point (right first) and takes the first free one inside the plot, or
/// the least-overlapping one. Deterministic: the same points in the same order give the same layout.
/// </summary>
internal sealed class LabelPlacer
{
    private readonly List<Rect> _occupied = [];
    private readonly Rect _bounds;

    public LabelPlacer(double left, double top, double right, double bottom) => _bounds = new Rect(left, top, right, bottom);

    public void Reserve(double cx, double cy, double r) => _occupied.Add(new Rect(cx - r, cy - r, cx + r, cy + r));

    /// <summary>Chooses where to draw <paramref name="width"/>×<paramref name="height"/> text for the point at (cx, cy); returns the anchor point and text-anchor.</summary>
    public (double X, double Y, string Anchor) Place(double cx, double cy, double r, double width, double height)
    {
        double g = r + 3, line = height;
        // (dx, dy) of the text's anchor from the point, y on the baseline; nearest slots first, then slots one
        // and two lines up or down on either side, so that a tight cluster still finds a free slot for each label.
        (double Dx, double Dy, string Anchor)[] candidates =
        [
            (g, height * 0.35, "start"),
            (-g, height * 0.35, "end"),
            (0, -g, "middle"),
            (0, g + (height * 0.8), "middle"),
            (g, (height * 0.35) - line, "start"),
            (g, (height * 0.35) + line, "start"),
            (-g, (height * 0.35) - line, "end"),
            (-g, (height * 0.35) + line, "end"),
            (0, -g - line, "middle"),
            (0, g + (height * 0.8) + line, "middle"),
            (g, (height * 0.35) - (2 * line), "start"),
            (g, (height * 0.35) + (2 * line), "start"),
            (-g, (height * 0.35) - (2 * line), "end"),
            (-g, (height * 0.35) + (2 * line), "end"),
        ];

        Rect best = default;
        (double, double, string) bestPlace = (cx + candidates[0].Dx, cy + candidates[0].Dy, candidates[0].Anchor);
        double bestCost = double.PositiveInfinity;
        foreach (var (dx, dy, anchor) in candidates)
        {
            double x = cx + dx, baseline = cy + dy;
            double left = anchor switch { "start" => x, "end" => x - width, _ => x - (width / 2) };
            var box = new Rect(left, baseline - (height * 0.8), left + width, baseline + (height * 0.2));
            double cost = _occupied.Sum(o => o.Overlap(box)) + (box.Area - box.Overlap(_bounds)) * 4;
            if (cost < bestCost)
            {
                bestCost = cost;
                best = box;
                bestPlace = (x, baseline, anchor);
                if (cost == 0)
                {
                    break;
                }
            }
        }

        _occupied.Add(best);
        return bestPlace;
    }

    private readonly record struct Rect(double Left, double Top, double Right, double Bottom)
    {
        public double Area => (Right - Left) * (Bottom - Top);

        public double Overlap(Rect o)
        {
            double w = Math.Min(Right, o.Right) - Math.Max(Left, o.Left);
            double h = Math.Min(Bottom, o.Bottom) - Math.Max(Top, o.Top);
            return w > 0 && h > 0 ? w * h : 0;
        }
    }
}
