namespace SliceMoE.Reporting.Charts;

/// <summary>Point marker shapes; series cycle through them so that series differ by shape as well as colour.</summary>
public enum MarkerShape
{
    /// <summary>A filled circle.</summary>
    Circle,

    /// <summary>A filled square.</summary>
    Square,

    /// <summary>A filled upward triangle.</summary>
    Triangle,

    /// <summary>A filled diamond.</summary>
    Diamond,

    /// <summary>A filled downward triangle.</summary>
    TriangleDown,

    /// <summary>An x-shaped cross (stroked).</summary>
    Cross,
}
